"""Build the chapter 2 widget headlessly, move its controls, and check what it shows."""

import numpy as np

from llm_napkin.show import charts
from llm_napkin.show.views import optimal_batch

from helpers import REDRAW_BUDGET_S, median_redraw


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
    assert first.startswith(b"\x89PNG")
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
