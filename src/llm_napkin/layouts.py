"""Deployment layouts: how a model's parts are split over GPUs, and what one GPU does per step.

A `Layout` names a chip, a model and the precision of its weights, then says how the two kinds of
weights are split:

- **Attention and the other shared parts** (embeddings, attention, dense feed-forward layers,
  router, shared experts: everything but the routed experts) are either split by **tensor
  parallelism** over `attention_tp` = t GPUs, which then share one copy and all work on the
  group's sequences, or, with t = 1, kept whole on every GPU (**data parallelism**: each GPU
  holds a copy and decodes its own share of the sequences).
- **Routed experts** are split by **expert parallelism** over `expert_gpus` = e GPUs, with
  `redundant_experts` = r extra copies of busy experts, so each GPU holds ceil((E + r)/e) of a
  layer's E experts and every token travels to its top-k experts and back (the all-to-all).

`batch` is always the number of sequences each GPU decodes in one step (one new token each),
and `context` the tokens already cached per sequence. From these the functions below give, per
GPU and per decode step: the bytes of each kind of weight read, the tokens each weight is
multiplied by, the KV bytes read, the FLOP of attention itself, the all-to-all bytes and time;
then each part's memory and compute time, its knee, and the whole step's time and knee under two
ways of overlapping memory with compute:

- ``overlap="layer"``: within each part (each layer's kernels) memory and compute overlap, but a
  part cannot use the bandwidth another part leaves idle: the step is the sum over parts of the
  larger of the two, and it is fully compute bound only past the largest part knee.
- ``overlap="step"``: memory and compute overlap across the whole step: the step is the larger of
  the summed memory time and the summed compute time (the book's usual roofline).

A real engine is nearer the first. It runs a layer's kernels one after another (attention, then
the dispatch, the experts and the combine), each of which streams its own weights while it
multiplies; what DeepSeek's and SGLang's engines overlap across kernels is communication, by
splitting the batch into two micro-batches, so that one micro-batch's all-to-all runs while the
other computes (DeepSeek, "Day 6: One More Thing, DeepSeek-V3/R1 Inference System Overview",
section Computation-Communication Overlapping; the SGLang team's LMSYS blog of 5 May 2025,
section Two-batch Overlap). The `communication` argument says whether that succeeds ("hidden": the step
takes at least the all-to-all time) or not ("serial": the all-to-all adds to the step).

Assumptions: routing is uniform over the E + r expert copies (perfect load balance); each expert's
load is the mean (no rounding up to whole tokens); the tensor-parallel all-reduce and the
multi-token-prediction module are left out. Core attention runs at `attention_precision`'s FLOP/s
(DeepSeek serves MLA in bf16), and its FLOP are counted as the equivalent number of weights at the
weights' rate, so each part stays one roofline. Every function accepts numbers, NumPy arrays or
SymPy symbols for `batch`, `context` and `step_time`.
"""

from dataclasses import dataclass
from itertools import product

import numpy as np

from . import attention, checks, expert_parallel, parameters, roofline, serving
from .catalogs import hardware, models
from .catalogs.hardware import Chip
from .catalogs.models import Model
from .catalogs.precision import bytes_per_value
from .symbolic import is_symbolic, maximum, minimum

SHARED = "attention and dense"
"""Embeddings, attention, dense feed-forward layers and router: split like attention."""
SHARED_EXPERTS = "shared experts"
ROUTED = "routed experts"
PARTS = (SHARED, SHARED_EXPERTS, ROUTED)
OVERLAPS = ("layer", "step")
COMMUNICATION = ("hidden", "serial")


