"""Parameters by part, recomputed from a model's architecture.

Every token reads the embeddings, attention, dense feed-forward layers, router and shared experts;
of the routed experts it reads `experts_per_token` out of `experts`. Splitting the weights this
way lets a chapter say which parts turn compute bound at which batch. The sums agree with the
published sizes to within 1.5% (the tests check it).
"""

from . import attention
from .catalogs.models import Model

PARTS = ("embeddings", "attention", "dense feed-forward", "router", "shared experts",
         "routed experts")


def counts(model: Model) -> dict[str, dict[str, float]]:
    """Weights by part: {'total': {part: count}, 'active': {part: count}}, over PARTS."""
    ffn = model.ffn_matrices * model.d_model
    embeddings = model.vocab * model.d_model * (1 if model.tied_embeddings else 2)
    embeddings += model.learned_positions * model.d_model
    always = {
        "embeddings": embeddings,
        "attention": model.layers * attention.params_per_layer(model),
        "dense feed-forward": model.n_dense_layers * ffn * model.d_ff,
        "router": model.moe_layers * model.d_model * model.experts,
        "shared experts": model.moe_layers * model.shared_experts * ffn * model.d_expert,
    }
    routed = model.moe_layers * ffn * model.d_expert
    return {"total": always | {"routed experts": routed * model.experts},
            "active": always | {"routed experts": routed * model.experts_per_token}}


def parts(model: Model) -> dict[str, tuple[float, float]]:
    """{part: (total weights, weights each token multiplies)} for the parts the model has."""
    split = counts(model)
    return {name: (total, split["active"][name])
            for name, total in split["total"].items() if total > 0}


def sums(model: Model) -> tuple[float, float]:
    """(total, active) weights summed over parts(): the architecture's own count, which can differ
    by a percent or two from the published `model.total_params` and `.active_params`."""
    split = parts(model).values()
    return sum(total for total, _ in split), sum(active for _, active in split)
