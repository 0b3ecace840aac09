import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import scaleup
from llm_napkin.catalogs import hardware, systems


def test_nvl72_links_and_switch_chips_match_the_published_counts():
    nvl72 = systems.get("GB200 NVL72")
    assert scaleup.links(nvl72.gpus, nvl72.links_per_gpu) == 72 * 18 == 1296
    assert scaleup.switch_chips_needed(72, 18, 72) == nvl72.switch_chips == 18
    # one tier of 72-port chips reaches exactly 72 GPUs: the NVL72 sits at that limit
    assert scaleup.largest_single_tier(nvl72.ports_per_switch) == nvl72.gpus


def test_eight_gpu_servers():
    b200 = systems.get("DGX B200")
    assert scaleup.switch_chips_needed(8, 18, 72) == b200.switch_chips == 2
    h100 = systems.get("DGX H100")
    # 144 links fit in 3 chips of 64 ports; the server has 4 (the spare ports go outside)
    assert scaleup.switch_chips_needed(8, 18, 64) == 3 < h100.switch_chips


def test_two_tier_network_by_hand():
    # 576 GPUs x 18 links with 72-port chips: 288 leaves (36 ports down each), 144 spines
    assert scaleup.two_tier_switch_chips(576, 18, 72) == 432
    assert scaleup.two_tier_links(576, 18) == 2 * 576 * 18
    assert scaleup.two_tier_switch_chips(144, 18, 72) == 3 * scaleup.switch_chips_needed(144, 18, 72)


@given(gpus=st.integers(1, 4096), links=st.integers(1, 36), ports=st.sampled_from([36, 64, 72,
                                                                                      144]))
def test_two_tiers_need_at_least_three_times_the_chips_of_one(gpus, links, ports):
    one = scaleup.switch_chips_needed(gpus, links, ports)
    assert scaleup.two_tier_switch_chips(gpus, links, ports) >= 3 * one - 2  # rounding at the top
    assert scaleup.two_tier_switch_chips(gpus, links, ports) <= 3 * one + 2


def test_formulas_accept_symbols():
    n, l, p = sp.symbols("n l p", positive=True)
    assert scaleup.links(n, l) == n * l
    assert scaleup.switch_chips_needed(n, l, p) == sp.ceiling(n * l / p)


def test_every_figure_has_a_source_and_the_chips_exist():
    for system in systems.SYSTEMS:
        for figure in system.FIGURES:
            if getattr(system, figure) is not None:
                assert len(system.source(figure)) > 20, (system.name, figure)
            else:
                with pytest.raises(ValueError, match=f"gives no {figure}"):
                    system.source(figure)
        if system.chip is not None:
            chip = hardware.get(system.chip)
            assert chip.scaleup_bandwidth == system.scaleup_bandwidth
            assert chip.scaleup_domain == system.gpus


def test_lookup_and_bad_input():
    assert systems.get("nvl72").name == "GB200 NVL72"
    with pytest.raises(ValueError, match="known systems: DGX H100, DGX B200"):
        systems.get("NVL1000")
    with pytest.raises(ValueError, match="figure must be one of"):
        systems.get("DGX H100").source("colour")
    with pytest.raises(ValueError, match="ports_per_switch"):
        scaleup.switch_chips_needed(72, 18, 0)
    with pytest.raises(ValueError, match="gpus"):
        scaleup.links(-8, 18)
