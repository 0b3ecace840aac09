"""Build the chapter 2 widget headlessly, move its controls, and check what it shows."""

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin.show import charts
from llm_napkin.show.views import optimal_batch

from helpers import (REDRAW_BUDGET_S, control_values, item, markers, median_redraw,
                     redraw_never_raises)


def test_optimal_batch_view_draws_the_default_figure_and_readout():
    chart, text = optimal_batch.view(**optimal_batch.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "DeepSeek-V3 in fp8 on 32 × H100 SXM, context 1,024"
    # 295 FLOP/byte (bf16) is 591 in fp8, times half a byte per weight, times 671B / 37.6B.
    assert "Knee without KV cache: 5,280 tokens = ridge point 591 FLOP/byte × 0.50" in text
    assert "routed experts turn compute bound at 9,450 tokens" in text
    assert "256/8 times the 295" in text


def test_optimal_batch_knee_rises_with_context_until_none_is_compute_bound():
    short = optimal_batch.view(**optimal_batch.DEFAULTS | dict(context=16))[1]
    long = optimal_batch.view(**optimal_batch.DEFAULTS | dict(context=4096))[1]
    assert "moves it to 5,330 tokens" in short
    assert "no batch is compute bound" in long and "beyond 1,810 tokens" in long
    chart = optimal_batch.view(**optimal_batch.DEFAULTS | dict(context=4096))[0]
    knee_marker = chart.panels[0].items[-1]
    assert np.size(knee_marker.x) == 0  # no knee to mark


def test_optimal_batch_explorer_follows_its_controls():
    explorer = optimal_batch.explorer()
    assert "5,280 tokens" in explorer.readout.value
    first = bytes(explorer.plot.value)
    assert first.startswith(b"<?xml") and b"<svg" in first
    explorer.controls["precision"].value = "bf16"  # twice the bytes, half the FLOP/byte ratio
    assert "5,280 tokens = ridge point 295 FLOP/byte × 1.0" in explorer.readout.value
    explorer.controls["model"].value = "Llama 3.1 70B"
    assert "Knee without KV cache: 295 tokens" in explorer.readout.value
    assert "routed experts" not in explorer.readout.value
    assert bytes(explorer.plot.value) != first
    explorer.controls["compute_efficiency"].value = 0.5  # half the FLOP/s halves the knee
    assert "Knee without KV cache: 148 tokens" in explorer.readout.value
    explorer.controls["chip"].value = "TPU v6e"  # 560 FLOP/byte, halved by the efficiency
    assert "Knee without KV cache: 280 tokens = ridge point 280 FLOP/byte" in explorer.readout.value


def test_optimal_batch_explorer_shows_bad_input_as_a_message():
    explorer = optimal_batch.explorer()
    explorer.controls["precision"].value = "bf16"
    explorer.controls["chip"].value = "TPU v5p"
    before = explorer.plot.value
    explorer.controls["precision"].value = "fp8"
    assert "Cannot show this" in explorer.readout.value
    assert "TPU v5p has no &#x27;fp8&#x27;" in explorer.readout.value
    assert "Traceback" not in explorer.readout.value
    assert explorer.plot.value == before  # the last good figure stays
    explorer.controls["precision"].value = "bf16"
    assert "Cannot show this" not in explorer.readout.value


def test_optimal_batch_redraw_is_fast():
    explorer = optimal_batch.explorer()
    assert median_redraw(explorer, "context", (64, 256, 2048, 16384, 128, 512, 8192)) < REDRAW_BUDGET_S


# -- What the chart draws ------------------------------------------------------------------------
# DeepSeek-V3 in fp8 on 32 H100s (3.35 TB/s and 1,978.9 TFLOP/s of fp8 each: 107.2 TB/s and
# 6.3325e16 FLOP/s together), counted part by part from its architecture:
# 671,025,397,760 weights (1 byte each), of which a token multiplies 37,551,276,032
# (17,116,626,944 outside the routed experts + 58 layers x 8 experts x 44,040,192).
# Its MLA cache holds 61 layers x (512 + 64) values x 2 bytes = 70,272 bytes per token.
W, N = 671_025_397_760, 37_551_276_032
BW, F = 32 * 3.35e12, 32 * 1978.9e12


def test_the_memory_and_compute_lines_are_the_roofline_terms():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    weights = item(chart, 0, "read weights")
    assert np.allclose(weights.y, W / BW * 1e3)  # 671.0 GB / 107.2 TB/s = 6.26 ms, flat
    multiply = item(chart, 0, "multiply")
    # 2 FLOP x 37.55e9 weights x batch / 6.3325e16 FLOP/s = 1.186 µs per token of the batch
    assert np.allclose(multiply.y, 2 * N * multiply.x / F * 1e3)
    with_kv = item(chart, 0, "read weights + KV cache")
    # each sequence adds 1,024 x 70,272 bytes = 71.96 MB, 0.671 µs at 107.2 TB/s
    assert np.allclose(with_kv.y, (W + with_kv.x * 1024 * 70_272) / BW * 1e3)


def test_the_knee_is_where_the_memory_and_compute_lines_cross():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    knee, = markers(chart, 0)
    # 6.260 ms / (1.186 µs - 0.671 µs) = 12,161 tokens, where either line reads 14.42 ms
    expected = (W / BW) / (2 * N / F - 1024 * 70_272 / BW)
    assert knee.x == pytest.approx(expected) and knee.x == pytest.approx(12_161, abs=1)
    assert knee.y == pytest.approx(2 * N * expected / F * 1e3)
    assert knee.y == pytest.approx((W + expected * 1024 * 70_272) / BW * 1e3)


def test_throughput_levels_off_at_the_compute_ceiling():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    ceiling = item(chart, 1, "compute ceiling").y
    assert ceiling == pytest.approx(F / (2 * N))  # 6.3325e16 / 7.51e10 = 843,178 tokens/s
    step, layers = item(chart, 1, "overlap across the step"), item(chart, 1, "overlap layer by layer")
    assert np.all(step.y <= ceiling * (1 + 1e-9)) and np.all(layers.y <= step.y * (1 + 1e-9))
    assert step.y[-1] == pytest.approx(ceiling)  # batch 262,144 is compute bound
    # Layer by layer, the attention stays memory bound at a 1,024-token context (its limit is
    # lower), so even the largest batch falls short of the ceiling.
    assert layers.y[-1] < 0.9 * ceiling
    assert step.y[0] == pytest.approx(1 / ((W + 1024 * 70_272) / BW))  # batch 1: one read


@given(values=control_values(optimal_batch.explorer().controls))
@settings(max_examples=25)
def test_random_control_values_never_raise(values):
    redraw_never_raises(EXPLORER, values)


EXPLORER = optimal_batch.explorer()
