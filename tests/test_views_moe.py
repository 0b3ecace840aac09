"""Build the chapter 3 widget headlessly, move its controls, and check what it shows."""

from llm_napkin.show import charts
from llm_napkin.show.views import moe

from helpers import REDRAW_BUDGET_S, median_redraw


def test_moe_view_draws_the_default_figure_and_readout():
    chart, text = moe.view(**moe.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "DeepSeek-V3 (256 experts, top-8), fp8, domains of 8 × H100 SXM"
    assert "2 domains of 8 GPUs: 16 experts per GPU" in text
    assert "fits in 80 GB" in text and "50% of expert picks" in text


def test_moe_explorer_follows_its_controls():
    explorer = moe.explorer()
    first = bytes(explorer.plot.value)
    assert first.startswith(b"\x89PNG")
    explorer.controls["racks"].value = 1
    assert bytes(explorer.plot.value) != first
    assert "1 domain of 8 GPUs: 32 experts per GPU" in explorer.readout.value
    assert "does not fit" in explorer.readout.value  # 98.9 GB of fp8 weights per H100
    explorer.controls["chip"].value = "GB200 NVL72"
    explorer.controls["gpus_per_domain"].value = 72
    assert "4 experts per GPU" in explorer.readout.value
    assert "fits in 186 GB" in explorer.readout.value
    explorer.controls["model"].value = "Kimi K2"
    explorer.controls["experts"].value = 384
    assert "6 experts per GPU" in explorer.readout.value


def test_moe_explorer_deduplication_cuts_the_slow_network_share():
    explorer = moe.explorer()
    plain = explorer.readout.value
    explorer.controls["routing"].value = "one copy per domain"
    dedup = explorer.readout.value
    assert plain != dedup
    assert "slow network 3.9×" in plain and "slow network 0.97×" in dedup


def test_moe_explorer_shows_bad_input_as_a_message():
    explorer = moe.explorer()
    explorer.controls["experts"].value = 8
    before = explorer.plot.value
    explorer.controls["top_k"].value = 16
    assert "Cannot show this" in explorer.readout.value
    assert "top_k must be at most experts (8), got 16" in explorer.readout.value
    assert explorer.plot.value == before  # the last good figure stays
    assert "Traceback" not in explorer.readout.value
    explorer.controls["top_k"].value = 2
    assert "Cannot show this" not in explorer.readout.value
    explorer.controls["chip"].value = "TPU v5e"
    assert "TPU v5e has no &#x27;fp8&#x27;" in explorer.readout.value


def test_moe_redraw_is_fast():
    explorer = moe.explorer()
    assert median_redraw(explorer, "racks", (1, 2, 4, 8, 16, 3, 5)) < REDRAW_BUDGET_S
