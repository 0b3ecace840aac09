import pytest

from llm_napkin import roofline
from llm_napkin.catalogs import hardware


def test_h100_bf16_ridge_is_about_295_flop_per_byte():
    # 989.4 TFLOP/s dense bf16 over 3.35 TB/s: the figure the lecture's "about 300" rests on.
    assert roofline.ridge_point(hardware.get("H100 SXM").bf16_flops, hardware.get("H100 SXM").hbm_bandwidth) == pytest.approx(295.3, abs=0.1)


def test_hbm_drain_times_by_hand():
    assert roofline.drain_time(hardware.get("H100").hbm_bytes, hardware.get("H100").hbm_bandwidth) == pytest.approx(80e9 / 3.35e12)
    assert roofline.drain_time(hardware.get("H200").hbm_bytes, hardware.get("H200").hbm_bandwidth) == pytest.approx(141e9 / 4.8e12)
    assert roofline.drain_time(hardware.get("B200").hbm_bytes, hardware.get("B200").hbm_bandwidth) == pytest.approx(180e9 / 8e12)


def test_nvidia_fp8_is_twice_bf16_and_blackwell_fp4_twice_fp8():
    for chip in hardware.CHIPS:
        if chip.fp8_flops is not None:
            assert chip.fp8_flops == pytest.approx(2 * chip.bf16_flops, rel=1e-3)
        if chip.fp4_flops is not None:
            # Blackwell Ultra (GB300) raised dense fp4 to 3 times fp8: 1,080 against 360 PFLOPS
            # per rack in NVIDIA's specifications.
            ratio = 3 if chip.name == "GB300 NVL72" else 2
            assert chip.fp4_flops == pytest.approx(ratio * chip.fp8_flops)


def test_every_chip_has_sources_and_sane_figures():
    for chip in hardware.CHIPS:
        assert chip.sources and all(len(source) > 20 for source in chip.sources)
        assert 1e14 < chip.bf16_flops < 1e16  # dense, per chip
        assert 1e10 < chip.hbm_bytes < 1e12
        assert 5e11 < chip.hbm_bandwidth < 2e13
        assert chip.scaleup_bandwidth > chip.scaleout_bandwidth > 0
        assert chip.scaleup_domain >= 8


def test_lookup_forgives_case_spaces_and_dashes():
    assert hardware.get("h100-sxm").name == "H100 SXM"
    assert hardware.get("gb200").name == "GB200 NVL72"
    assert hardware.get("TPU V5E").name == "TPU v5e"


@pytest.mark.parametrize("bad", ["H1000", "", None, 3])
def test_unknown_chip_lists_the_known_ones(bad):
    with pytest.raises(ValueError, match="known chips: A100 SXM, H100 SXM"):
        hardware.get(bad)


def test_missing_precision_says_which_the_chip_has():
    with pytest.raises(ValueError, match="TPU v5e has no 'fp8'.*bf16"):
        hardware.get("TPU v5e").flops("fp8")
    with pytest.raises(ValueError, match="has no 'fp4'"):
        hardware.get("H100").flops("fp4")