@dataclass(frozen=True)
class Layout:
    """`model` on `chip` GPUs: attention tensor parallel over `attention_tp` GPUs (1: data
    parallel), routed experts expert parallel over `expert_gpus` GPUs with `redundant_experts`
    extra copies. Weights in `precision`; the KV cache and core attention in
    `attention_precision`; the dispatch sends `dispatch_bytes` and the combine `combine_bytes`
    bytes per activation value. `scaleup_bandwidth` overrides the chip's (bytes/s per direction),
    for instance with a measured figure."""

    chip: Chip
    model: Model
    precision: str = "bf16"
    attention_tp: int = 1
    expert_gpus: int = 1
    redundant_experts: int = 0
    attention_precision: str = "bf16"
    dispatch_bytes: float = 2.0
    combine_bytes: float = 2.0
    deduplicate: bool = False
    scaleup_bandwidth: float | None = None
    memory_efficiency: float = 1.0
    compute_efficiency: float = 1.0

    def __post_init__(self):
        self.chip.flops(self.precision)  # raises if the chip lacks this precision
        self.chip.flops(self.attention_precision)
        checks.positive("attention_tp", self.attention_tp)
        checks.positive("expert_gpus", self.expert_gpus)
        checks.non_negative("redundant_experts", self.redundant_experts)
        checks.positive("dispatch_bytes", self.dispatch_bytes)
        checks.positive("combine_bytes", self.combine_bytes)
        checks.fraction("memory_efficiency", self.memory_efficiency)
        checks.fraction("compute_efficiency", self.compute_efficiency)
        if self.scaleup_bandwidth is not None:
            checks.positive("scaleup_bandwidth", self.scaleup_bandwidth)
        if not self.model.is_moe and (self.expert_gpus != 1 or self.redundant_experts):
            raise ValueError(f"expert_gpus and redundant_experts apply to mixture-of-experts "
                             f"models only; {self.model.name} is dense")

    @property
    def split(self) -> str:
        """'data' (every GPU holds the shared parts) or 'tensor' (t GPUs share one copy)."""
        return "data" if self.attention_tp == 1 else "tensor"

    @property
    def flops(self) -> float:
        """Achieved FLOP/s of one GPU in the weights' precision."""
        return self.chip.flops(self.precision) * self.compute_efficiency

    @property
    def attention_flops(self) -> float:
        """Achieved FLOP/s of one GPU in the attention precision."""
        return self.chip.flops(self.attention_precision) * self.compute_efficiency

    @property
    def bandwidth(self) -> float:
        """Achieved HBM bytes/s of one GPU."""
        return self.chip.hbm_bandwidth * self.memory_efficiency

    @property
    def expert_slots(self):
        """Routed experts of one layer on the fullest GPU: ceil((E + r)/e)."""
        return expert_parallel.experts_per_gpu(self.model.experts + self.redundant_experts,
                                               self.expert_gpus)

    @property
    def kv_copies(self):
        """How many GPUs of a tensor-parallel group hold each sequence's cache: a GQA cache is
        split by KV head (up to `kv_heads` ways); MLA's one latent per token cannot be split by
        head, so every GPU of the group holds all of it."""
        shards = self.model.kv_heads if self.model.attention != "MLA" else 1
        return self.attention_tp / minimum(self.attention_tp, shards)


def _shared_params(model: Model) -> dict[str, tuple[float, float]]:
    """{part: (weights, weights each token multiplies)} for the shared parts of `model`."""
    parts = parameters.parts(model)
    shared = [n for n in parts if n not in ("shared experts", "routed experts")]
    out = {SHARED: (sum(parts[n][0] for n in shared), sum(parts[n][1] for n in shared))}
    if "shared experts" in parts:
        out[SHARED_EXPERTS] = parts["shared experts"]
    return out


def weight_bytes(layout: Layout) -> dict[str, float]:
    """{part: bytes of that part's weights on one GPU} (all of them are read every step)."""
    per = bytes_per_value(layout.precision)
    out = {name: total * per / layout.attention_tp
           for name, (total, _) in _shared_params(layout.model).items()}
    if layout.model.is_moe:
        out[ROUTED] = (layout.expert_slots * expert_parallel.routed_params(layout.model)
                       / layout.model.experts * per)
    return out


def tokens_multiplied(layout: Layout, batch) -> dict[str, float]:
    """{part: tokens each of the part's weights on one GPU is multiplied by in one step}.

    Shared parts: the tensor-parallel group's sequences, attention_tp x batch. Routed experts: an
    expert copy's share of the e x batch tokens of its expert-parallel group, each sent to top_k
    of the E + r copies: e x batch x k / (E + r).
    """
    checks.positive("batch", batch)
    out = {name: layout.attention_tp * batch for name in _shared_params(layout.model)}
    if layout.model.is_moe:
        m = layout.model
        out[ROUTED] = (layout.expert_gpus * batch * m.experts_per_token
                       / (m.experts + layout.redundant_experts))
    return out


def kv_bytes(layout: Layout, batch, context):
    """Bytes of KV cache one GPU reads in one step: its sequences' caches, times kv_copies
    under tensor parallelism with an unsplittable (MLA) cache."""
    checks.positive("batch", batch)
    checks.non_negative("context", context)
    return (batch * context * layout.kv_copies
            * attention.kv_bytes_per_token(layout.model, layout.attention_precision))


