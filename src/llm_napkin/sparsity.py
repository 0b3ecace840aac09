"""How sparsity moves the knee batch: which weights each token reads, and how experts share a batch.

A decode step reads every weight once but multiplies each token only by the weights it uses.
Weights that every token uses (attention, dense layers, shared experts) turn compute bound at the
dense knee; routed experts, of which each token uses `top_k` out of `experts`, need `experts /
top_k` times that batch. The KV cache raises every knee, without limit as the context approaches
`context_limit`.

Functions of numbers take SI units and accept numbers, NumPy arrays or SymPy symbols; those that
take a `serving.Deployment` read the chip, model and precision from it.
"""

from . import checks, roofline
from .mathops import ceil
from .precision import bytes_per_value

ATTENTION = "attention"
"""The part of a model whose memory traffic includes the KV cache."""


def sparsity(total_params, active_params):
    """Total over active parameters: how many weights are read per weight a token multiplies (1 for
    a dense model)."""
    return checks.positive("total_params", total_params) / checks.positive("active_params",
                                                                          active_params)


def tokens_per_expert(batch, top_k, experts, padded=True):
    """Tokens each expert multiplies when each of `batch` tokens picks `top_k` of `experts` experts
    and the load is perfectly balanced.

    With padded=True every expert works on a whole number of tokens, ceil(batch * top_k /
    experts), as one batched matrix product over all experts does; padded=False gives the mean
    load, batch * top_k / experts.
    """
    checks.positive("batch", batch)
    checks.positive("top_k", top_k)
    checks.positive("experts", experts)
    checks.at_most("top_k", top_k, "experts", experts)
    load = batch * top_k / experts
    return ceil(load) if padded else load


def moe_step_time(batch, *, experts, top_k, expert_params, bytes_per_param, flops, bandwidth,
                  memory_efficiency=1, compute_efficiency=1, padded=True):
    """Seconds for one step of a layer of `experts` experts of `expert_params` weights each.

    Every expert's weights are read once and each expert multiplies its share of the tokens, so
    the layer behaves like one dense layer holding all the experts' weights, run at a batch of
    tokens_per_expert(). A dense layer is the case experts = top_k = 1.
    """
    checks.positive("expert_params", expert_params)
    checks.positive("bytes_per_param", bytes_per_param)
    return roofline.decode_step_time(
        tokens_per_expert(batch, top_k, experts, padded),
        weight_bytes=experts * expert_params * bytes_per_param,
        active_params=experts * expert_params, flops=flops, bandwidth=bandwidth,
        memory_efficiency=memory_efficiency, compute_efficiency=compute_efficiency)


def moe_knee_batch(*, experts, top_k, bytes_per_param, flops, bandwidth, memory_efficiency=1,
                   compute_efficiency=1):
    """The batch (tokens) at which a layer of routed experts turns compute bound, ignoring rounding.

    Each expert turns compute bound when its own tokens reach the dense knee, which does not
    depend on the expert's size (so it is computed per weight here); the whole batch is
    experts / top_k times larger.
    """
    checks.positive("experts", experts)
    checks.positive("top_k", top_k)
    per_expert = roofline.knee_batch(weight_bytes=bytes_per_param, active_params=1, flops=flops,
                                     bandwidth=bandwidth, memory_efficiency=memory_efficiency,
                                     compute_efficiency=compute_efficiency)
    return per_expert * experts / top_k


def context_limit(*, active_params, kv_bytes_per_token, flops, bandwidth, memory_efficiency=1,
                  compute_efficiency=1):
    """The context (tokens) beyond which no batch is compute bound.

    There each sequence's KV-cache read takes as long as its multiplies, so adding sequences adds
    memory time as fast as compute time and the two lines never cross.
    """
    checks.positive("kv_bytes_per_token", kv_bytes_per_token)
    bandwidth, flops = roofline.achieved(bandwidth, flops, memory_efficiency, compute_efficiency)
    return (roofline.matmul_time(1, active_params, flops)
            / roofline.kv_fetch_time(1, 1, kv_bytes_per_token, bandwidth))


def parts(model) -> dict[str, tuple[float, float]]:
    """{part: (total weights, weights each token multiplies)} for the parts the model has, from
    models.Model.parameter_counts()."""
    counts = model.parameter_counts()
    return {name: (total, counts["active"][name])
            for name, total in counts["total"].items() if total > 0}


def part_sums(model) -> tuple[float, float]:
    """(total, active) weights summed over parts(): the architecture's own count, which can differ
    by a percent or two from the published sizes in `model.total_params` and `.active_params`."""
    split = parts(model).values()
    return sum(total for total, _ in split), sum(active for _, active in split)


def _roofline(deployment, total, active, context, kv):
    return dict(weight_bytes=total * bytes_per_value(deployment.precision), active_params=active,
                flops=deployment.flops, bandwidth=deployment.bandwidth,
                context=context if kv else 0, kv_bytes_per_token=kv,
                memory_efficiency=deployment.memory_efficiency,
                compute_efficiency=deployment.compute_efficiency)


def _by_part(deployment, context):
    kv = deployment.kv_bytes_per_token
    return {name: _roofline(deployment, total, active, context, kv if name == ATTENTION else 0)
            for name, (total, active) in parts(deployment.model).items()}


def _whole(deployment, context):
    return _roofline(deployment, *part_sums(deployment.model), context,
                     deployment.kv_bytes_per_token)


OVERLAPS = ("part", "step")


def knees_by_part(deployment, context=0) -> dict[str, float]:
    """{part: batch at which that part alone turns compute bound} for a serving.Deployment.

    Each part's weights are read once per step and multiplied by every token (routed experts: by
    top_k of every `experts` tokens). The KV cache is read with the attention.
    """
    return {name: roofline.knee_batch(**kwargs)
            for name, kwargs in _by_part(deployment, context).items()}


def whole_model_knee(deployment, context=0):
    """The knee batch when memory and compute overlap across the whole step: roofline.knee_batch
    of the parts' summed weights (the same as deployment.knee_batch, up to part_sums' count)."""
    return roofline.knee_batch(**_whole(deployment, context))


def step_time_by_part(deployment, batch, context=0, overlap="part"):
    """Seconds per decode step of a serving.Deployment, from its parts.

    overlap='part': memory and compute overlap within each part but not across parts, as when
    each layer's kernels run one after another; the step is the sum of each part's roofline step
    time, which turns fully compute bound only at the largest of knees_by_part().
    overlap='step': they overlap across the whole step (the book's usual model), which turns
    compute bound at whole_model_knee(). The first is never shorter than the second, and they
    agree once every part is compute bound or every part memory bound.
    """
    checks.one_of("overlap", overlap, OVERLAPS)
    if overlap == "step":
        return roofline.decode_step_time(batch, **_whole(deployment, context))
    return sum(roofline.decode_step_time(batch, **kwargs)
               for kwargs in _by_part(deployment, context).values())
