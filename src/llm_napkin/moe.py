"""Mixture of experts: the sparsity trade, and expert parallelism across GPUs and racks.

Two ideas live here. The first is the trade a sparse model makes: it stores all its parameters
but multiplies only the active ones, so its knee batch is larger by total/active, and only enough
users can fill it. The second is expert parallelism: each GPU holds a few experts of every MoE
layer, and before and after each such layer every token travels to the GPUs of its top-k experts
(the dispatch) and back (the combine). Inside one scale-up domain (an NVLink server or rack) that
all-to-all runs over the fast network; when a layer's experts span several domains, part of it
runs over the slow network between them.

Assumptions, stated once: routing is uniform (every expert equally likely, the ideal a load
balancer aims for); tokens start evenly spread over the GPUs that hold the layer's experts;
attention, dense layers and shared experts are copied on every GPU, so only the routed experts
are split; each network link is full duplex, so a GPU sends and receives at the same time; and the
scale-up and scale-out networks run in parallel, so a dispatch takes as long as the slower of the
two. All functions take SI units and accept numbers, NumPy arrays or SymPy symbols, except those
that take a catalog `Model`.
"""

from dataclasses import dataclass, replace

import numpy as np

from . import catalog, checks, roofline
from .mathops import ceil, maximum
from .models import Model
from .precision import bytes_per_value


# -- The sparsity trade --------------------------------------------------------------------------

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


def replica_chips(weight_bytes, bandwidth, step_time):
    """Chips, each reading HBM at `bandwidth` bytes/s, that together read `weight_bytes` in
    `step_time` seconds: the replica size that sets the step time at the knee (a fraction; round
    up to deploy)."""
    return roofline.weight_fetch_time(weight_bytes, bandwidth) / checks.positive("step_time",
                                                                                  step_time)


@dataclass(frozen=True)
class QualityResult:
    """One row of a published comparison of dense and mixture-of-experts models."""

    name: str
    active_params: float  #: parameters used per token (the paper's base model size)
    total_params: float  #: all parameters, as the paper gives them
    experts: int  #: experts per MoE layer (0 for dense; the largest layer's count for PR-MoE)
    scores: tuple[float, ...]  #: zero-shot accuracy (%), in the order of QUALITY_TASKS
    source: str
    notes: str = ""
    aliases: tuple[str, ...] = ()


QUALITY_TASKS = ("LAMBADA", "PIQA", "BoolQ", "RACE-h", "TriviaQA", "WebQs")

_DEEPSPEED_MOE = ("Rajbhandari et al., DeepSpeed-MoE (arXiv:2201.05596, ICML 2022), Table 2: "
                  "zero-shot accuracy of dense and MoE NLG models, all trained on 300B tokens")

QUALITY = (
    QualityResult("Dense 350M", 350e6, 350e6, 0, (52.03, 69.31, 53.64, 31.77, 3.21, 1.57),
                  _DEEPSPEED_MOE),
    QualityResult("Dense 1.3B", 1.3e9, 1.3e9, 0, (63.65, 73.39, 63.39, 35.60, 10.05, 3.25),
                  _DEEPSPEED_MOE),
    QualityResult("Dense 6.7B", 6.7e9, 6.7e9, 0, (71.94, 76.71, 67.03, 37.42, 23.47, 5.12),
                  _DEEPSPEED_MOE),
    QualityResult("350M+MoE-128", 350e6, 13e9, 128, (62.70, 74.59, 60.46, 35.60, 16.58, 5.17),
                  _DEEPSPEED_MOE,
                  notes="128 experts, top-1, on every other layer (12 MoE layers)"),
    QualityResult("350M+PR-MoE-32/64", 350e6, 4e9, 64,
                  (63.65, 73.99, 59.88, 35.69, 16.30, 4.73), _DEEPSPEED_MOE,
                  notes="32 experts in 10 MoE layers, 64 in the last 2, plus a fixed MLP per MoE "
                        "layer (section 4.1), so its active parameters are somewhat above 350M; "
                        "the paper does not give the figure"),
    QualityResult("1.3B+MoE-128", 1.3e9, 52e9, 128, (69.84, 76.71, 64.92, 38.09, 31.29, 7.19),
                  _DEEPSPEED_MOE, notes="128 experts, top-1, on every other layer"),
)