def attention_flop(layout: Layout, batch, context):
    """FLOP of attention itself (scores and weighted sums over the cache) on one GPU in one step;
    a tensor-parallel group splits the heads, so per GPU it is its own sequences' share."""
    checks.positive("batch", batch)
    checks.non_negative("context", context)
    return batch * context * attention.flops_per_cached_token(layout.model)


def _roofline_args(layout: Layout, context) -> dict[str, dict]:
    """{part: keyword arguments of roofline.decode_step_time / knee_batch} for one GPU, per
    sequence of its batch: the part's weights, the weights each sequence multiplies (attention's
    own FLOP counted as weights at the weights' FLOP/s), and the KV bytes per cached token."""
    checks.non_negative("context", context)
    kv = layout.kv_copies * attention.kv_bytes_per_token(layout.model, layout.attention_precision)
    attention_as_weights = (attention.flops_per_cached_token(layout.model) * context
                            * layout.flops / layout.attention_flops
                            / roofline.FLOP_PER_PARAM_PER_TOKEN)
    rates = dict(flops=layout.chip.flops(layout.precision), bandwidth=layout.chip.hbm_bandwidth,
                 memory_efficiency=layout.memory_efficiency,
                 compute_efficiency=layout.compute_efficiency)
    weights = weight_bytes(layout)
    per_token = tokens_multiplied(layout, 1)
    out = {}
    for name, (total, active) in _shared_params(layout.model).items():
        share = active / total  # of the part's weights, those each token multiplies
        is_attention = name == SHARED
        out[name] = dict(weight_bytes=weights[name],
                         active_params=(weights[name] / bytes_per_value(layout.precision)
                                        * share * per_token[name]
                                        + (attention_as_weights if is_attention else 0)),
                         context=context if is_attention else 0,
                         kv_bytes_per_token=kv if is_attention else 0, **rates)
    if layout.model.is_moe:
        out[ROUTED] = dict(weight_bytes=weights[ROUTED],
                           active_params=weights[ROUTED] / bytes_per_value(layout.precision)
                           * per_token[ROUTED], context=0, kv_bytes_per_token=0, **rates)
    return out


def _part_lines(layout: Layout, context) -> dict[str, tuple]:
    """{part: ((memory seconds at no batch, memory seconds per sequence), compute seconds per
    sequence)} of one GPU's step, from the roofline's own time functions."""
    out = {}
    for name, args in _roofline_args(layout, context).items():
        bandwidth, flops = roofline.achieved(args["bandwidth"], args["flops"],
                                             args["memory_efficiency"],
                                             args["compute_efficiency"])
        out[name] = ((roofline.weight_fetch_time(args["weight_bytes"], bandwidth),
                      roofline.kv_fetch_time(1, args["context"], args["kv_bytes_per_token"],
                                             bandwidth)),
                     roofline.matmul_time(1, args["active_params"], flops))
    return out


def part_times(layout: Layout, batch, context=0) -> dict[str, tuple]:
    """{part: (memory seconds, compute seconds)} of one GPU's step with `batch` sequences."""
    checks.positive("batch", batch)
    return {name: (fixed + per_sequence * batch, compute * batch)
            for name, ((fixed, per_sequence), compute) in _part_lines(layout, context).items()}


def knees(layout: Layout, context=0) -> dict[str, float]:
    """{part: the batch per GPU at which that part's compute time reaches its memory time} (inf
    where its cache read grows faster than its compute)."""
    return {name: roofline.knee_batch(**args)
            for name, args in _roofline_args(layout, context).items()}


def step_knee(layout: Layout, context=0, overlap="layer"):
    """The batch per GPU past which the whole step is compute bound: the largest part knee with
    overlap='layer'; the knee of the summed memory and compute times with overlap='step'."""
    checks.one_of("overlap", overlap, OVERLAPS)
    if overlap == "layer":
        found = list(knees(layout, context).values())
        out = found[0]
        for k in found[1:]:
            out = maximum(out, k)
        return out
    args = list(_roofline_args(layout, context).values())
    whole = dict(args[0])
    whole["weight_bytes"] = sum(a["weight_bytes"] for a in args)
    whole["active_params"] = sum(a["active_params"] for a in args)
    return roofline.knee_batch(**whole)


# -- The all-to-all -----------------------------------------------------------------------------

