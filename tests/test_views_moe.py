"""Build the chapter 3 widget headlessly, move its controls, and check what it shows."""

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin.show import charts
from llm_napkin.show.views import moe

from helpers import (REDRAW_BUDGET_S, control_values, item, markers, median_redraw,
                     redraw_never_raises)


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
    assert first.startswith(b"<?xml") and b"<svg" in first
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


# -- What the chart draws ------------------------------------------------------------------------
# One DeepSeek-V3 MoE layer in fp8 on H100s (1,978.9 TFLOP/s fp8), domains of 8 GPUs, 450 GB/s
# fast and 50 GB/s slow per GPU. A token multiplies 585,302,016 weights in the layer (attention
# 187,105,280 + router 7,168 x 256 + 9 experts of 3 x 7,168 x 2,048), 0.5915 µs of compute;
# each copy it sends is 7,168 bf16 values, 14,336 bytes, and the combine sends as much back.
COMPUTE = 2 * 585_302_016 / 1978.9e12
COPY = 7168 * 2


def test_network_lines_are_hand_worked_ratios_to_the_compute():
    chart, _ = moe.view(**moe.DEFAULTS)
    fast, slow = item(chart, 0, "fast network (NVLink)"), item(chart, 0, "slow network (between domains)")
    assert list(fast.x[:2]) == [1, 2] and list(slow.x[:1]) == [2]
    # 1 domain: 7 of the 8 copies go to another GPU of the domain, there and back:
    # 2 x 7 x 14,336 B / 450 GB/s = 0.446 µs, 0.754 times the compute.
    assert fast.y[0] == pytest.approx(2 * 7 * COPY / 450e9 / COMPUTE)
    # 2 domains: 8 x 7/16 copies stay inside (0.223 µs), 4 cross over (2.294 µs, 3.88 times).
    assert fast.y[1] == pytest.approx(2 * 3.5 * COPY / 450e9 / COMPUTE)
    assert slow.y[0] == pytest.approx(2 * 4 * COPY / 50e9 / COMPUTE)
    assert slow.y[0] == pytest.approx(3.878, abs=1e-3)
    total = item(chart, 0, "dispatch + combine")
    # the networks run side by side: the all-to-all lasts as long as the busier one
    assert total.y[0] == pytest.approx(fast.y[0])
    assert np.allclose(total.y[1:], np.maximum(fast.y[1:], slow.y))
    assert item(chart, 0, "layer compute").y == 1
    here, = markers(chart, 0)
    assert (here.x, here.y) == (2, pytest.approx(slow.y[0]))


def test_weights_per_gpu_copy_the_dense_part_and_split_the_experts():
    chart, _ = moe.view(**moe.DEFAULTS)
    per_gpu = item(chart, 1, "weights per GPU")
    # 17,116,626,944 weights outside the routed experts on every GPU, plus 653,908,770,816 routed
    # ones split over 8 GPUs per domain: 17.12 + 81.74 = 98.86 GB on 1 domain, 57.99 GB on 2.
    assert per_gpu.y[0] == pytest.approx((17_116_626_944 + 653_908_770_816 / 8) / 1e9)
    assert per_gpu.y[1] == pytest.approx((17_116_626_944 + 653_908_770_816 / 16) / 1e9)
    here, = markers(chart, 1)
    assert here.y == pytest.approx(per_gpu.y[1])
    assert item(chart, 1, "HBM of one H100 SXM").y == 80
    band = item(chart, 1, "weights exceed HBM")
    assert (band.start, band.end) == (0.8, 1.5)  # one domain is too few: 98.9 GB > 80 GB


@given(values=control_values(moe.explorer().controls))
@settings(max_examples=25)
def test_random_control_values_never_raise(values):
    redraw_never_raises(EXPLORER, values)


EXPLORER = moe.explorer()