def quality(name: str) -> QualityResult:
    """The published result called `name` (case, spaces and dashes do not matter)."""
    return catalog.lookup("result", QUALITY, name)


# -- Experts on GPUs -----------------------------------------------------------------------------

def experts_per_gpu(experts, gpus):
    """Experts of one layer on the fullest GPU when `experts` are spread as evenly as possible
    over `gpus` GPUs."""
    return ceil(checks.positive("experts", experts) / checks.positive("gpus", gpus))


def routed_params(model: Model) -> float:
    """Parameters in all routed experts of `model` (from its architecture)."""
    _moe("model", model)
    return model.parameter_counts()["total"]["routed experts"]


def layer_expert_bytes(model: Model, precision: str = "bf16") -> float:
    """Bytes of one MoE layer's routed experts in `precision`."""
    return routed_params(model) / model.moe_layers * bytes_per_value(precision)


def active_params_per_moe_layer(model: Model) -> float:
    """Parameters one token multiplies in one MoE layer: attention, router, shared experts and its
    top-k routed experts."""
    _moe("model", model)
    ffn = model.ffn_matrices * model.d_model * model.d_expert
    return (model.attention_params_per_layer() + model.d_model * model.experts
            + ffn * (model.shared_experts + model.experts_per_token))


def weight_bytes_per_gpu(model: Model, precision: str, gpus):
    """Bytes of weights on each of `gpus` GPUs: every weight but the routed experts is copied on
    each GPU, and the routed experts are split evenly."""
    checks.positive("gpus", gpus)
    per_param = bytes_per_value(precision)
    counts = model.parameter_counts()["total"]
    copied = sum(counts.values()) - counts["routed experts"]
    return (copied + routed_params(model) / gpus) * per_param


def fewest_domains(model: Model, precision: str, gpus_per_domain, hbm_bytes, weight_share=1.0):
    """Fewest scale-up domains of `gpus_per_domain` GPUs whose HBM (`hbm_bytes` per GPU) holds the
    weights in at most `weight_share` of it (see weight_bytes_per_gpu); inf if the copied part
    alone is too large."""
    checks.positive("gpus_per_domain", gpus_per_domain)
    budget = checks.positive("hbm_bytes", hbm_bytes) * checks.fraction("weight_share",
                                                                        weight_share)
    per_param = bytes_per_value(precision)
    counts = model.parameter_counts()["total"]
    copied = (sum(counts.values()) - counts["routed experts"]) * per_param
    routed = routed_params(model) * per_param
    room = budget - copied
    with np.errstate(divide="ignore"):
        per_domain = gpus_per_domain * np.where(room > 0, room, 1)
        return np.where(room > 0, np.ceil(routed / per_domain), np.inf)[()]


def with_experts(model: Model, experts, top_k) -> Model:
    """`model` with `experts` routed experts per MoE layer of which each token uses `top_k`. If
    either differs from the model's own, its total and active parameters are recomputed from the
    architecture; otherwise the model, with its published sizes, comes back unchanged."""
    _moe("model", model)
    experts = int(checks.positive("experts", experts))
    top_k = int(checks.positive("top_k", top_k))
    checks.at_most("top_k", top_k, "experts", experts)
    if (experts, top_k) == (model.experts, model.experts_per_token):
        return model
    changed = replace(model, experts=experts, experts_per_token=top_k)
    counts = changed.parameter_counts()
    return replace(changed, total_params=sum(counts["total"].values()),
                   active_params=sum(counts["active"].values()))


def _moe(name: str, model: Model) -> None:
    if not model.is_moe:
        raise ValueError(f"{name} must be a mixture-of-experts model; {model.name} is dense")


# -- The all-to-all ------------------------------------------------------------------------------

def dispatch_bytes(top_k, d_model, activation_bytes=2):
    """Bytes one token sends to its experts in the dispatch of one MoE layer: `top_k` copies of
    its `d_model` activations, `activation_bytes` each. The combine brings as many back."""
    return (checks.positive("top_k", top_k) * checks.positive("d_model", d_model)
            * checks.positive("activation_bytes", activation_bytes))


def remote_share(parts):
    """Share of uniformly routed copies that land outside the sender's part when the experts are
    spread evenly over `parts` equal parts (GPUs, or racks)."""
    return (checks.positive("parts", parts) - 1) / parts


