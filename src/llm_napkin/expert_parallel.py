"""Expert parallelism: each GPU holds a few experts of every MoE layer, and tokens travel to them.

Before and after each MoE layer every token goes to the GPUs of its `top_k` experts (the
dispatch) and comes back (the combine). Inside one scale-up domain (an NVLink server or rack) that
all-to-all runs over the fast network; when a layer's experts span several domains, part of it
runs over the slow network between them.

Assumptions, stated once: routing is uniform (every expert equally likely, the ideal a load
balancer aims for); tokens start evenly spread over the GPUs that hold the layer's experts;
attention, dense layers and shared experts are copied on every GPU, so only the routed experts
are split; each network link is full duplex, so a GPU sends and receives at the same time; and the
scale-up and scale-out networks run in parallel, so a dispatch takes as long as the slower of the
two. All functions take SI units and accept numbers, NumPy arrays or SymPy symbols (those that
take a catalog `Model` or `Chip` accept them in their other arguments).
"""

from typing import NamedTuple

from . import attention, checks, parameters, roofline, serving
from .catalogs.hardware import Chip
from .catalogs.models import Model
from .catalogs.precision import bytes_per_value
from .moe import require_moe
from .symbolic import ceil, maximum, where


def experts_per_gpu(experts, gpus):
    """Experts of one layer on the fullest GPU when `experts` are spread as evenly as possible
    over `gpus` GPUs."""
    return ceil(checks.positive("experts", experts) / checks.positive("gpus", gpus))


def routed_params(model: Model) -> float:
    """Parameters in all routed experts of `model` (from its architecture)."""
    require_moe(model)
    return parameters.counts(model)["total"]["routed experts"]


def copied_params(model: Model) -> float:
    """Parameters every GPU keeps a whole copy of: all but the routed experts."""
    counts = parameters.counts(model)["total"]
    return sum(counts.values()) - counts["routed experts"]


def layer_expert_bytes(model: Model, precision: str = "bf16") -> float:
    """Bytes of one MoE layer's routed experts in `precision`."""
    return routed_params(model) / model.moe_layers * bytes_per_value(precision)


def active_params_per_moe_layer(model: Model) -> float:
    """Parameters one token multiplies in one MoE layer: attention, router, shared experts and its
    top-k routed experts."""
    require_moe(model)
    active = parameters.counts(model)["active"]
    experts = active["router"] + active["shared experts"] + active["routed experts"]
    return attention.params_per_layer(model) + experts / model.moe_layers


def weight_bytes_per_gpu(model: Model, precision: str, gpus):
    """Bytes of weights on each of `gpus` GPUs: every weight but the routed experts is copied on
    each GPU, and the routed experts are split evenly (split_weight_bytes)."""
    per_param = bytes_per_value(precision)
    return split_weight_bytes(copied_params(model) * per_param,
                              routed_params(model) * per_param, gpus)


def split_weight_bytes(copied_bytes, routed_bytes, gpus):
    """Bytes of weights on each of `gpus` GPUs when `copied_bytes` sit whole on every GPU and
    `routed_bytes` are split evenly over them."""
    checks.positive("gpus", gpus)
    return (checks.non_negative("copied_bytes", copied_bytes)
            + checks.positive("routed_bytes", routed_bytes) / gpus)


def fewest_domains(model: Model, precision: str, gpus_per_domain, hbm_bytes, weight_share=1.0):
    """Fewest scale-up domains of `gpus_per_domain` GPUs whose HBM (`hbm_bytes` per GPU) holds the
    weights in at most `weight_share` of it (see weight_bytes_per_gpu); inf if the copied part
    alone is too large."""
    per_param = bytes_per_value(precision)
    return fewest_domains_for(copied_params(model) * per_param, routed_params(model) * per_param,
                              gpus_per_domain, hbm_bytes, weight_share)


