"""Mixture of experts: the sparsity trade.

A mixture-of-experts (MoE) layer replaces one feed-forward block by many experts and lets each
token use `top_k` of them. A decode step still reads every expert's weights once, but multiplies
each token only by the experts it picked, so the model stores total parameters and computes with
active ones. This module holds what follows: the sparsity (total over active), how a batch shares
out among experts, the step time and knee batch of a layer of experts, and how much demand a
sparse model needs to reach its knee. How experts are placed on GPUs is `expert_parallel`.

All functions take SI units and accept numbers, NumPy arrays or SymPy symbols (those that take a
catalog `Model` or `Chip` accept them in their other arguments).
"""

from dataclasses import replace

from . import checks, parameters, roofline
from .catalogs.hardware import Chip
from .catalogs.models import Model
from .catalogs.precision import bytes_per_value
from .symbolic import ceil


def sparsity(total_params, active_params):
    """Total over active parameters: how many weights are read per weight a token multiplies (1 for
    a dense model)."""
    return checks.positive("total_params", total_params) / checks.positive("active_params",
                                                                          active_params)


def model_sparsity(model: Model) -> float:
    """`model`'s published total over active parameters (1 for a dense model)."""
    return sparsity(model.total_params, model.active_params)


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


def demand_at_knee(*, total_params, active_params, flops, bandwidth, step_time, bytes_per_param=2):
    """Tokens per second one replica emits when it runs at its knee batch and each step takes
    `step_time` seconds (the latency every user sees per token).

    The knee batch is the roofline's (no KV cache): weights of `bytes_per_param` bytes each, read
    at `bandwidth` bytes/s, against 2 FLOP per active parameter per token at `flops` FLOP/s. Only
    the ratio flops/bandwidth matters, so per-chip figures do. Demand below this figure cannot
    fill the knee batch at that latency: the replica runs memory bound and pays for idle compute.
    """
    knee = roofline.knee_batch(weight_bytes=checks.positive("bytes_per_param", bytes_per_param)
                               * checks.positive("total_params", total_params),
                               active_params=active_params, flops=flops, bandwidth=bandwidth)
    return roofline.tokens_per_second(knee, step_time)


def max_sparsity(*, demand, flops, bandwidth, step_time, bytes_per_param=2):
    """The largest total/active parameter ratio whose knee batch `demand` tokens/s can fill at
    `step_time` seconds per token: sparser models need more users than there are.

    demand_at_knee is proportional to total/active, so this is `demand` over the demand at a
    ratio of 1.
    """
    dense = demand_at_knee(total_params=1, active_params=1, flops=flops, bandwidth=bandwidth,
                           step_time=step_time, bytes_per_param=bytes_per_param)
    return checks.positive("demand", demand) / dense


def least_demand(model: Model, chip: Chip, step_time, precision: str = "bf16"):
    """Tokens per second that `model` needs to fill its knee batch on `chip` in `precision` at
    `step_time` seconds per token: demand_at_knee with the model's published sizes and the chip's
    per-chip FLOP/s and HBM bandwidth (the chip count does not matter)."""
    return demand_at_knee(total_params=model.total_params, active_params=model.active_params,
                          flops=chip.flops(precision), bandwidth=chip.hbm_bandwidth,
                          step_time=step_time, bytes_per_param=bytes_per_value(precision))


def max_sparsity_on(chip: Chip, demand, step_time, precision: str = "bf16"):
    """The largest total/active ratio whose knee `demand` tokens/s fill at `step_time` seconds
    per token on `chip` in `precision`: max_sparsity with the chip's FLOP/s and HBM bandwidth."""
    return max_sparsity(demand=demand, flops=chip.flops(precision),
                        bandwidth=chip.hbm_bandwidth, step_time=step_time,
                        bytes_per_param=bytes_per_value(precision))


def replica_chips(weight_bytes, bandwidth, step_time):
    """Chips, each reading HBM at `bandwidth` bytes/s, that together read `weight_bytes` in
    `step_time` seconds: the replica size that sets the step time at the knee (a fraction; round
    up to deploy)."""
    return roofline.weight_fetch_time(weight_bytes, bandwidth) / checks.positive("step_time",
                                                                                  step_time)


def with_experts(model: Model, experts, top_k) -> Model:
    """`model` with `experts` routed experts per MoE layer of which each token uses `top_k`. If
    either differs from the model's own, its total and active parameters are recomputed from the
    architecture; otherwise the model, with its published sizes, comes back unchanged."""
    require_moe(model)
    experts = int(checks.positive("experts", experts))
    top_k = int(checks.positive("top_k", top_k))
    checks.at_most("top_k", top_k, "experts", experts)
    if (experts, top_k) == (model.experts, model.experts_per_token):
        return model
    changed = replace(model, experts=experts, experts_per_token=top_k)
    counts = parameters.counts(changed)
    return replace(changed, total_params=sum(counts["total"].values()),
                   active_params=sum(counts["active"].values()))


def require_moe(model: Model) -> Model:
    """`model`, if it is a mixture of experts; else a ValueError."""
    if not model.is_moe:
        raise ValueError(f"model must be a mixture-of-experts model; {model.name} is dense")
    return model
