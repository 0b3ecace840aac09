"""The cost of a model over its life: pre-training, RL and inference, in FLOP.

The lecture's cost model, with N the active parameters (FLOP per token) of the model:
pre-training 6·N·D, reinforcement learning r·N·D_RL with r from 2 (rollouts only, forward) to 6
(forward and backward on every rollout token), and inference 2·N·D_inf. Chinchilla's loss
(`scaling_laws`) ties N and D to the quality of the model; RL and inference tokens are demand,
given from outside. Given a target loss, the cheapest (N, D) over the model's life satisfies the
Lagrange condition α·A/N^α = β·B/D^β · (lifetime FLOP / pre-training FLOP), the condition
`expansion_gap` measures; the same curve gives the lowest loss for a lifetime budget (Sardana et
al. 2024). The lecture's heuristic instead makes pre-training cost equal to inference cost.
"""

from dataclasses import dataclass

import numpy as np

from . import checks
from .catalogs.scaling_fits import ScalingFit
from .scaling_laws import loss, params_for_loss, training_flops
from .symbolic import is_symbolic

RL_FLOP_PER_PARAM_TOKEN = (2, 6)
"""FLOP per active parameter and RL token: 2 for forward-only rollouts, 6 with a backward pass."""


def rl_flops(params, rl_tokens, flop_per_param_token=4):
    """FLOP of reinforcement learning on `rl_tokens` rollout tokens: r·N·D_RL, r in [2, 6]."""
    checks.positive("params", params)
    checks.non_negative("rl_tokens", rl_tokens)
    if not is_symbolic(flop_per_param_token):
        low, high = RL_FLOP_PER_PARAM_TOKEN
        value = checks.positive("flop_per_param_token", flop_per_param_token)
        if not np.all((np.asarray(value) >= low) & (np.asarray(value) <= high)):
            raise ValueError(f"flop_per_param_token must lie in [{low}, {high}] (2 forward only, "
                             f"6 forward and backward), got {flop_per_param_token!r}")
    return flop_per_param_token * params * rl_tokens


def inference_flops(params, inference_tokens):
    """FLOP to serve `inference_tokens` tokens (prompt and output alike): 2·N·D_inf."""
    checks.positive("params", params)
    checks.non_negative("inference_tokens", inference_tokens)
    return 2 * params * inference_tokens


def served_tokens(tokens_per_second, seconds):
    """Tokens served at `tokens_per_second` over `seconds`."""
    checks.non_negative("tokens_per_second", tokens_per_second)
    checks.non_negative("seconds", seconds)
    return tokens_per_second * seconds


def lifetime_flops(params, tokens, inference_tokens, rl_tokens=0, rl_flop_per_param_token=4):
    """Pre-training plus RL plus inference FLOP of one model over its life."""
    return (training_flops(params, tokens)
            + rl_flops(params, rl_tokens, rl_flop_per_param_token)
            + inference_flops(params, inference_tokens))


def expansion_gap(params, tokens, inference_tokens, rl_tokens, rl_flop_per_param_token,
                  fit: ScalingFit):
    """α·A/N^α − β·B/D^β · (lifetime FLOP / pre-training FLOP): zero where (N, D) is the cheapest
    way over the model's life to its loss; positive where a larger model on fewer tokens is cheaper.
    With no inference or RL it is Chinchilla's condition α·A/N^α = β·B/D^β."""
    ratio = (lifetime_flops(params, tokens, inference_tokens, rl_tokens, rl_flop_per_param_token)
             / training_flops(params, tokens))
    return fit.alpha * fit.A / params**fit.alpha - fit.beta * fit.B / tokens**fit.beta * ratio


def equal_cost_tokens(inference_tokens):
    """Pre-training tokens that make pre-training FLOP equal to inference FLOP (the lecture's
    heuristic): 2·N·D_inf / (6·N) = D_inf / 3."""
    return inference_flops(1, inference_tokens) / training_flops(1, 1)


@dataclass(frozen=True)
class Plan:
    """A model and its life: size, pre-training tokens and the FLOP of each phase (arrays
    broadcast)."""

    params: object  #: active parameters
    tokens: object  #: pre-training tokens
    pretraining: object  #: FLOP
    rl: object  #: FLOP
    inference: object  #: FLOP

    @property
    def total(self):
        """Lifetime FLOP."""
        return self.pretraining + self.rl + self.inference

    @property
    def tokens_per_param(self):
        """Pre-training tokens per parameter."""
        return self.tokens / self.params


def plan(params, tokens, inference_tokens, rl_tokens=0, rl_flop_per_param_token=4) -> Plan:
    """The Plan of a model of `params` parameters pre-trained on `tokens` tokens."""
    params, tokens = np.asarray(params, dtype=float), np.asarray(tokens, dtype=float)
    finite = np.isfinite(params)
    n = np.where(finite, params, 1.0)  # an unreachable loss costs infinity, without warnings
    cost = [np.where(finite, f, np.inf)[()] for f in (
        training_flops(n, tokens), rl_flops(n, rl_tokens, rl_flop_per_param_token),
        inference_flops(n, inference_tokens))]
    return Plan(params[()], tokens[()], *cost)


