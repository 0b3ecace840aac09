"""Build each chapter's widget headlessly, move its controls, and check what it shows."""

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin.catalogs import hardware
from llm_napkin.catalogs.precision import PRECISIONS
from llm_napkin.show import charts, live
from llm_napkin.show.views import batching

from helpers import control_values, item, markers, y_at


def test_batching_view_draws_the_default_figure_and_readout():
    chart, text = batching.view(**batching.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "Llama 3.1 70B in bf16 on 4 × H100 SXM"
    assert "memory bound" in text and "per M tokens" in text


def test_batching_readout_follows_its_controls():
    assert batching.view(batch=4096)[1].startswith("Batch 4,096 ")
    assert "compute bound" in batching.view(batch=4096, context=128)[1]
    assert "weights 1.34 TB" in batching.view(model="DeepSeek-V3")[1]


def test_batching_readout_says_plainly_when_the_cache_does_not_fit():
    assert "fits, with room for 532 sequences" in batching.view()[1]
    assert "does NOT fit; only 532 sequences" in batching.view(batch=4096)[1]


def test_batching_refuses_a_chip_without_the_precision_with_a_message():
    with pytest.raises(ValueError, match="TPU v5e has no 'fp8'"):
        batching.view(chip="TPU v5e", precision="fp8")
    spec = live.compile_view(batching.LIVE)
    chip_table = spec["tables"][0]
    key = f"{hardware.names().index('TPU v5e')},{PRECISIONS.index('fp8')}"
    assert chip_table["keys"] == ["chip", "precision"]
    assert "TPU v5e has no 'fp8'" in chip_table["rows"][key]["error"]


def test_batching_counts_are_whole_numbers():
    assert batching.view(batch=100.6)[1].startswith("Batch 101 ")
    assert all(isinstance(batching.LIVE.controls[k], live.Slider) and
               batching.LIVE.controls[k].integer for k in ("batch", "context"))


# -- What the chart draws ------------------------------------------------------------------------
# Llama 3.1 70B in bf16 on 4 H100s (80 GB, 3.35 TB/s, 989.4 TFLOP/s each): 70.6e9 weights,
# 141.2 GB; its KV cache holds 80 layers x 8 KV heads x 128 x (key + value) x 2 bytes = 327,680
# bytes per token.

def test_the_compute_floor_is_the_cost_at_the_knee():
    chart, _ = batching.view(**batching.DEFAULTS)
    floor = item(chart, 0, "compute floor").y
    # At the knee a step takes as long to multiply as to read the weights, so per token it costs
    # price x 2 FLOP x 70.6e9 / 989.4e12 FLOP/s (the chip count cancels):
    # $2 / 3600 s x 1.412e11 / 9.894e14 = $7.93e-8 per token = $0.0793 per million.
    assert floor == pytest.approx(2 / 3600 * 2 * 70.6e9 / 989.4e12 * 1e6)
    # Without a KV cache the cost curve reaches the floor once compute bound (batch 65,536).
    no_cache = item(chart, 0, "no KV cache")
    assert no_cache.y[-1] == pytest.approx(floor)
    assert np.all(no_cache.y >= floor * (1 - 1e-12))


def test_the_latency_floor_is_one_read_of_the_weights():
    chart, _ = batching.view(**batching.DEFAULTS)
    # 141.2 GB over 4 x 3.35 TB/s = 10.54 ms
    assert item(chart, 1, "weight read (latency floor)").y == pytest.approx(141.2e9 / 13.4e12 * 1e3)
    latency = item(chart, 1, "time per token")
    assert latency.y[0] == pytest.approx(
        (141.2e9 + 1024 * 327_680) / 13.4e12 * 1e3)  # batch 1 also reads one 1,024-token cache


def test_the_operating_point_sits_on_both_curves():
    chart, _ = batching.view(**batching.DEFAULTS)
    cost_dot, = markers(chart, 0)
    step_dot, = markers(chart, 1)
    # batch 64 at context 1,024: (141.2 GB + 64 x 1,024 x 327,680 B) / 13.4 TB/s = 12.14 ms;
    # 4 chips x $2/h / 3600 s x 12.14 ms / 64 tokens = $4.215e-7 per token.
    step = (141.2e9 + 64 * 1024 * 327_680) / 13.4e12
    assert step_dot.y == pytest.approx(step * 1e3)
    assert cost_dot.y == pytest.approx(4 * 2 / 3600 * step / 64 * 1e6)
    assert cost_dot.y == pytest.approx(y_at(item(chart, 0, "context 1,024"), 64), rel=1e-3)
    assert step_dot.y == pytest.approx(y_at(item(chart, 1, "time per token"), 64), rel=1e-3)


def test_the_shaded_band_starts_where_the_cache_fills_hbm():
    chart, _ = batching.view(**batching.DEFAULTS)
    band = item(chart, 0, "cache exceeds HBM")
    # (320 GB - 141.2 GB) / (1,024 x 327,680 B) = 532.9: 532 sequences fit
    assert band.start == 532
    wide = batching.view(**batching.DEFAULTS | dict(context=128))[0]
    assert item(wide, 0, "cache exceeds HBM").start == 4262  # 178.8e9 / (128 x 327,680) = 4,262.9


@given(values=control_values(batching.explorer().controls))
@settings(max_examples=25)
def test_random_control_values_draw_or_refuse_with_a_message(values):
    try:
        chart, text = batching.view(**values)
    except ValueError as error:
        assert "has no" in str(error)
    else:
        charts.draw(chart)
        assert text.startswith("Batch ")
