"""Claims of the lecture's fifth topic: over-training beyond Chinchilla."""

import numpy as np

from .. import lifetime_cost, scaling_laws
from ..catalogs import scaling_fits, training_runs
from ..show import fmt
from . import Claim

_L = ("pope2026lecture",)
MONTH = 365.25 / 12 * 86400  #: seconds in an average month
LECTURE_RATE, LECTURE_MONTHS = 50e6, 2  #: the lecture's traffic: 50M tokens/s for two months
FRONTIER_ACTIVE = 100e9  #: active parameters that make the lecture's "100 times" come out
REFERENCE = "Llama 3.1 405B"  #: the run whose compute sets the quality of the lecture's case


def rule_of_thumb() -> float:
    """The lecture's "about 20 tokens per parameter": Chinchilla's own tokens over parameters."""
    run = training_runs.get("Chinchilla")
    return run.tokens / run.active_params


def lecture_demand() -> float:
    """Tokens served at the lecture's rate for its two months."""
    return lifetime_cost.served_tokens(LECTURE_RATE, LECTURE_MONTHS * MONTH)


def reference_compute() -> float:
    """Pre-training FLOP of the reference run, 6·N·D from its published size and tokens."""
    run = training_runs.get(REFERENCE)
    return scaling_laws.training_flops(run.active_params, run.tokens)


def lecture_case(fit_name: str = "Besiroglu 2024"):
    """(cheapest plan, equal-cost plan, target loss) for the lecture's demand at the quality of a
    Chinchilla-optimal run with the reference compute."""
    fit = scaling_fits.get(fit_name)
    target = scaling_laws.optimal_loss(reference_compute(), fit)
    demand = lecture_demand()
    return (lifetime_cost.optimum_for_loss(target, demand, fit=fit),
            lifetime_cost.equal_cost_for_loss(target, demand, fit=fit), target)


def rule_window(fit_name: str = "Besiroglu 2024", within: float = 0.1):
    """(lowest, highest) lifetime inference tokens where the equal-cost rule costs at most
    `within` more than the cheapest plan, and the demand below which it cannot reach the loss."""
    fit = scaling_fits.get(fit_name)
    target = scaling_laws.optimal_loss(reference_compute(), fit)
    demand = np.geomspace(1e11, 1e17, 601)
    best = lifetime_cost.optimum_for_loss(target, demand, fit=fit)
    extra = lifetime_cost.equal_cost_for_loss(target, demand, fit=fit).total / best.total - 1
    near = demand[extra <= within]
    return near.min(), near.max(), demand[np.isfinite(extra)].min()


def _chinchilla_20() -> str:
    run = training_runs.get("Chinchilla")
    c = scaling_laws.training_flops(run.active_params, run.tokens)
    fits = {f.name: scaling_laws.optimal_tokens_per_param(c, f) for f in scaling_fits.FITS}
    return (f"Chinchilla itself: {fmt.count(run.active_params)} parameters on "
            f"{fmt.count(run.tokens)} tokens, {fmt.sig(run.tokens / run.active_params, 2)} per "
            f"parameter. At its budget ({fmt.sci(c)} FLOP) the replication's fit gives "
            f"{fmt.sig(fits['Besiroglu 2024'])} tokens per parameter, but the constants printed "
            f"in Hoffmann et al. give {fmt.sig(fits['Hoffmann 2022'])}: the rule rests on their "
            f"Approaches 1 and 2 and the 2024 replication, not on their printed parametric fit.")


def _cost_model() -> str:
    return (f"6·N·D, r·N·D_RL with r in {list(lifetime_cost.RL_FLOP_PER_PARAM_TOKEN)} and "
            f"2·N·D_inf are the standard counts of matmul FLOP per active parameter and token. "
            f"They leave out attention's FLOP, which grow with context, and the fact that "
            f"memory-bound decode buys its FLOP dearer than training does.")


def _equalize() -> str:
    best, rule, _ = lecture_case()
    low, high, feasible = rule_window()
    return (f"The true minimum (Lagrange condition) does not equalize costs: at the lecture's "
            f"demand it spends {fmt.sig(best.inference / best.pretraining, 2)}× as much on "
            f"inference as on pre-training, and the equal-cost rule costs "
            f"{fmt.percent(rule.total / best.total - 1)} more. The rule stays within 10% of the "
            f"minimum for {fmt.count(low)} to {fmt.count(high)} inference tokens and cannot reach "
            f"the target at all below {fmt.count(feasible)} (Besiroglu fit, quality of a "
            f"Chinchilla-optimal {fmt.sci(reference_compute())} FLOP run). The minimum is flat, "
            f"so the heuristic is a good guess near its sweet spot.")


