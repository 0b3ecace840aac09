"""Chapter 3's widget: what its chart draws and its readout says, from the live view."""

import json

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin.show import charts, live
from llm_napkin.show.views import moe

from helpers import control_values, item, markers


def test_moe_view_draws_the_default_figure_and_readout():
    chart, text = moe.view(**moe.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "DeepSeek-V3 (256 experts, top-8), fp8, domains of 8 × H100 SXM"
    assert "2 domains of 8 GPUs: 16 experts per GPU" in text
    assert "fits in 80 GB" in text and "50% of expert picks" in text


def test_moe_readout_follows_its_controls():
    one = moe.view(racks=1)[1]
    assert "1 domain of 8 GPUs: 32 experts per GPU" in one
    nvl = moe.view(chip="GB200 NVL72", gpus_per_domain=72)[1]
    assert "4 experts per GPU" not in nvl and "2 experts per GPU" in nvl  # 256 / 144
    assert "4 experts per GPU" in moe.view(chip="GB200 NVL72", gpus_per_domain=72, racks=1)[1]
    assert "fits in 186 GB" in nvl
    assert "6 experts per GPU" in moe.view(model="Kimi K2", experts=384, chip="GB200 NVL72",
                                           gpus_per_domain=72, racks=1)[1]


def test_moe_readout_says_plainly_what_does_not_fit_and_what_sets_the_time():
    # 98.9 GB of fp8 weights per H100 on one domain of 8; two domains hold them (58 GB each)
    assert "98.9 GB of weights per GPU (does NOT fit in 80 GB: it takes 2 domains)" in moe.view(
        racks=1)[1]
    # a 16 GB TPU v5e cannot even hold the 34 GB of bf16 weights every GPU copies
    tiny = moe.view(chip="TPU v5e", precision="bf16", gpus_per_domain=4)[1]
    assert "does NOT fit in 16 GB: no number of domains holds them" in tiny
    # dispatch + combine at 3.9 times the compute: the network sets the time
    assert "the network, not the arithmetic, sets the layer's time" in moe.view()[1]
    assert "the arithmetic, not the network, sets" in moe.view(routing="one copy per domain")[1]


def test_moe_deduplication_cuts_the_slow_network_share():
    plain, dedup = moe.view()[1], moe.view(routing="one copy per domain")[1]
    assert "slow network 3.9×" in plain and "slow network 0.97×" in dedup


def test_moe_refuses_what_the_model_refuses_with_a_message():
    with pytest.raises(ValueError, match=r"top_k must be at most experts \(8\), got 16"):
        moe.view(experts=8, top_k=16)
    with pytest.raises(ValueError, match="TPU v5e has no 'fp8'"):
        moe.view(chip="TPU v5e")
    spec = live.compile_view(moe.LIVE)
    table, = [t for t in spec["tables"] if t["keys"] == ["model", "experts", "top_k"]]
    key = f"0,{moe.EXPERTS.index(8)},{moe.TOP_K.index(16)}"
    assert "top_k must be at most experts (8), got 16" in table["rows"][key]["error"]


def test_moe_counts_are_whole_numbers_and_the_page_stays_small():
    assert moe.view(racks=2.4)[1].startswith("2 domains ")
    assert moe.LIVE.controls["racks"].integer
    assert all(isinstance(v, int) for v in moe.EXPERTS + moe.TOP_K + moe.DOMAIN_SIZES)
    assert len(json.dumps(live.compile_view(moe.LIVE))) < 200_000


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
    assert list(fast.x[:2]) == [1, 2] and np.isnan(slow.y[0])  # no slow network in one domain
    # 1 domain: 7 of the 8 copies go to another GPU of the domain, there and back:
    # 2 x 7 x 14,336 B / 450 GB/s = 0.446 µs, 0.754 times the compute.
    assert fast.y[0] == pytest.approx(2 * 7 * COPY / 450e9 / COMPUTE)
    # 2 domains: 8 x 7/16 copies stay inside (0.223 µs), 4 cross over (2.294 µs, 3.88 times).
    assert fast.y[1] == pytest.approx(2 * 3.5 * COPY / 450e9 / COMPUTE)
    assert slow.y[1] == pytest.approx(2 * 4 * COPY / 50e9 / COMPUTE)
    assert slow.y[1] == pytest.approx(3.878, abs=1e-3)
    total = item(chart, 0, "dispatch + combine")
    # the networks run side by side: the all-to-all lasts as long as the busier one
    assert total.y[0] == pytest.approx(fast.y[0])
    assert np.allclose(total.y[1:], np.maximum(fast.y[1:], slow.y[1:]))
    assert item(chart, 0, "layer compute").y == 1
    here, = markers(chart, 0)
    assert (here.x, here.y) == (2, pytest.approx(slow.y[1]))


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
def test_random_control_values_draw_or_refuse_with_a_message(values):
    try:
        chart, text = moe.view(**values)
    except ValueError as error:
        assert "has no" in str(error) or "top_k must be at most experts" in str(error)
    else:
        charts.draw(chart)
        assert " GPUs: " in text
