"""Chapter 5 widget: the cheapest model over its life, against how many tokens it will serve.

The cheapest model has no closed form (`lifetime_cost` finds it by bisection), so a table holds
its pre-training tokens, found by the model, on a grid of FLOP and demand for each fit and goal,
and the formulas interpolate it (linearly in log2). The demand enters only through the lifetime
FLOP N·(6·D + 2·D_inf + r·D_RL), so the grid's demand is inference-equivalent tokens,
D_inf + r·D_RL/2; everything else (size, loss, costs, the equal-cost rule) the formulas compute
from the model's own functions.
"""

import numpy as np
import sympy as sp

from ... import lifetime_cost, scaling_laws
from ...catalogs import scaling_fits, training_runs
from ...catalogs.scaling_fits import ScalingFit
from ...symbolic import floor, is_symbolic, log2, maximum, minimum, where
from .. import live
from ..charts import Line, Panel, VLine
from ..plotstyle import COLORS

DEMAND = np.geomspace(1e11, 1e17, 49)  #: lifetime inference tokens along the x axis
TRILLION, FLOP_UNIT = 1e12, 1e24  #: the axes count tokens in trillions and FLOP in 10^24
MONTH = 365.25 / 12 * 86400  #: seconds
GOALS = ("reach a target loss", "spend a lifetime budget")
FLOP_LOG2 = np.arange(60, 96)  #: the table's FLOP grid, log2 (the FLOP slider's range)
DEMAND_LOG2 = np.arange(30, 59.01, 0.5)  #: its inference-equivalent tokens grid, log2
_REFERENCE = training_runs.get("Llama 3.1 405B")  # its pre-training compute sets the default


def cheapest_tokens(fit, goal) -> dict:
    """The fit's constants, whether `goal` is the budget, and log2 of the cheapest model's
    pre-training tokens at every (FLOP, inference-equivalent tokens) of the grid, flattened with
    the demand varying fastest."""
    f = scaling_fits.get(fit)
    flop = 2.0 ** FLOP_LOG2[:, None]
    demand = 2.0 ** DEMAND_LOG2[None, :]
    if goal == GOALS[0]:
        best = lifetime_cost.optimum_for_loss(scaling_laws.optimal_loss(flop, f), demand, fit=f)
    elif goal == GOALS[1]:
        best = lifetime_cost.optimum_for_budget(flop, demand, fit=f)
    else:
        raise ValueError(f"goal must be one of {', '.join(map(repr, GOALS))}; got {goal!r}")
    return dict(E=f.E, A=f.A, B=f.B, alpha=f.alpha, beta=f.beta, budget_goal=goal == GOALS[1],
                log2_tokens=np.round(np.log2(best.tokens), 5).ravel())


def _at(table, index):
    """table[index] for a symbolic index (the browser's array) or an array of whole numbers."""
    return table[index] if is_symbolic(index) else np.asarray(table)[np.asarray(index, int)]


def _interpolate(table, flop_log2, demand_log2):
    """log2 of the cheapest tokens at (flop_log2, demand_log2), bilinear on the grid (held at
    its edges)."""
    def cell(value, grid):
        step = grid[1] - grid[0]
        u = (value - grid[0]) / step
        i = minimum(maximum(floor(u), 0), len(grid) - 2)
        return i, u - i
    i, s = cell(flop_log2, FLOP_LOG2)
    j, t = cell(demand_log2, DEMAND_LOG2)
    n = len(DEMAND_LOG2)
    return ((1 - s) * ((1 - t) * _at(table, i * n + j) + t * _at(table, i * n + j + 1))
            + s * ((1 - t) * _at(table, (i + 1) * n + j) + t * _at(table, (i + 1) * n + j + 1)))


