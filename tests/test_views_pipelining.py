"""Chapter 4's widget: memory per GPU and time per token against pipeline stages."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin import attention, pipelining
from llm_napkin.catalogs import hardware, models
from llm_napkin.catalogs.precision import PRECISIONS
from llm_napkin.show import charts, live
from llm_napkin.show.views import pipelining as view_module

from helpers import control_values, item, markers


def test_memory_panel_draws_the_lecture_formula():
    chart, text = view_module.view(**view_module.DEFAULTS)
    grown = item(chart, 0, "256 sequences per stage")
    fixed = item(chart, 0, "512 in all")
    weights_only = item(chart, 0, "weights alone")
    dot, = markers(chart, 0)
    k2 = models.get("Kimi K2")
    # Kimi K2 in fp8 (1.04 TB) over one stage of 72 GPUs: 14.4 GB per GPU for the weights.
    assert weights_only.y[0] == pytest.approx(1.04e12 / 72 / 1e9)
    # With 256 sequences per stage the cache part stays put: 256 x 32,768 x KV bytes / 72.
    kv_gb = 256 * 32_768 * attention.kv_bytes_per_token(k2) / 72 / 1e9
    assert np.allclose(grown.y - weights_only.y, kv_gb)
    # With 512 sequences in all, the cache part falls as 1/stages.
    assert np.allclose((fixed.y - weights_only.y) * view_module.STAGES, 2 * kv_gb)
    assert dot.x == 2 and dot.y == pytest.approx(grown.y[1])
    assert item(chart, 0, "HBM of one GB200 NVL72").y == pytest.approx(186)
    assert "fits in 186 GB" in text


def test_time_panel_shows_stages_add_no_speed():
    chart, _ = view_module.view(**view_module.DEFAULTS)
    pipelined = item(chart, 1, "256 sequences per stage, pipelined")
    one_domain = item(chart, 1, "the same GPUs as one scale-up domain")
    # The first stage count is the same deployment both ways.
    assert pipelined.y[0] == pytest.approx(one_domain.y[0])
    # Pipelined, the time per token hardly moves; in one domain it falls until reading the
    # KV cache, which grows with the batch, is most of the step.
    assert pipelined.y[-1] / pipelined.y[0] == pytest.approx(1, abs=0.01)
    assert np.all(np.diff(one_domain.y) < 0) and one_domain.y[-1] < pipelined.y[-1] / 2
    gb200, k2 = hardware.get("GB200 NVL72"), models.get("Kimi K2")
    floor = pipelining.domain_weight_read_time(k2.weight_bytes("fp8"), 72, gb200.hbm_bandwidth)
    assert pipelined.y[0] / 1e3 > floor  # never faster than reading the weights once
    dot, = markers(chart, 1)
    assert dot.y == pytest.approx(pipelined.y[1])


def test_readout_splits_memory_and_time():
    text = view_module.view()[1]
    assert text.startswith("2 stages × 72 GPUs, 512 sequences of 32,768 tokens: 15.4 GB per GPU "
                           "(7.22 GB weights + 8.19 GB KV cache)")
    # One hop: 256 sequences / 72 GPUs x 7,168 activations x 2 bytes at 50 GB/s = 1.02 µs.
    assert "of which 1.02 µs crossing between stages" in text
    assert "26 times as long on the fast network" in text
    assert view_module.view(stages=1)[1].startswith("1 stage × 72 GPUs")


def test_readout_says_plainly_when_memory_does_not_fit():
    text = view_module.view(batch=2**16, context=2**20)[1]
    assert "does NOT fit in the 186 GB of HBM of one GB200 NVL72" in text


def test_dense_model_has_no_all_to_all_to_compare():
    assert "Llama 3.1 405B is dense" in view_module.view(model="Llama 3.1 405B")[1]


def test_counts_are_whole_numbers():
    for name in ("stages", "expert_ways", "batch", "context"):
        assert view_module.LIVE.controls[name].integer
    assert view_module.view(stages=2.6)[1].startswith("3 stages")


def test_a_chip_without_the_precision_is_refused_with_a_message():
    with pytest.raises(ValueError, match="TPU v5e has no 'fp8'"):
        view_module.view(chip="TPU v5e", precision="fp8")
    chip_table = live.compile_view(view_module.LIVE)["tables"][0]
    key = f"{hardware.names().index('TPU v5e')},{PRECISIONS.index('fp8')}"
    assert "TPU v5e has no 'fp8'" in chip_table["rows"][key]["error"]


@given(values=control_values(view_module.explorer().controls))
@settings(max_examples=25, deadline=None)
def test_random_control_values_draw_or_refuse_with_a_message(values):
    try:
        chart, text = view_module.view(**values)
    except ValueError as error:
        assert "has no" in str(error)
    else:
        plt.close(charts.draw(chart))
        assert " per GPU (" in text and "Time per token" in text