def _network(layout: Layout):
    chip = layout.chip
    per_domain = minimum(layout.expert_gpus, chip.scaleup_domain)
    return dict(top_k=layout.model.experts_per_token, gpus_per_domain=per_domain,
                domains=layout.expert_gpus / per_domain, deduplicate=layout.deduplicate)


def all_to_all_bytes(layout: Layout, batch) -> tuple:
    """(bytes over the fast network, bytes over the slow network) one GPU sends in one step: the
    dispatch and the combine of every MoE layer (expert_parallel's copy counts); it receives as
    many."""
    expert_parallel.require_moe(layout.model)
    checks.positive("batch", batch)
    net = _network(layout)
    d = layout.model.d_model
    per_copy = (expert_parallel.dispatch_bytes(1, d, layout.dispatch_bytes)
                + expert_parallel.dispatch_bytes(1, d, layout.combine_bytes))
    up = expert_parallel.scaleup_copies(net["top_k"], net["gpus_per_domain"], net["domains"],
                                        net["deduplicate"])
    out = expert_parallel.scaleout_copies(net["top_k"], net["domains"], net["deduplicate"])
    layers = layout.model.moe_layers
    return layers * batch * per_copy * up, layers * batch * per_copy * out


def all_to_all_time(layout: Layout, batch):
    """Seconds the dispatches and combines of one step keep the busier network busy, the two
    networks working in parallel (expert_parallel.dispatch_times, at `dispatch_bytes` for the
    dispatch and `combine_bytes` for the combine)."""
    expert_parallel.require_moe(layout.model)
    net = _network(layout)
    args = dict(top_k=net["top_k"], d_model=layout.model.d_model,
                gpus_per_domain=net["gpus_per_domain"], domains=net["domains"],
                scaleup_bandwidth=layout.scaleup_bandwidth or layout.chip.scaleup_bandwidth,
                scaleout_bandwidth=layout.chip.scaleout_bandwidth,
                deduplicate=net["deduplicate"])
    up_d, out_d = expert_parallel.dispatch_times(batch, activation_bytes=layout.dispatch_bytes,
                                                 **args)
    up_c, out_c = expert_parallel.dispatch_times(batch, activation_bytes=layout.combine_bytes,
                                                 **args)
    return layout.model.moe_layers * maximum(up_d + up_c, out_d + out_c)


# -- The step -----------------------------------------------------------------------------------

def _lines(layout: Layout, context, overlap, communication) -> list[tuple]:
    """The step time as the largest of straight lines in the batch per GPU: [(intercept, slope)].

    A sum over parts of the larger of two lines is the largest of the sums of one line per part
    (overlap='layer'); with overlap='step' it is the larger of the summed memory and summed
    compute lines. Hidden communication adds its own line; serial communication adds its slope
    to every line.
    """
    checks.one_of("overlap", overlap, OVERLAPS)
    checks.one_of("communication", communication, COMMUNICATION)
    parts = [((fixed, per_sequence), (0, compute))
             for (fixed, per_sequence), compute in _part_lines(layout, context).values()]
    if overlap == "step":
        parts = [((sum(m[0] for m, _ in parts), sum(m[1] for m, _ in parts)),
                  (0, sum(c[1] for _, c in parts)))]
    lines = [(sum(line[0] for line in pick), sum(line[1] for line in pick))
             for pick in product(*parts)]
    if not layout.model.is_moe:
        return lines
    network = all_to_all_time(layout, 1)
    if communication == "serial":
        return [(a, s + network) for a, s in lines]
    return lines + [(0, network)]


def step_time(layout: Layout, batch, context=0, overlap="layer", communication="hidden"):
    """Seconds per decode step with `batch` sequences on each GPU of `context` cached tokens:
    the parts' roofline times overlapped as `overlap` says, and the all-to-all `communication`
    hidden behind them (the step lasts at least as long as it) or added to them."""
    checks.positive("batch", batch)
    lines = _lines(layout, context, overlap, communication)
    out = lines[0][0] + lines[0][1] * batch
    for a, s in lines[1:]:
        out = maximum(out, a + s * batch)
    return out


