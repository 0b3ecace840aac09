"""Chinchilla's loss and its compute-optimal model: hand-worked values, symbols, bad input."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import scaling_laws as sl
from llm_napkin.catalogs import scaling_fits, training_runs

HOFFMANN = scaling_fits.get("Hoffmann 2022")
BESIROGLU = scaling_fits.get("Besiroglu 2024")
# A made-up symmetric fit: alpha = beta and A = B put the optimum at N = D = sqrt(C/6).
SYMMETRIC = sl.with_constants(HOFFMANN, A=400.0, B=400.0, alpha=0.3, beta=0.3)


def test_training_flops_by_hand():
    # Chinchilla: 6 x 70e9 x 1.4e12 = 5.88e23 FLOP
    assert sl.training_flops(70e9, 1.4e12) == pytest.approx(5.88e23)


def test_loss_by_hand():
    # 70e9^0.34 = e^(0.34 x 24.972) = 4,863 -> 406.4/4,863 = 0.0836
    # 1.4e12^0.28 = e^(0.28 x 27.968) = 2,516 -> 410.7/2,516 = 0.1632;  1.69 + 0.0836 + 0.1632
    assert sl.loss(70e9, 1.4e12, HOFFMANN) == pytest.approx(1.9368, abs=2e-4)


def test_symmetric_fit_puts_the_optimum_at_equal_params_and_tokens():
    # C = 6e20: N* = D* = sqrt(6e20 / 6) = 1e10
    assert sl.optimal_params(6e20, SYMMETRIC) == pytest.approx(1e10)
    assert sl.optimal_tokens(6e20, SYMMETRIC) == pytest.approx(1e10)
    assert sl.optimal_tokens_per_param(6e20, SYMMETRIC) == pytest.approx(1.0)


def test_besiroglu_fit_gives_about_20_tokens_per_parameter_at_chinchillas_budget():
    # G = (0.3478 x 482.01 / (0.3658 x 2085.43))^(1/0.7136) = 0.2198^1.4013 = 0.1196
    # N* = 0.1196 x (9.6e22)^0.5126 = 7.22e10; D* = 9.6e22 / 7.22e10 = 1.33e12: 18.4 per parameter
    assert sl.optimal_params(5.76e23, BESIROGLU) == pytest.approx(7.22e10, rel=2e-3)
    assert sl.optimal_tokens_per_param(5.76e23, BESIROGLU) == pytest.approx(18.4, rel=2e-3)
    # the printed Hoffmann constants put it near 93 instead
    assert sl.optimal_tokens_per_param(5.76e23, HOFFMANN) == pytest.approx(92.6, rel=2e-3)


def test_closed_form_is_the_minimum_of_the_loss_along_the_compute_budget():
    # derived from the model's own functions: substitute D = C/(6N), set dL/dN = 0
    N, C = sp.symbols("N C", positive=True)
    fit = sl.symbolic_fit()
    D = C / sl.training_flops(N, 1)
    along = sl.loss(N, D, fit)
    for numbers in ({"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28},
                    {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}):
        subs = {getattr(fit, k): v for k, v in numbers.items()} | {C: 3.8e25}
        closed = sl.optimal_params(C, fit).subs(subs)
        slope = sp.diff(along, N).subs(subs).subs(N, closed)
        assert abs(float(slope * closed / along.subs(subs).subs(N, closed))) < 1e-9
    # and symbolically: N* makes dL/dN vanish for every constant
    slope = sp.diff(along, N).subs(N, sl.optimal_params(C, fit))
    assert sp.simplify(sp.expand_power_base(sp.powsimp(slope, force=True), force=True)) == 0


def test_closed_form_beats_a_numerical_search():
    logs = np.linspace(np.log(1e9), np.log(1e13), 40001)
    n = np.exp(logs)
    losses = sl.loss(n, 3.8e25 / sl.training_flops(n, 1), BESIROGLU)
    assert n[np.argmin(losses)] == pytest.approx(sl.optimal_params(3.8e25, BESIROGLU), rel=1e-3)


def test_chinchilla_tokens_for_params_inverts_the_optimum():
    n = sl.optimal_params(1e24, HOFFMANN)
    assert sl.optimal_tokens_for_params(n, HOFFMANN) == pytest.approx(
        sl.optimal_tokens(1e24, HOFFMANN))


def test_params_for_loss_inverts_the_loss_and_is_infinite_when_out_of_reach():
    n = sl.params_for_loss(2e12, 1.95, BESIROGLU)
    assert sl.loss(n, 2e12, BESIROGLU) == pytest.approx(1.95)
    # 1e9 tokens leave B/D^beta = 2085.43 / 1e9^0.3658 = 1.04 > 1.95 - 1.8172: unreachable
    assert sl.params_for_loss(1e9, 1.95, BESIROGLU) == np.inf
    assert np.all(np.isinf(sl.params_for_loss(np.array([1e8, 1e9]), 1.95, BESIROGLU)))


def test_functions_take_symbols():
    N, D, C, L = sp.symbols("N D C L", positive=True)
    fit = sl.symbolic_fit()
    assert sl.training_flops(N, D) == 6 * N * D
    assert sl.loss(N, D, fit) == fit.E + fit.A * N**-fit.alpha + fit.B * D**-fit.beta
    assert sl.optimal_tokens(C, fit).has(C)
    assert sl.optimal_tokens_per_param(C, fit).has(fit.alpha)
    assert sl.optimal_loss(C, fit).has(fit.E)
    reached = sl.loss(sl.params_for_loss(D, L, fit), D, fit)
    assert sp.simplify(sp.powdenest(reached, force=True) - L) == 0
    assert sl.optimal_tokens_for_params(N, fit).has(N)


@pytest.mark.parametrize("call, name", [
    (lambda: sl.training_flops(0, 1e12), "params"),
    (lambda: sl.loss(7e10, -1, HOFFMANN), "tokens"),
    (lambda: sl.optimal_params(float("nan"), HOFFMANN), "compute"),
    (lambda: sl.optimal_tokens_for_params("70B", HOFFMANN), "params"),
    (lambda: sl.with_constants(HOFFMANN, gamma=1.0), "constant"),
    (lambda: sl.with_constants(HOFFMANN, alpha=0), "alpha"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@given(st.floats(1e18, 1e28), st.sampled_from(list(scaling_fits.FITS)))
def test_optimum_spends_the_budget_and_grows_with_it(compute, fit):
    n, d = sl.optimal_params(compute, fit), sl.optimal_tokens(compute, fit)
    assert sl.training_flops(n, d) == pytest.approx(compute)
    assert sl.optimal_params(2 * compute, fit) > n
    assert sl.optimal_loss(2 * compute, fit) < sl.optimal_loss(compute, fit)


def test_catalogs_hold_the_published_figures():
    assert (BESIROGLU.E, BESIROGLU.A, BESIROGLU.B) == (1.8172, 482.01, 2085.43)
    assert (HOFFMANN.alpha, HOFFMANN.beta) == (0.34, 0.28)
    chinchilla = training_runs.get("Chinchilla")
    assert chinchilla.tokens / chinchilla.active_params == pytest.approx(20)
    v3 = training_runs.get("DeepSeek-V3")
    assert v3.is_moe and v3.tokens / v3.active_params == pytest.approx(400)
    assert not training_runs.get("Llama 3.1 405B").is_moe
    assert all(r.sources for r in (*training_runs.RUNS, *scaling_fits.FITS))
    with pytest.raises(ValueError, match="known scaling fits"):
        scaling_fits.get("Kaplan")
