"""The chapter 7 widget, headless."""

import random

import numpy as np

from llm_napkin.show import charts
from llm_napkin.show.views import context

from helpers import REDRAW_BUDGET_S, median_redraw


def test_context_view_draws_four_parts_and_a_cost_curve():
    chart, text = context.view(**context.DEFAULTS)
    times, cost = chart.panels
    lines = [item for item in times.items if isinstance(item, charts.Line)]
    assert [line.label for line in lines[:4]] == list(context.long_context.PARTS)
    # the weight multiplies of DeepSeek-V3 on 16 GB200s: 2 x 37e9 / (16 x 2.5e15) = 1.85 µs
    assert np.allclose(lines[2].y, 2 * 37e9 / (16 * 2.5e15))
    # KV reading grows with the context: DeepSeek-V3's 70,272 B per token at 8 TB/s x 16
    assert lines[1].y[0] == np.float64(1024 * 70_272 / (16 * 8e12))
    assert np.all(np.diff(cost.items[0].y) > 0)
    assert "Context 131,072" in text and "per M tokens" in text


def test_top_k_caps_the_kv_read():
    dense, _ = context.view("DeepSeek-V3", "as built", 2**20, "H200", 2.0)
    sparse, text = context.view("DeepSeek-V3", "top-k 2,048 + indexer", 2**20, "H200", 2.0)
    assert sparse.panels[0].items[1].y[-1] < dense.panels[0].items[1].y[-1] / 5
    assert "Cannot" not in text


def test_context_explorer_follows_its_controls_and_is_fast():
    explorer = context.explorer()
    assert "Context 131,072" in explorer.readout.value
    explorer.controls["context"].value = 2**24
    assert "Context 16,777,216" in explorer.readout.value
    assert median_redraw(explorer, "context", (2**12, 2**16, 2**20, 2**14, 2**18)) < \
        REDRAW_BUDGET_S


def test_random_controls_never_raise():
    rng = random.Random(7)
    explorer = context.explorer()
    for _ in range(15):
        for name, control in explorer.controls.items():
            if hasattr(control, "options"):
                control.value = rng.choice(list(control.options))
            else:
                control.value = rng.uniform(control.min, control.max) if name == "price" \
                    else 2 ** rng.uniform(10, 26)
        assert "Traceback" not in explorer.readout.value