def fewest_domains_for(copied_bytes, routed_bytes, gpus_per_domain, hbm_bytes, weight_share=1.0):
    """fewest_domains for weights of `copied_bytes` on every GPU and `routed_bytes` split over
    the GPUs (see split_weight_bytes); inf if the copied part alone is too large."""
    checks.positive("gpus_per_domain", gpus_per_domain)
    budget = checks.positive("hbm_bytes", hbm_bytes) * checks.fraction("weight_share",
                                                                        weight_share)
    room = budget - checks.non_negative("copied_bytes", copied_bytes)
    room_or_one = where(room > 0, room, 1)  # a positive stand-in where nothing fits
    return where(room > 0, ceil(checks.positive("routed_bytes", routed_bytes)
                                / (gpus_per_domain * room_or_one)), float("inf"))


# -- The all-to-all -----------------------------------------------------------------------------

def dispatch_bytes(top_k, d_model, activation_bytes=2):
    """Bytes one token sends to its experts in the dispatch of one MoE layer: `top_k` copies of
    its `d_model` activations, `activation_bytes` each. The combine brings as many back."""
    return (checks.positive("top_k", top_k) * checks.positive("d_model", d_model)
            * checks.positive("activation_bytes", activation_bytes))


def bytes_per_forward(model: Model, activation_bytes=2):
    """Bytes one token sends through the network in one forward pass of `model`: a dispatch and a
    combine (each dispatch_bytes) at every MoE layer. It receives as many."""
    require_moe(model)
    return 2 * dispatch_bytes(model.experts_per_token, model.d_model,
                              activation_bytes) * model.moe_layers


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


def spanning_slowdown_on(chip: Chip, domains, top_k, deduplicate=False):
    """spanning_slowdown for domains of `chip`'s standard size (its `scaleup_domain`) with its
    per-GPU scale-up and scale-out bandwidths."""
    return spanning_slowdown(top_k=top_k, gpus_per_domain=chip.scaleup_domain, domains=domains,
                             scaleup_bandwidth=chip.scaleup_bandwidth,
                             scaleout_bandwidth=chip.scaleout_bandwidth, deduplicate=deduplicate)


class LayerTimes(NamedTuple):
    """One MoE layer at the knee batch, on every GPU."""

    tokens_per_gpu: float  #: tokens each GPU holds
    compute: float  #: seconds of the layer's matmuls
    all_to_all: float  #: seconds of its dispatch and combine

    @property
    def ratio(self):
        """All-to-all over compute (comm_to_compute): above 1, the network sets the step."""
        return self.all_to_all / self.compute


def layer_times_at_knee(model: Model, chip: Chip, precision: str, domains, *,
                        gpus_per_domain=None, scaleup_bandwidth=None, scaleout_bandwidth=None,
                        activation_bytes=2, deduplicate=False) -> LayerTimes:
    """Tokens per GPU, compute seconds and all-to-all seconds of one MoE layer of `model` when the
    whole model runs at its knee batch (serving.Deployment.knee_batch, no KV cache) in
    `precision` on `chip`s, and the layer's experts span `domains` domains.

    Domains default to the chip's standard scale-up size and bandwidths; the knee batch is shared
    evenly by every GPU of the `domains` domains. Activations travel in `activation_bytes`.
    """
    g = chip.scaleup_domain if gpus_per_domain is None else gpus_per_domain
    knee = serving.Deployment(chip, model, precision).knee_batch()
    tokens = knee / (checks.positive("domains", domains) * checks.positive("gpus_per_domain", g))
    compute = roofline.matmul_time(tokens, active_params_per_moe_layer(model),
                                   chip.flops(precision))
    comm = all_to_all_time(
        tokens, top_k=model.experts_per_token, d_model=model.d_model, gpus_per_domain=g,
        domains=domains,
        scaleup_bandwidth=chip.scaleup_bandwidth if scaleup_bandwidth is None
        else scaleup_bandwidth,
        scaleout_bandwidth=chip.scaleout_bandwidth if scaleout_bandwidth is None
        else scaleout_bandwidth,
        activation_bytes=activation_bytes, deduplicate=deduplicate)
    return LayerTimes(tokens, compute, comm)
