"""The cost of a model over its life, and its cheapest size: hand-worked values, a numerical
minimisation, symbols, bad input."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import lifetime_cost as lc
from llm_napkin import scaling_laws as sl
from llm_napkin.catalogs import scaling_fits

FIT = scaling_fits.get("Besiroglu 2024")
TARGET = sl.optimal_loss(3.8e25, FIT)  # the quality a Chinchilla-optimal 3.8e25 FLOP run reaches


def test_costs_by_hand():
    # 37e9 active parameters: RL 4 x 37e9 x 1e12 = 1.48e23; inference 2 x 37e9 x 1e14 = 7.4e24
    assert lc.rl_flops(37e9, 1e12) == pytest.approx(1.48e23)
    assert lc.rl_flops(37e9, 1e12, 2) == pytest.approx(7.4e22)
    assert lc.inference_flops(37e9, 1e14) == pytest.approx(7.4e24)
    # + pre-training 6 x 37e9 x 14.8e12 = 3.2856e24
    assert lc.lifetime_flops(37e9, 14.8e12, 1e14, 1e12) == pytest.approx(
        3.2856e24 + 1.48e23 + 7.4e24)


def test_lectures_back_of_envelope_by_hand():
    # 50e6 tokens/s x 2 months of 30.44 days (5,259,600 s) = 2.63e14 tokens
    assert lc.served_tokens(50e6, 2 * 30.4375 * 86400) == pytest.approx(2.62980e14)
    # equal pre-training and inference FLOP: 6 N D = 2 N x 3e12 -> D = 1e12
    assert lc.equal_cost_tokens(3e12) == pytest.approx(1e12)


def test_prices_to_params_by_hand():
    # $2 per chip-hour at 1e15 FLOP/s and 50%: 2 / 3600 / 5e14 = 1.111e-18 $/FLOP
    per_flop = lc.dollars_per_flop(2.0, 1e15, 0.5)
    assert per_flop == pytest.approx(1.1111e-18, rel=1e-4)
    # $1 per million tokens of compute: 1e-6 / 2 / 1.111e-18 = 4.5e11 active parameters
    assert lc.params_from_price(1e-6, per_flop) == pytest.approx(4.5e11)


def _numerical_cheapest(target, inference, rl=0.0, factor=4.0):
    """A brute-force search along the iso-loss curve: the tokens of the cheapest point."""
    fewest = (FIT.B / (target - FIT.E)) ** (1 / FIT.beta)
    tokens = fewest * np.geomspace(1 + 1e-9, 1e9, 200001)
    cost = lc.plan(sl.params_for_loss(tokens, target, FIT), tokens, inference, rl, factor).total
    return tokens[np.argmin(cost)], cost.min()


@pytest.mark.parametrize("inference", [1e11, 1e13, 2.63e14, 1e16])
def test_optimum_matches_a_numerical_minimisation(inference):
    best = lc.optimum_for_loss(TARGET, inference, 1e12, 4, fit=FIT)
    tokens, cost = _numerical_cheapest(TARGET, inference, 1e12)
    assert best.tokens == pytest.approx(tokens, rel=1e-3)
    assert best.total == pytest.approx(cost, rel=1e-6)
    assert lc.plan_loss(best, FIT) == pytest.approx(TARGET)


def test_no_inference_gives_back_chinchilla():
    best = lc.optimum_for_loss(TARGET, 0.0, fit=FIT)
    assert best.params == pytest.approx(sl.optimal_params(3.8e25, FIT), rel=1e-6)
    assert best.pretraining == pytest.approx(3.8e25, rel=1e-6)
    assert best.inference == 0 and best.rl == 0


def test_budget_optimum_is_the_dual_of_the_loss_optimum():
    best = lc.optimum_for_loss(TARGET, 2.63e14, 1e12, fit=FIT)
    dual = lc.optimum_for_budget(best.total, 2.63e14, 1e12, fit=FIT)
    assert dual.params == pytest.approx(best.params, rel=1e-6)
    assert dual.tokens == pytest.approx(best.tokens, rel=1e-6)
    assert dual.total == pytest.approx(best.total, rel=1e-9)


def test_expansion_gap_is_zero_at_the_optimum_and_is_chinchillas_condition_without_demand():
    best = lc.optimum_for_loss(TARGET, 1e15, 1e13, 3, fit=FIT)
    scale = FIT.alpha * FIT.A / best.params ** FIT.alpha
    assert abs(lc.expansion_gap(best.params, best.tokens, 1e15, 1e13, 3, FIT)) < 1e-9 * scale
    n, d = sl.optimal_params(1e24, FIT), sl.optimal_tokens(1e24, FIT)
    assert lc.expansion_gap(n, d, 0, 0, 4, FIT) == pytest.approx(0, abs=1e-12)


def test_equal_cost_rule_is_exact_only_where_the_optimum_spends_equally():
    demand = np.geomspace(1e12, 1e17, 400)
    best = lc.optimum_for_loss(TARGET, demand, fit=FIT)
    rule = lc.equal_cost_for_loss(TARGET, demand, fit=FIT)
    extra = rule.total / best.total - 1
    assert np.all(extra >= -1e-9)
    at = np.argmin(extra)
    assert extra[at] < 1e-4
    assert best.inference[at] / best.pretraining[at] == pytest.approx(1, abs=0.05)
    # at low demand the rule's few tokens cannot reach the loss at all
    assert np.isinf(lc.equal_cost_for_loss(TARGET, 1e11, fit=FIT).total)


def test_functions_take_symbols():
    N, D, Di, Dr, r = sp.symbols("N D D_inf D_RL r", positive=True)
    fit = sl.symbolic_fit()
    assert lc.rl_flops(N, Dr, r) == r * N * Dr
    assert lc.inference_flops(N, Di) == 2 * N * Di
    assert sp.expand(lc.lifetime_flops(N, D, Di, Dr, r)) == 6 * N * D + r * N * Dr + 2 * N * Di
    assert lc.equal_cost_tokens(Di) == Di / 3
    assert lc.served_tokens(D, r) == D * r
    gap = lc.expansion_gap(N, D, Di, Dr, r, fit)
    assert gap.has(fit.alpha, Di, Dr)
    assert sp.simplify(gap.subs({Di: 0, Dr: 0})
                       - (fit.alpha * fit.A / N**fit.alpha - fit.beta * fit.B / D**fit.beta)) == 0
    assert lc.params_from_price(D, r) == D / (2 * r)
    assert lc.dollars_per_flop(D, r, sp.Rational(1, 2)).has(D)


def test_the_lagrange_condition_is_derived_from_the_cost_and_the_loss():
    # at a stationary point of cost + lambda (loss - L), grad cost is parallel to grad loss:
    # dC/dN dL/dD - dC/dD dL/dN = 0; that determinant is 6 x expansion_gap
    N, D, Di, Dr, r = sp.symbols("N D D_inf D_RL r", positive=True)
    fit = sl.symbolic_fit()
    cost, quality = lc.lifetime_flops(N, D, Di, Dr, r), sl.loss(N, D, fit)
    determinant = (sp.diff(cost, N) * sp.diff(quality, D) - sp.diff(cost, D) * sp.diff(quality, N))
    gap = lc.expansion_gap(N, D, Di, Dr, r, fit)
    assert sp.simplify(determinant - 6 * gap) == 0


@pytest.mark.parametrize("call, name", [
    (lambda: lc.rl_flops(1e9, 1e12, 7), "flop_per_param_token"),
    (lambda: lc.rl_flops(1e9, -1), "rl_tokens"),
    (lambda: lc.inference_flops(0, 1e12), "params"),
    (lambda: lc.served_tokens(-5, 10), "tokens_per_second"),
    (lambda: lc.optimum_for_loss(1.5, 1e12, fit=FIT), "target_loss"),
    (lambda: lc.optimum_for_loss(sp.Symbol("L"), 1e12, fit=FIT), "target_loss"),
    (lambda: lc.optimum_for_loss(TARGET, -1.0, fit=FIT), "inference_tokens"),
    (lambda: lc.optimum_for_budget(0, 1e12, fit=FIT), "budget"),
    (lambda: lc.optimum_for_budget(1e25, 1e12, 1e12, 1, fit=FIT), "flop_per_param_token"),
    (lambda: lc.equal_cost_for_loss(TARGET, 0.0, fit=FIT), "inference_tokens"),
    (lambda: lc.dollars_per_flop(2, 1e15, 1.5), "utilization"),
    (lambda: lc.params_from_price(0, 1e-18), "dollars_per_token"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@given(st.floats(1e10, 1e17), st.floats(1.2, 3.0))
def test_more_demand_means_a_smaller_model_trained_longer(inference, factor):
    plans = lc.optimum_for_loss(TARGET, np.array([inference, inference * factor]), fit=FIT)
    assert plans.params[1] < plans.params[0]
    assert plans.tokens_per_param[1] > plans.tokens_per_param[0]


@given(st.floats(1e10, 1e17), st.floats(0.2, 5.0))
def test_no_point_on_the_iso_loss_curve_is_cheaper(inference, shift):
    best = lc.optimum_for_loss(TARGET, inference, fit=FIT)
    other_tokens = best.tokens * shift
    other = lc.plan(sl.params_for_loss(other_tokens, TARGET, FIT), other_tokens, inference)
    assert other.total >= best.total * (1 - 1e-9)