def _plan(c, d, fit, inference):
    """The cheapest model for `inference` tokens served: params, tokens, FLOP of each phase (NaN
    where out of reach), loss, and whether it is in reach (`ok`); `reach(tokens)` says whether a
    model trained on `tokens` tokens can match its loss."""
    rl = c["rl_tokens"], c["rl_flop"]
    equivalent = ((lifetime_cost.inference_flops(1, inference) + lifetime_cost.rl_flops(1, *rl))
                  / lifetime_cost.inference_flops(1, 1))
    tokens = 2 ** _interpolate(d["log2_tokens"], log2(c["flop"]), log2(equivalent))
    target = scaling_laws.optimal_loss(c["flop"], fit)
    spend = c["flop"] / lifetime_cost.lifetime_flops(1, tokens, inference, *rl)
    budget = d["budget_goal"] > 0
    # Out of reach only for a target loss that no size reaches on these tokens. The conditions
    # compare plain expressions, never a Piecewise: SymPy would try to simplify it (see _where).
    reach = lambda more: ((budget & (_headroom(scaling_laws.loss(spend, tokens, fit), more, fit)  # noqa: E731
                                     > 0))
                          | ((d["budget_goal"] <= 0) & (_headroom(target, tokens, fit) > 0)
                             & (_headroom(target, more, fit) > 0)))
    params = _where(budget, spend, scaling_laws.params_for_loss(tokens, target, fit))
    return {**_phases(params, tokens, reach(tokens), inference, rl, fit), "reach": reach}


def _headroom(loss, tokens, fit):
    """What the parameter term may use of `loss` on `tokens` tokens (above 0 if any size reaches
    it)."""
    return loss - fit.E - fit.B / tokens**fit.beta


def _where(condition, if_true, if_false):
    """`where`, leaving a symbolic result as it is: SymPy's checks of conditions over these long
    expressions (polynomial GCDs) would not finish."""
    if is_symbolic(condition, if_true, if_false):
        return sp.Piecewise((if_true, condition), (if_false, True), evaluate=False)
    return where(condition, if_true, if_false)


def _phases(params, tokens, ok, inference, rl, fit):
    """FLOP of each phase and the loss of `params` on `tokens` (NaN where not `ok`)."""
    n = _where(ok, params, 1.0)
    hide = lambda value: _where(ok, value, np.nan)  # noqa: E731
    pretraining = scaling_laws.training_flops(n, tokens)
    with_rl = pretraining + lifetime_cost.rl_flops(n, *rl)
    return dict(ok=ok, params=hide(n), tokens=tokens, pretraining=hide(pretraining),
                with_rl=hide(with_rl), total=hide(with_rl + lifetime_cost.inference_flops(n, inference)),
                loss=hide(scaling_laws.loss(n, tokens, fit)))


