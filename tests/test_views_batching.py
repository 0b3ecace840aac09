"""Build each chapter's widget headlessly, move its controls, and check what it shows."""

from llm_napkin.show import charts
from llm_napkin.show.views import batching

from helpers import REDRAW_BUDGET_S, median_redraw


def test_batching_view_draws_the_default_figure_and_readout():
    chart, text = batching.view(**batching.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "Llama 3.1 70B in bf16 on 4 × H100 SXM"
    assert "memory bound" in text and "per M tokens" in text


def test_batching_explorer_follows_its_controls():
    explorer = batching.explorer()
    assert "Batch 64 " in explorer.readout.value
    first = bytes(explorer.plot.value)
    assert first.startswith(b"\x89PNG")
    explorer.controls["batch"].value = 4096
    assert bytes(explorer.plot.value) != first
    assert "Batch 4,096 " in explorer.readout.value
    explorer.controls["context"].value = 128
    assert "compute bound" in explorer.readout.value
    explorer.controls["model"].value = "DeepSeek-V3"
    assert "weights 1.34 TB" in explorer.readout.value


def test_batching_explorer_shows_bad_input_as_a_message():
    explorer = batching.explorer()
    explorer.controls["chip"].value = "TPU v5e"
    before = explorer.plot.value
    explorer.controls["precision"].value = "fp8"
    assert "Cannot show this" in explorer.readout.value
    assert explorer.plot.value == before  # the last good figure stays
    assert "TPU v5e has no &#x27;fp8&#x27;" in explorer.readout.value
    assert "Traceback" not in explorer.readout.value
    explorer.controls["precision"].value = "bf16"
    assert "Cannot show this" not in explorer.readout.value


def test_batching_redraw_is_fast():
    explorer = batching.explorer()
    assert median_redraw(explorer, "batch", (8, 64, 512, 4096, 32, 256, 2048)) < REDRAW_BUDGET_S