def batch_for_step_time(layout: Layout, step_time, context=0, overlap="layer",
                        communication="hidden"):
    """The largest batch per GPU (sequences, a fraction) whose step takes at most `step_time`
    seconds; 0 where even the weight read takes longer. The inverse of step_time: each line
    a + s B of the step allows at most (T - a)/s, and the step allows the least of them."""
    checks.positive("step_time", step_time)
    out = None
    for a, s in _lines(layout, context, overlap, communication):
        if is_symbolic(a, s, step_time):
            allowed = (step_time - a) / s
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                allowed = np.where(np.asarray(s) > 0,
                                   (step_time - a) / np.where(np.asarray(s) > 0, s, 1),
                                   np.where(np.asarray(a) <= step_time, np.inf, 0.0))[()]
        out = allowed if out is None else minimum(out, allowed)
    return maximum(out, 0)


def throughput_per_gpu(layout: Layout, batch, context=0, overlap="layer",
                       communication="hidden"):
    """Output tokens per second of one GPU: its batch over the step time."""
    return roofline.tokens_per_second(batch, step_time(layout, batch, context, overlap,
                                                       communication))


def largest_batch(layout: Layout, context):
    """Most sequences of `context` tokens per GPU whose KV cache fits in the HBM the GPU's
    weights leave free (serving.largest_batch_in_memory; activations and buffers not counted)."""
    return serving.largest_batch_in_memory(
        layout.chip.hbm_bytes, sum(weight_bytes(layout).values()), context,
        layout.kv_copies * attention.kv_bytes_per_token(layout.model, layout.attention_precision))


def sequences_per_gpu(throughput_per_gpu, speed_per_user):
    """Sequences a GPU must be decoding at once to emit `throughput_per_gpu` tokens/s when each
    sequence gets `speed_per_user` tokens/s: their ratio (Little's law). With multi-token
    prediction the count is the same, but each step then emits more than one token per
    sequence, so the step time is longer than 1/speed_per_user."""
    return (checks.positive("throughput_per_gpu", throughput_per_gpu)
            / checks.positive("speed_per_user", speed_per_user))


def predicted_batch(layout: Layout, context, speed_per_user, overlap="layer",
                    communication="hidden"):
    """Sequences per GPU the model would run to give every user `speed_per_user` tokens/s: the
    largest batch whose step takes 1/speed_per_user, unless the KV cache runs out of HBM first."""
    wanted = batch_for_step_time(layout, 1 / checks.positive("speed_per_user", speed_per_user),
                                 context, overlap, communication)
    return minimum(wanted, largest_batch(layout, context))


def throughput_per_node(layout: Layout, batch, context, gpus_per_node=8, overlap="layer",
                        communication="hidden"):
    """Output tokens/s of one node of `gpus_per_node` GPUs, each decoding `batch` sequences."""
    return checks.positive("gpus_per_node", gpus_per_node) * throughput_per_gpu(
        layout, batch, context, overlap, communication)


def from_report(report, **options) -> Layout:
    """The Layout of a published deployment (catalogs.serving_reports), on its chip and model;
    `options` set the rest (dispatch_bytes, memory_efficiency, ...)."""
    return Layout(hardware.get(report.chip), models.get(report.model), report.precision,
                  attention_tp=report.attention_tp, expert_gpus=report.expert_gpus,
                  redundant_experts=report.redundant_experts, **options)


KNEE_READINGS = ("data-parallel attention", "one copy, whole step",
                 "tensor-parallel attention, per layer")
"""The three readings of a mixture-of-experts model's knee that chapters 2 and 3 and the
DeepSeek interlude compare, one per layout."""


def knee_readings(model: Model, chip: Chip, precision: str = "fp8", gpus: int = 8) -> dict:
    """{reading: tokens per group of `gpus` GPUs at which `model`'s decode step turns compute
    bound, with no KV cache}, one reading per layout (KNEE_READINGS):

    - data-parallel attention (how DeepSeek and SGLang serve): every GPU reads the shared parts
      itself, so each needs the dense knee of its own sequences, `gpus` times that per group;
    - one copy split over every GPU with memory and compute overlapped over the whole step: the
      roofline knee of total over active parameters (serving.Deployment.knee_batch);
    - attention tensor parallel and experts over the same `gpus` GPUs, overlapped per layer: the
      routed experts set it, `gpus` times their knee per GPU.
    """
    checks.positive("gpus", gpus)
    data_parallel = Layout(chip, model, precision)
    tensor_parallel = Layout(chip, model, precision, attention_tp=gpus, expert_gpus=gpus)
    return {
        KNEE_READINGS[0]: gpus * knees(data_parallel)[SHARED],
        KNEE_READINGS[1]: serving.Deployment(chip, model, precision).knee_batch(),
        KNEE_READINGS[2]: gpus * knees(tensor_parallel)[ROUTED],
    }