def _rule(plan, inference, rl, fit):
    """The lecture's equal-cost rule for the loss of `plan`: its phases (NaN where out of
    reach)."""
    tokens = lifetime_cost.equal_cost_tokens(inference)
    ok = plan["reach"](tokens)
    with np.errstate(invalid="ignore"):
        params = scaling_laws.params_for_loss(tokens, plan["loss"], fit)
    return _phases(params, tokens, ok, inference, rl, fit)


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the demand of the curves in trillions of tokens; FLOP in
    10^24 on the chart (and plain FLOP in the readout)."""
    fit = ScalingFit(name="", E=d["E"], A=d["A"], B=d["B"], alpha=d["alpha"], beta=d["beta"],
                     sources=())
    rl = c["rl_tokens"], c["rl_flop"]
    demand = lifetime_cost.served_tokens(c["tokens_per_second"], c["months"] * MONTH)
    best, curve = _plan(c, d, fit, demand), _plan(c, d, fit, x * TRILLION)
    rule = _rule(best, demand, rl, fit)
    rule_curve = _rule(curve, x * TRILLION, rl, fit)
    chinchilla = scaling_laws.optimal_tokens_for_params(best["params"], fit) / best["params"]
    ratio = best["tokens"] / best["params"]
    return dict(
        demand=demand, demand_x=demand / TRILLION,
        pretraining_curve=curve["pretraining"] / FLOP_UNIT, rl_curve=curve["with_rl"] / FLOP_UNIT,
        total_curve=curve["total"] / FLOP_UNIT, rule_curve=rule_curve["total"] / FLOP_UNIT,
        ratio_curve=curve["tokens"] / curve["params"],
        rule_ratio_curve=rule_curve["tokens"] / rule_curve["params"],
        loss=best["loss"], params=best["params"], tokens=best["tokens"], ratio=ratio,
        over_chinchilla=ratio / chinchilla, chinchilla=chinchilla, total=best["total"],
        pretraining_share=best["pretraining"] / best["total"],
        rl_share=(best["with_rl"] - best["pretraining"]) / best["total"],
        inference_share=(best["total"] - best["with_rl"]) / best["total"],
        rule_ok=rule["ok"], rule_params=rule["params"], rule_tokens=rule["tokens"],
        rule_extra=rule["total"] / best["total"] - 1,
    )


LIVE = live.LiveView(
    controls={
        "fit": live.Choice("scaling fit", tuple(scaling_fits.names()), "Besiroglu 2024"),
        "goal": live.Choice("goal", GOALS, GOALS[0]),
        "flop": live.Slider("FLOP (target run or budget)", 2.0**60, 2.0**95,
                            scaling_laws.training_flops(_REFERENCE.active_params,
                                                        _REFERENCE.tokens),
                            log=True, unit="count"),
        "tokens_per_second": live.Slider("tokens/s served", 2**10, 2**32, 5e7, log=True,
                                         unit="count"),
        "months": live.Slider("months of service", 0.5, 36, 2.0, step=0.5),
        "rl_tokens": live.Slider("RL tokens", 2**20, 2**50, 1e12, log=True, integer=True,
                                 unit="count"),
        "rl_flop": live.Slider("RL FLOP per param-token", 2, 6, 4.0, step=0.5),
    },
    tables=(live.Table(("fit", "goal"), cheapest_tokens),),
    formulas=formulas,
    grid=DEMAND / TRILLION,
    title="Fit {fit}: {goal}, RL {rl_tokens:count} tokens",
    panels=(
        Panel("Lifetime FLOP, stacked by phase", "trillions of tokens served over its life",
              "FLOP (10²⁴)", xlog=True, ylog=True, legend="upper left", items=(
                  Line("x", "pretraining_curve", COLORS["compute"], label="pre-training"),
                  Line("x", "rl_curve", COLORS["latency"], label="+ RL"),
                  Line("x", "total_curve", COLORS["total"], label="+ inference (total)"),
                  Line("x", "rule_curve", COLORS["total"], ":", label="equal-cost rule, total"),
                  VLine("demand_x", COLORS["limit"], "--", label="this demand"))),
        Panel("The cheapest model trains longer", "trillions of tokens served over its life",
              "pre-training tokens per parameter", xlog=True, ylog=True, legend="upper left",
              ylim=(1, None), items=(
                  Line("x", "ratio_curve", COLORS["memory"], label="cheapest"),
                  Line("x", "rule_ratio_curve", COLORS["memory"], ":", label="equal-cost rule"),
                  Line("demand_x", "ratio", COLORS["total"], "o"))),
    ),
    readout=(
        "{demand:count} inference tokens ({tokens_per_second:count} tokens/s for {months:sig} "
        "months); loss {loss:sig 4}.\nCheapest: {params:count} parameters on {tokens:count} "
        "tokens, {ratio:sig} tokens per parameter ({over_chinchilla:sig 2} × the "
        "{chinchilla:sig} that is Chinchilla-optimal at this size). Lifetime {total:sci} FLOP: pre-training {pretraining_share:percent}, RL {rl_share:percent}, inference "
        "{inference_share:percent}.\nBy comparison ",
        live.When("rule_ok", "the equal-cost rule ({rule_params:count} on {rule_tokens:count} "
                  "tokens) costs {rule_extra:percent} more.",
                  "the equal-cost rule (train on {rule_tokens:count} tokens) cannot reach this "
                  "loss at any size."),
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out). `goal` picks what
    `flop` means: for a target loss, the loss a Chinchilla-optimal pre-training run of `flop`
    FLOP reaches; for a budget, the lifetime FLOP (pre-training, RL and inference). Units: tokens
    per second served, months of service, RL tokens, RL FLOP per parameter-token."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
