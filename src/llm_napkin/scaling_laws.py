"""Chinchilla's scaling law: the loss of a model of N parameters trained on D tokens, and the
compute-optimal N and D for a training budget C = 6·N·D.

The loss is L(N, D) = E + A/N^α + B/D^β (nats per token) with the constants of a fit from
`catalogs.scaling_fits`. Minimising it at fixed C gives the closed form of Hoffmann et al. (2022):
N* = G·(C/6)^(β/(α+β)), D* = (C/6)^(α/(α+β))/G with G = (αA/(βB))^(1/(α+β)); the chapter and
the tests derive it from `loss` and `training_flops` with SymPy. For a sparse model N is the active
parameters (the FLOP per token); see the chapter for what that choice means.
"""

from dataclasses import replace

import numpy as np
import sympy as sp

from . import checks
from .catalogs.scaling_fits import ScalingFit
from .symbolic import is_symbolic, maximum, where


def training_flops(params, tokens):
    """FLOP to pre-train `params` (active) parameters on `tokens` tokens: 6·N·D (per parameter
    and token, 2 FLOP forward and 4 backward)."""
    checks.positive("params", params)
    checks.positive("tokens", tokens)
    return 6 * params * tokens


def loss(params, tokens, fit: ScalingFit):
    """Pre-training loss, nats per token: E + A/N^alpha + B/D^beta."""
    checks.positive("params", params)
    checks.positive("tokens", tokens)
    return fit.E + fit.A / params**fit.alpha + fit.B / tokens**fit.beta


def optimal_params(compute, fit: ScalingFit):
    """Parameters of the model that reaches the lowest loss for `compute` training FLOP:
    G·(C/6)^(β/(α+β)) with G = (αA/(βB))^(1/(α+β))."""
    checks.positive("compute", compute)
    a, b = fit.alpha, fit.beta
    scale = (a * fit.A / (b * fit.B)) ** (1 / (a + b))
    return scale * (compute / training_flops(1, 1)) ** (b / (a + b))


def optimal_tokens(compute, fit: ScalingFit):
    """Training tokens of the compute-optimal model: C / (6·N*)."""
    return compute / training_flops(optimal_params(compute, fit), 1)


def optimal_tokens_per_param(compute, fit: ScalingFit):
    """D*/N* at `compute` training FLOP: the "about 20" of the Chinchilla rule, for this fit."""
    return optimal_tokens(compute, fit) / optimal_params(compute, fit)


def optimal_loss(compute, fit: ScalingFit):
    """The lowest loss `compute` training FLOP can buy (nats per token)."""
    return loss(optimal_params(compute, fit), optimal_tokens(compute, fit), fit)


def optimal_tokens_for_params(params, fit: ScalingFit):
    """The training tokens for which `params` is the compute-optimal size (its "Chinchilla
    data"): where the two terms' slopes balance, alpha·A/N^alpha = beta·B/D^beta."""
    checks.positive("params", params)
    return (fit.beta * fit.B * params**fit.alpha / (fit.alpha * fit.A)) ** (1 / fit.beta)


def params_for_loss(tokens, target_loss, fit: ScalingFit):
    """Parameters that reach `target_loss` when trained on `tokens` tokens (the iso-loss curve):
    (A / (L - E - B/D^beta))^(1/alpha); infinite where no model size reaches it on so few tokens."""
    checks.positive("tokens", tokens)
    headroom = target_loss - fit.E - fit.B / tokens**fit.beta  # what the parameter term may use
    if is_symbolic(tokens, target_loss, headroom):
        return (fit.A / headroom) ** (1 / fit.alpha)
    with np.errstate(over="ignore"):  # a vanishing headroom needs an unbounded model
        return where(headroom > 0, (fit.A / maximum(headroom, 1e-300)) ** (1 / fit.alpha),
                     float("inf"))


def symbolic_fit(name: str = "symbols") -> ScalingFit:
    """A fit whose five constants are positive SymPy symbols E, A, B, alpha, beta."""
    E, A, B, alpha, beta = sp.symbols("E A B alpha beta", positive=True)
    return ScalingFit(name=name, E=E, A=A, B=B, alpha=alpha, beta=beta, sources=("symbols",))


def with_constants(fit: ScalingFit, **constants) -> ScalingFit:
    """`fit` with some constants replaced (for sensitivity checks)."""
    for key, value in constants.items():
        checks.one_of("constant", key, ("E", "A", "B", "alpha", "beta"))
        checks.positive(key, value)
    return replace(fit, **constants)
