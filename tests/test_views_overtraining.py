"""Build the chapter 5 widget headlessly, move its controls, and check what it draws."""

import random

import numpy as np
import pytest

from llm_napkin import lifetime_cost, scaling_laws
from llm_napkin.catalogs import scaling_fits
from llm_napkin.show import charts
from llm_napkin.show.views import overtraining

from helpers import REDRAW_BUDGET_S, median_redraw


def _items(chart, panel):
    return {item.label: item for item in chart.panels[panel].items if item.label}


def test_overtraining_view_draws_the_stacked_costs_and_tokens_per_parameter():
    chart, text = overtraining.view(**overtraining.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    fit = scaling_fits.get(overtraining.DEFAULTS["fit"])
    target = scaling_laws.optimal_loss(overtraining.DEFAULTS["flop"], fit)
    best = lifetime_cost.optimum_for_loss(target, overtraining.DEMAND, 1e12, 4.0, fit=fit)
    stacked = _items(chart, 0)
    np.testing.assert_allclose(stacked["pre-training"].x, overtraining.DEMAND / 1e12)  # trillions
    np.testing.assert_allclose(stacked["pre-training"].y, best.pretraining / 1e24)  # 10^24 FLOP
    np.testing.assert_allclose(stacked["+ RL"].y, (best.pretraining + best.rl) / 1e24)
    np.testing.assert_allclose(stacked["+ inference (total)"].y, best.total / 1e24)
    # the stack is ordered: each layer sits on the one below
    assert np.all(stacked["+ RL"].y >= stacked["pre-training"].y)
    assert np.all(stacked["+ inference (total)"].y >= stacked["+ RL"].y)
    # the rule's total is never below the optimum's (infinite where it cannot reach the loss)
    rule = stacked["equal-cost rule, total"].y
    reached = np.isfinite(rule)
    assert np.all(rule[reached] >= best.total[reached] / 1e24 * (1 - 1e-9))
    assert not reached[0] and reached[-1]  # too few tokens at low demand: nothing drawn there
    assert stacked["this demand"].x == pytest.approx(50e6 * 2 * overtraining.MONTH / 1e12)
    ratios = _items(chart, 1)
    np.testing.assert_allclose(ratios["cheapest"].y, best.tokens_per_param)
    assert np.all(np.diff(ratios["cheapest"].y) > 0)  # more demand, longer training
    assert "263T inference tokens (50M tokens/s for 2 months)" in text
    assert "Cheapest: 219B parameters on 54T tokens" in text
    assert "equal-cost rule (186B on 87.7T tokens) costs 5.0% more" in text


def test_overtraining_explorer_follows_its_controls():
    explorer = overtraining.explorer()
    first = bytes(explorer.plot.value)
    assert first.startswith(b"<?xml")  # the live widget draws SVG
    explorer.controls["tokens_per_second"].value = 2**14
    assert bytes(explorer.plot.value) != first
    assert "cannot reach this loss" in explorer.readout.value
    explorer.controls["goal"].value = "spend a lifetime budget"
    explorer.controls["flop"].value = 2**85
    assert "Lifetime 3.9 × 10²⁵ FLOP" in explorer.readout.value
    explorer.controls["fit"].value = "Hoffmann 2022"
    assert "Fit" not in explorer.readout.value and "Cheapest" in explorer.readout.value


def test_overtraining_view_rejects_bad_input_with_a_message():
    with pytest.raises(ValueError, match="goal must be one of"):
        overtraining.view(**{**overtraining.DEFAULTS, "goal": "win"})
    explorer = overtraining.explorer()
    before = explorer.plot.value
    explorer.view = lambda **_: overtraining.view(**{**overtraining.DEFAULTS, "rl_flop": 9})
    explorer.redraw()
    assert "Cannot show this" in explorer.readout.value
    assert "flop_per_param_token must lie in [2, 6]" in explorer.readout.value
    assert "Traceback" not in explorer.readout.value
    assert explorer.plot.value == before  # the last good figure stays
    with pytest.raises(ValueError, match="seconds must be 0 or more"):
        overtraining.view(**{**overtraining.DEFAULTS, "months": -1})


def test_overtraining_random_controls_never_raise():
    explorer = overtraining.explorer()
    rng = random.Random(5)
    for _ in range(12):
        for name, control in explorer.controls.items():
            if hasattr(control, "options"):
                control.value = rng.choice(list(control.options))
            else:
                control.value = rng.uniform(control.min, control.max) if name in (
                    "months", "rl_flop") else 2 ** rng.uniform(control.min, control.max)
            assert "Cannot show this" not in explorer.readout.value, explorer.values()


def test_overtraining_redraw_is_fast():
    explorer = overtraining.explorer()
    values = (2**20, 2**26, 2**30, 2**16, 2**24, 2**28, 2**22)
    assert median_redraw(explorer, "tokens_per_second", values) < REDRAW_BUDGET_S
