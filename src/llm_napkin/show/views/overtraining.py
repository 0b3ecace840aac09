"""Chapter 5 widget: the cheapest model over its life, against how many tokens it will serve."""

import numpy as np

from ... import lifetime_cost, scaling_laws
from ...catalogs import scaling_fits, training_runs
from .. import fmt, widgets
from ..charts import Chart, Line, Panel, VLine
from ..plotstyle import COLORS

DEMAND = np.geomspace(1e11, 1e17, 49)  #: lifetime inference tokens along the x axis
TRILLION, FLOP_UNIT = 1e12, 1e24  #: the axes count tokens in trillions and FLOP in 10^24
MONTH = 365.25 / 12 * 86400  #: seconds
GOALS = ("reach a target loss", "spend a lifetime budget")
_REFERENCE = training_runs.get("Llama 3.1 405B")  # its pre-training compute sets the default
DEFAULTS = dict(fit="Besiroglu 2024", goal="reach a target loss",
                flop=scaling_laws.training_flops(_REFERENCE.active_params, _REFERENCE.tokens),
                tokens_per_second=5e7, months=2.0, rl_tokens=1e12, rl_flop=4.0)


def view(fit, goal, flop, tokens_per_second, months, rl_tokens, rl_flop):
    """Chart and readout for one model's life.

    `goal` picks what `flop` means: for a target loss, the loss a Chinchilla-optimal pre-training
    run of `flop` FLOP reaches; for a budget, the lifetime FLOP (pre-training, RL and inference).
    Units: tokens per second served, months of service, RL tokens, RL FLOP per parameter-token.
    """
    f = scaling_fits.get(fit)
    demand = lifetime_cost.served_tokens(tokens_per_second, months * MONTH)
    here = np.append(DEMAND, demand)  # the curves, then this demand, in one pass
    if goal == GOALS[0]:
        target = scaling_laws.optimal_loss(flop, f)
        best = lifetime_cost.optimum_for_loss(target, here, rl_tokens, rl_flop, fit=f)
    elif goal == GOALS[1]:
        best = lifetime_cost.optimum_for_budget(flop, here, rl_tokens, rl_flop, fit=f)
    else:
        raise ValueError(f"goal must be one of {', '.join(map(repr, GOALS))}; got {goal!r}")
    reached = lifetime_cost.plan_loss(best, f)
    rule = lifetime_cost.equal_cost_for_loss(reached, here, rl_tokens, rl_flop, fit=f)
    # Chinchilla's tokens per parameter for a model of this size (no inference, no RL)
    chinchilla = scaling_laws.optimal_tokens_for_params(best.params[-1], f) / best.params[-1]

    def curve(values, unit=1.0):  # the sweep without this demand; nothing where out of reach
        values = values[:-1]
        return np.where(np.isfinite(values) & (values > 0), values / unit, np.nan)

    x = DEMAND / TRILLION
    stacked = (Line(x, curve(best.pretraining, FLOP_UNIT), COLORS["compute"],
                    label="pre-training"),
               Line(x, curve(best.pretraining + best.rl, FLOP_UNIT), COLORS["latency"],
                    label="+ RL"),
               Line(x, curve(best.total, FLOP_UNIT), COLORS["total"],
                    label="+ inference (total)"),
               Line(x, curve(rule.total, FLOP_UNIT), COLORS["total"], ":",
                    label="equal-cost rule, total"),
               VLine(demand / TRILLION, COLORS["limit"], "--", label="this demand"))
    ratios = (Line(x, curve(best.tokens_per_param), COLORS["memory"], label="cheapest"),
              Line(x, curve(rule.tokens_per_param), COLORS["memory"], ":",
                   label="equal-cost rule"),
              Line(demand / TRILLION, best.tokens_per_param[-1], COLORS["total"], "o"))
    chart = Chart(title=f"Fit {f.name}: {goal}, RL {fmt.count(rl_tokens)} tokens", panels=(
        Panel("Lifetime FLOP, stacked by phase", "trillions of tokens served over its life",
              "FLOP (10²⁴)", xlog=True, ylog=True, legend="upper left", items=stacked),
        Panel("The cheapest model trains longer", "trillions of tokens served over its life",
              "pre-training tokens per parameter", xlog=True, ylog=True, legend="upper left",
              items=ratios, ylim=(1, None)),
    ))

    b, r = best, rule
    total = b.total[-1]
    shares = ", ".join(f"{name} {fmt.percent(part[-1] / total)}" for name, part in
                       (("pre-training", b.pretraining), ("RL", b.rl), ("inference", b.inference)))
    extra = r.total[-1] / total - 1
    rule_text = (f"the equal-cost rule (train on {fmt.count(r.tokens[-1])} tokens) cannot reach "
                 f"this loss" if not np.isfinite(extra) else
                 f"the equal-cost rule ({fmt.count(r.params[-1])} on {fmt.count(r.tokens[-1])} "
                 f"tokens) costs {fmt.percent(extra)} more")
    readout = (
        f"{fmt.count(demand)} inference tokens ({fmt.count(tokens_per_second)} tokens/s for "
        f"{months:g} months); loss {reached[-1]:.3f}.\n"
        f"Cheapest: {fmt.count(b.params[-1])} parameters on {fmt.count(b.tokens[-1])} tokens, "
        f"{fmt.sig(b.tokens_per_param[-1])} tokens per parameter"
        f" ({fmt.sig(b.tokens_per_param[-1] / chinchilla, 2)} × the {fmt.sig(chinchilla)} that "
        f"is Chinchilla-optimal at this size). Lifetime {fmt.sci(total)} FLOP: {shares}.\n"
        f"By comparison {rule_text}."
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        "fit": widgets.choice("scaling fit", scaling_fits.names(), DEFAULTS["fit"]),
        "goal": widgets.choice("goal", GOALS, DEFAULTS["goal"]),
        "flop": widgets.log_slider("FLOP (target run or budget)", 2**60, 2**95,
                                   DEFAULTS["flop"]),
        "tokens_per_second": widgets.log_slider("tokens/s served", 2**10, 2**32,
                                                DEFAULTS["tokens_per_second"]),
        "months": widgets.slider("months of service", 0.5, 36, DEFAULTS["months"], 0.5),
        "rl_tokens": widgets.log_slider("RL tokens", 2**20, 2**50, DEFAULTS["rl_tokens"]),
        "rl_flop": widgets.slider("RL FLOP per param-token", 2, 6, DEFAULTS["rl_flop"], 0.5),
    })