def _equal_data() -> str:
    d = lecture_demand()
    return (f"Equal pre-training and inference FLOP (6·N·D = 2·N·D_inf) means "
            f"D = D_inf/3: {fmt.count(lifetime_cost.equal_cost_tokens(d))} pre-training tokens "
            f"for {fmt.count(d)} served, inside the lecture's factor of 2 to 3. RL tokens equal "
            f"the others only if the lab chooses so: the loss model gives RL no benefit.")


def _50m() -> str:
    d = lecture_demand()
    return (f"50M tokens/s for two months (61 days) is {fmt.count(d)} tokens "
            f"({fmt.sci(d, 3)}), {fmt.sig(d / 200e12, 2)}× the lecture's 200T; the conclusion "
            f"does not change.")


def _100x() -> str:
    d = lecture_demand()
    fit = scaling_fits.get("Besiroglu 2024")
    chin = rule_of_thumb() * FRONTIER_ACTIVE
    equal = lifetime_cost.equal_cost_tokens(d)
    best, _, _ = lecture_case()
    best_chin = scaling_laws.optimal_tokens_for_params(best.params, fit)
    moe = [r for r in training_runs.RUNS if r.is_moe]
    multiples = [r.tokens / r.active_params / rule_of_thumb() for r in moe]
    return (f"200T tokens over {fmt.sig(rule_of_thumb(), 2)} × {fmt.count(FRONTIER_ACTIVE)} = "
            f"{fmt.count(chin)} is 100×: "
            f"the lecture assumes about {fmt.count(FRONTIER_ACTIVE)} active parameters and "
            f"pre-training tokens equal to inference tokens. With equal FLOP instead "
            f"({fmt.count(equal)} tokens) it is {fmt.sig(equal / chin, 2)}×; the true minimum at "
            f"a Llama-3.1-405B-budget quality trains {fmt.count(best.params)} on "
            f"{fmt.count(best.tokens)} tokens, {fmt.sig(best.tokens / best_chin, 2)}× its "
            f"Chinchilla data. Published MoE runs sit at {fmt.sig(min(multiples), 2)} to "
            f"{fmt.sig(max(multiples), 2)}× per active parameter.")


def _smaller_longer() -> str:
    fit = scaling_fits.get("Besiroglu 2024")
    best, _, target = lecture_case()
    none = lifetime_cost.optimum_for_loss(target, 0.0, fit=fit)
    return (f"At the same quality, the cheapest model shrinks from {fmt.count(none.params)} "
            f"parameters on {fmt.count(none.tokens)} tokens (no inference) to "
            f"{fmt.count(best.params)} on {fmt.count(best.tokens)} at the lecture's demand: "
            f"{fmt.sig(best.tokens_per_param)} tokens per parameter instead of "
            f"{fmt.sig(none.tokens_per_param)}; more demand always moves it further that way.")


def _from_prices() -> str:
    d = lecture_demand()
    return (f"The inversion works as arithmetic: served tokens (from revenue over price, or "
            f"reported traffic) give D_inf, and equal FLOP give D = D_inf/3 "
            f"({fmt.count(lifetime_cost.equal_cost_tokens(d))} for the lecture's traffic). It "
            f"inherits every assumption: that costs are in fact equalized, the margin, and which "
            f"model serves the tokens.")


CLAIMS = (
    Claim("overtraining.chinchilla-20",
          "Chinchilla-optimal training uses about 20 tokens per parameter.",
          "holds with a caveat", _chinchilla_20,
          sources=_L + ("hoffmann2022chinchilla", "besiroglu2024replication")),
    Claim("overtraining.cost-model",
          "Pre-training costs about 6·N·D, RL (2 to 6)·N·D, inference 2·N·D, with N the active "
          "parameters.", "holds with a caveat", _cost_model,
          sources=_L + ("hoffmann2022chinchilla",)),
    Claim("overtraining.equalize",
          "Total cost over a model's life is lowest when pre-training, RL and inference costs "
          "come out roughly equal.", "holds with a caveat", _equalize,
          sources=_L + ("sardana2024beyond",)),
    Claim("overtraining.equal-data",
          "So pre-training, RL and inference tokens are about equal, within factors of 2 to 3.",
          "holds with a caveat", _equal_data, sources=_L),
    Claim("overtraining.50m-tokens",
          "Serving 50 million tokens per second for two months is about 200 trillion tokens.",
          "arithmetic slip", _50m, sources=_L),
    Claim("overtraining.100x",
          "That implies about 100 times the Chinchilla-optimal data for a frontier model.",
          "off by a factor", _100x,
          sources=_L + ("deepseekv3", "kimik2", "qwen3", "llama3")),
    Claim("overtraining.smaller-longer",
          "A model served to many users should be smaller and trained longer, because it is "
          "cheaper to serve.", "holds", _smaller_longer, sources=_L + ("sardana2024beyond",)),
    Claim("overtraining.from-prices",
          "Training data can be estimated from API prices and traffic by assuming the costs are "
          "equalized.", "holds with a caveat", _from_prices, sources=_L),
)