def scaleout_copies(top_k, domains, deduplicate=False):
    """Copies of one token that cross to other scale-up domains in one dispatch.

    Without deduplication each of its `top_k` experts lies in another of the `domains` with
    probability (domains - 1)/domains. With deduplication the token crosses once to each other
    domain that holds any of its experts and is fanned out over the fast network there (as
    DeepSeek-V3's kernels do); the expected number of such domains is
    (domains - 1)(1 - (1 - 1/domains)^top_k).
    """
    checks.positive("top_k", top_k)
    if deduplicate:
        return (checks.positive("domains", domains) - 1) * (1 - (1 - 1 / domains) ** top_k)
    return top_k * remote_share(domains)


def scaleup_copies(top_k, gpus_per_domain, domains, deduplicate=False):
    """Copies of one token that travel over the fast network in one dispatch (per sender).

    Without deduplication: those of its `top_k` experts on another GPU of its own domain,
    top_k (g - 1)/(domains g). With deduplication the copies that arrive from other domains are
    also forwarded inside their destination domain, which brings the total to top_k (g - 1)/g,
    as if every expert were in one domain.
    """
    checks.positive("top_k", top_k)
    g = checks.positive("gpus_per_domain", gpus_per_domain)
    if deduplicate:
        return top_k * remote_share(g)
    return top_k * (g - 1) / (checks.positive("domains", domains) * g)


def dispatch_times(tokens_per_gpu, *, top_k, d_model, gpus_per_domain, domains,
                   scaleup_bandwidth, scaleout_bandwidth, activation_bytes=2, deduplicate=False):
    """Seconds one dispatch of one MoE layer keeps (the fast network, the slow network) busy.

    Every GPU holds `tokens_per_gpu` tokens and the layer's experts are spread evenly over
    `domains` domains of `gpus_per_domain` GPUs. Bandwidths are per GPU and per direction
    (bytes/s); by symmetry each GPU receives as much as it sends, and links are full duplex.
    """
    checks.positive("tokens_per_gpu", tokens_per_gpu)
    copy_bytes = dispatch_bytes(1, d_model, activation_bytes)
    up = (tokens_per_gpu * copy_bytes * scaleup_copies(top_k, gpus_per_domain, domains, deduplicate)
          / checks.positive("scaleup_bandwidth", scaleup_bandwidth))
    out = (tokens_per_gpu * copy_bytes * scaleout_copies(top_k, domains, deduplicate)
           / checks.positive("scaleout_bandwidth", scaleout_bandwidth))
    return up, out


def network_times(tokens_per_gpu, **layout):
    """Seconds the dispatch and the combine of one MoE layer together keep (the fast network, the
    slow network) busy: the combine sends back what the dispatch sent (see dispatch_times for the
    arguments)."""
    up, out = dispatch_times(tokens_per_gpu, **layout)
    return 2 * up, 2 * out


def all_to_all_time(tokens_per_gpu, **layout):
    """Seconds for the dispatch and the combine of one MoE layer, each as long as the busier of
    the two networks (see dispatch_times for the arguments)."""
    return maximum(*network_times(tokens_per_gpu, **layout))


def spanning_slowdown(*, top_k, gpus_per_domain, domains, scaleup_bandwidth, scaleout_bandwidth,
                      deduplicate=False):
    """How many times longer a layer's all-to-all takes when its experts span `domains` domains
    than when they sit in one domain of the same `gpus_per_domain`, at the same tokens per GPU."""
    layout = dict(top_k=top_k, d_model=1, gpus_per_domain=gpus_per_domain,
                  scaleup_bandwidth=scaleup_bandwidth, scaleout_bandwidth=scaleout_bandwidth,
                  deduplicate=deduplicate)
    return all_to_all_time(1, domains=domains, **layout) / all_to_all_time(1, domains=1, **layout)


def comm_to_compute(*, active_params_per_layer, flops, **layout):
    """A MoE layer's all-to-all time over its matmul time (2 FLOP per active parameter per token
    at `flops` FLOP/s per GPU). Both grow in proportion to the tokens per GPU, so the ratio does
    not depend on the batch; at the knee batch the matmul time is also the memory time, so a
    ratio above 1 means communication, not memory or compute, sets the step time unless it is
    overlapped with another batch's work."""
    return all_to_all_time(1, **layout) / roofline.matmul_time(1, active_params_per_layer, flops)
