"""Chapter 5's widget: the cheapest model's lifetime cost against the demand it will serve."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin import lifetime_cost, scaling_laws
from llm_napkin.catalogs import scaling_fits
from llm_napkin.show import charts, live
from llm_napkin.show.views import overtraining as view_module

from helpers import control_values, item, markers

TABLE_TOLERANCE = 0.02  # the interpolated tokens stay within 2% of the model's bisection


def _best(**values):
    """The model's own cheapest plan over the view's demand grid at `values`."""
    v = {**view_module.DEFAULTS, **values}
    fit = scaling_fits.get(v["fit"])
    if v["goal"] == view_module.GOALS[0]:
        target = scaling_laws.optimal_loss(v["flop"], fit)
        return lifetime_cost.optimum_for_loss(target, view_module.DEMAND, v["rl_tokens"],
                                              v["rl_flop"], fit=fit)
    return lifetime_cost.optimum_for_budget(v["flop"], view_module.DEMAND, v["rl_tokens"],
                                            v["rl_flop"], fit=fit)


@pytest.mark.parametrize("goal", view_module.GOALS)
def test_stacked_costs_follow_the_models_optimum(goal):
    chart, _ = view_module.view(goal=goal)
    best = _best(goal=goal)
    pre = item(chart, 0, "pre-training")
    np.testing.assert_allclose(pre.x, view_module.DEMAND / 1e12)  # trillions of tokens
    np.testing.assert_allclose(pre.y, best.pretraining / 1e24, rtol=TABLE_TOLERANCE)
    np.testing.assert_allclose(item(chart, 0, "+ RL").y, (best.pretraining + best.rl) / 1e24,
                               rtol=TABLE_TOLERANCE)
    total = item(chart, 0, "+ inference (total)").y
    np.testing.assert_allclose(total, best.total / 1e24, rtol=TABLE_TOLERANCE)
    np.testing.assert_allclose(item(chart, 1, "cheapest").y, best.tokens_per_param,
                               rtol=2 * TABLE_TOLERANCE)
    assert np.all(np.diff(item(chart, 1, "cheapest").y) > 0)  # more demand, longer training


def test_the_rule_costs_more_and_is_missing_where_it_cannot_reach_the_loss():
    chart, _ = view_module.view()
    rule = item(chart, 0, "equal-cost rule, total").y
    total = item(chart, 0, "+ inference (total)").y
    reached = np.isfinite(rule)
    assert not reached[0] and reached[-1]  # too few tokens at low demand: nothing drawn there
    assert np.all(rule[reached] >= total[reached] * (1 - 1e-3))
    assert item(chart, 0, "this demand").x == pytest.approx(50e6 * 2 * view_module.MONTH / 1e12)
    dot, = markers(chart, 1)
    assert dot.x == pytest.approx(item(chart, 0, "this demand").x)


def test_readout_states_the_plan_and_the_rule():
    text = view_module.view()[1]
    assert "263T inference tokens (50M tokens/s for 2.00 months)" in text
    assert "Cheapest: 219B parameters on 54T tokens" in text
    assert "Lifetime 1.9 × 10²⁶ FLOP" in text
    assert "equal-cost rule (186B on 87.7T tokens) costs 5.0% more" in text
    assert "cannot reach this loss" in view_module.view(tokens_per_second=2**14)[1]
    budget = view_module.view(goal=view_module.GOALS[1], flop=2.0**85)[1]
    assert "Lifetime 3.9 × 10²⁵ FLOP" in budget


def test_compiled_view_is_small_and_refuses_an_unknown_goal():
    spec = live.compile_view(view_module.LIVE)
    assert len(str(spec)) < 200_000
    with pytest.raises(ValueError, match="goal must be one of"):
        view_module.view(goal="win")
    with pytest.raises(ValueError, match="seconds must be 0 or more"):
        view_module.view(months=-1)


@given(values=control_values(view_module.explorer().controls))
@settings(max_examples=15, deadline=None)
def test_random_control_values_draw(values):
    chart, text = view_module.view(**values)
    plt.close(charts.draw(chart))
    assert "Cheapest:" in text and "By comparison" in text
