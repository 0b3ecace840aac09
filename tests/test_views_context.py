"""The chapter 7 widget: what it draws, what it says, and what the browser is sent."""

import json

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin import roofline
from llm_napkin.show import charts, live
from llm_napkin.show.views import context

from helpers import control_values, item

# DeepSeek-V3 in bf16 (1.342 TB of weights, 37B active) on 16 GB200s (186 GB, 8 TB/s and
# 2.5 PFLOP/s in bf16 each); its MLA cache holds 70,272 bytes per token.


def test_context_view_draws_four_parts_and_a_cost_curve():
    chart, text = context.view()
    assert chart.title == "DeepSeek-V3 (as built) on 16 × GB200 NVL72"
    times, cost = chart.panels
    labelled = [i.label for i in times.items if i.label]
    assert labelled == [*context.long_context.PARTS, "total (overlapped)"]
    # the weight multiplies do not depend on the context: 2 x 37e9 / (16 x 2.5e15) = 1.85 µs
    assert item(chart, 0, "weight arithmetic").y == pytest.approx(2 * 37e9 / (16 * 2.5e15))
    # KV reading grows with the context: 1,024 x 70,272 B at 16 x 8 TB/s
    assert item(chart, 0, "KV cache").y[0] == pytest.approx(1024 * 70_272 / (16 * 8e12))
    assert np.all(np.diff(cost.items[0].y) > 0)
    assert [i.x for i in times.items if isinstance(i, charts.VLine)] == [131072]
    assert "Context 131,072: 131 µs per token" in text and "per M tokens" in text


def test_the_batch_is_every_sequence_that_fits():
    chart, text = context.view()
    # (16 x 186 GB - 1.342 TB) / (131,072 x 70,272 B) = 177.9: 177 sequences, below the knee
    assert "batch 177 of the 177 sequences that fit" in text
    # so the weight read per token is 1.342 TB / (177 x 128 TB/s) = 59.2 µs, at the cursor
    values = live.evaluate(context.LIVE)
    assert values["here_weights"] == pytest.approx(1.342e12 / (177 * 16 * 8e12))
    # and a token costs 16 chips x $3/h / 3600 s x its time per token
    assert values["here_cost"] == pytest.approx(
        16 * 3 / 3600 * values["here_total"] * 1e6)


def test_the_batch_stops_at_the_knee_as_a_whole_number():
    values = live.evaluate(context.LIVE, model="DeepSeek-V4-Pro", context=1024)
    knee = roofline.knee_batch(weight_bytes=values["weight_bytes"],
                               active_params=values["active_params"],
                               flops=values["chip_flops"] * values["chips"],
                               bandwidth=values["chip_bandwidth"] * values["chips"])
    assert values["fits"] > knee and values["batch"] == np.floor(knee)


def test_top_k_caps_the_kv_read():
    dense, _ = context.view(model="DeepSeek-V3", kind="as built", context=2**20, chip="H200",
                            price=2.0)
    sparse, text = context.view(model="DeepSeek-V3", kind="top-k 2,048 + indexer",
                                context=2**20, chip="H200", price=2.0)
    assert item(sparse, 0, "KV cache").y[-1] < item(dense, 0, "KV cache").y[-1] / 5
    assert "batch" in text


def test_the_readout_says_plainly_when_no_cache_fits():
    _, text = context.view(model="Llama 3.1 70B", context=2**26, chip="H100 SXM")
    # one 67M-token cache: 67,108,864 x 327,680 B = 22 TB, against 4 x 80 GB
    assert "batch 1, though none fits" in text
    assert "1 sequence cache of 22 TB against 320 GB of HBM: does NOT fit" in text
    assert context.view()[1].endswith("fits.")


def test_counts_are_whole_numbers():
    assert context.view(context=100_000.4)[1].startswith("Context 100,000: ")
    assert context.LIVE.controls["context"].integer


def test_the_browser_gets_a_small_view_with_every_combination():
    spec = live.compile_view(context.LIVE)
    assert len(json.dumps(spec)) < 200_000
    rows = spec["tables"][2]["rows"]
    assert len(rows) == len(context.MODEL_NAMES) * len(context.KINDS)
    assert not any("error" in row for row in rows.values())


@given(values=control_values(context.explorer().controls))
@settings(max_examples=25, deadline=None)
def test_random_control_values_draw(values):
    chart, text = context.view(**values)
    charts.draw(chart)
    assert text.startswith("Context ")