def _bisect(gap, low, high, steps=64):
    """The root of `gap` (increasing in its argument) between `low` and `high`, in log space."""
    lo, hi = np.log(low), np.log(high)
    for _ in range(steps):
        mid = (lo + hi) / 2
        below = gap(np.exp(mid)) < 0
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return np.exp((lo + hi) / 2)


def _numbers(**values):
    for name, value in values.items():
        if is_symbolic(value):
            raise ValueError(f"{name} must be a number: the optimum has no closed form (its "
                             f"condition, expansion_gap, takes symbols); got {value!r}")


def optimum_for_loss(target_loss, inference_tokens, rl_tokens=0, rl_flop_per_param_token=4,
                     *, fit: ScalingFit) -> Plan:
    """The cheapest model over its life that reaches `target_loss` (nats per token), for the
    given inference and RL demand (tokens). Numbers or arrays, found by bisection on the Lagrange
    condition (`expansion_gap` = 0) along the iso-loss curve."""
    _numbers(target_loss=target_loss, inference_tokens=inference_tokens, rl_tokens=rl_tokens)
    checks.positive("target_loss", target_loss)
    if np.any(np.asarray(target_loss) <= fit.E):
        raise ValueError(f"target_loss must be above the fit's irreducible loss E = {fit.E}, got "
                         f"{target_loss!r}")
    rl_flops(1, rl_tokens, rl_flop_per_param_token)  # checks the RL inputs
    inference_flops(1, inference_tokens)
    target, d_inf, d_rl = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                                (target_loss, inference_tokens, rl_tokens)))
    fewest = (fit.B / (target - fit.E)) ** (1 / fit.beta)  # the data term alone uses all headroom

    def gap(tokens):
        n = params_for_loss(tokens, target, fit)
        return np.where(np.isfinite(n), expansion_gap(np.where(np.isfinite(n), n, 1.0), tokens,
                                                      d_inf, d_rl, rl_flop_per_param_token, fit),
                        -1.0)

    tokens = _bisect(gap, fewest * (1 + 1e-12), fewest * 1e15)
    return plan(params_for_loss(tokens, target, fit), tokens, d_inf, d_rl,
                rl_flop_per_param_token)


def optimum_for_budget(budget, inference_tokens, rl_tokens=0, rl_flop_per_param_token=4, *,
                       fit: ScalingFit) -> Plan:
    """The model of lowest loss whose lifetime FLOP (pre-training, RL and inference) is `budget`.
    Numbers or arrays, by bisection on the same Lagrange condition as `optimum_for_loss`."""
    _numbers(budget=budget, inference_tokens=inference_tokens, rl_tokens=rl_tokens)
    checks.positive("budget", budget)
    rl_flops(1, rl_tokens, rl_flop_per_param_token)
    inference_flops(1, inference_tokens)
    total, d_inf, d_rl = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                               (budget, inference_tokens, rl_tokens)))

    def params(tokens):  # the model size that spends the whole budget
        return total / lifetime_flops(1, tokens, d_inf, d_rl, rl_flop_per_param_token)

    def gap(tokens):
        return expansion_gap(params(tokens), tokens, d_inf, d_rl, rl_flop_per_param_token, fit)

    tokens = _bisect(gap, 1.0, total / training_flops(1, 1))
    return plan(params(tokens), tokens, d_inf, d_rl, rl_flop_per_param_token)


def equal_cost_for_loss(target_loss, inference_tokens, rl_tokens=0, rl_flop_per_param_token=4,
                        *, fit: ScalingFit) -> Plan:
    """The lecture's heuristic: pre-train on `equal_cost_tokens` (pre-training FLOP = inference
    FLOP) and pick the model size that reaches `target_loss` on them. Where no size does, the
    plan's params and costs are infinite."""
    tokens = equal_cost_tokens(inference_tokens)
    if np.any(np.asarray(tokens) <= 0):
        raise ValueError(f"inference_tokens must be greater than 0 for the equal-cost heuristic, "
                         f"got {inference_tokens!r}")
    return plan(params_for_loss(tokens, target_loss, fit), tokens, inference_tokens, rl_tokens,
                rl_flop_per_param_token)


def plan_loss(p: Plan, fit: ScalingFit):
    """The loss the plan's model reaches."""
    return loss(p.params, p.tokens, fit)


def params_from_price(dollars_per_token, dollars_per_flop):
    """Active parameters of a model whose inference compute, 2·N FLOP per token, costs
    `dollars_per_token`: the lecture's inversion from prices to model size."""
    checks.positive("dollars_per_token", dollars_per_token)
    checks.positive("dollars_per_flop", dollars_per_flop)
    return dollars_per_token / inference_flops(1, 1) / dollars_per_flop


def dollars_per_flop(dollars_per_chip_hour, flops, utilization):
    """Dollars per FLOP on a chip rented at `dollars_per_chip_hour` that delivers `flops` FLOP/s
    at `utilization` (a fraction in (0, 1])."""
    checks.positive("dollars_per_chip_hour", dollars_per_chip_hour)
    checks.positive("flops", flops)
    checks.fraction("utilization", utilization)
    return dollars_per_chip_hour / 3600 / (flops * utilization)
