"""Pipeline parallelism: a model's layers cut into stages, each stage on its own scale-up domain.

A token crosses from one stage to the next once, carrying its activations (`d_model` values);
inside a stage every MoE layer sends `top_k` copies of it out to the experts and back. A pipeline
keeps every stage busy only while enough micro-batches are in flight; otherwise some stages wait
(the "bubble"). Splitting layers over stages divides the weights each GPU holds, but not the KV
cache, since the batch in flight has to grow with the number of stages.

Unit conventions: bytes, bytes/s (per GPU and per direction), seconds. Schedule times are in
units of one micro-batch's forward pass through one stage. Every function of numbers accepts SymPy
symbols too.
"""

from dataclasses import dataclass

from . import checks, expert_parallel, roofline
from .symbolic import minimum

SCHEDULES = ("gpipe", "1f1b")


# -- Communication -------------------------------------------------------------------------------

def stage_boundary_bytes(d_model, activation_bytes=2):
    """Bytes one token sends from one stage to the next: its `d_model` activations."""
    return checks.positive("d_model", d_model) * checks.positive("activation_bytes",
                                                                 activation_bytes)


def stage_all_to_all_bytes(*, top_k, d_model, moe_layers_per_stage, gpus_per_domain,
                           activation_bytes=2):
    """Bytes one token sends over the fast network inside one stage: dispatch and combine of
    every MoE layer of the stage, counting only the copies that go to another GPU (uniform
    routing, so (g - 1)/g of the `top_k` copies)."""
    per_layer = 2 * expert_parallel.dispatch_bytes(top_k, d_model, activation_bytes)
    return (checks.positive("moe_layers_per_stage", moe_layers_per_stage) * per_layer
            * expert_parallel.remote_share(gpus_per_domain))


def scaleup_over_scaleout(*, top_k, d_model, moe_layers_per_stage, gpus_per_domain,
                          scaleup_bandwidth, scaleout_bandwidth, activation_bytes=2):
    """How many times longer each GPU spends on the fast network inside a stage than on the slow
    network between stages, per token: above 1, the links between racks are not what binds.

    The bytes inside a stage are 2 top_k L (g-1)/g times those at the boundary; each set of bytes
    moves at its own network's bandwidth, so the bandwidth ratio divides this figure."""
    inside = stage_all_to_all_bytes(top_k=top_k, d_model=d_model,
                                    moe_layers_per_stage=moe_layers_per_stage,
                                    gpus_per_domain=gpus_per_domain,
                                    activation_bytes=activation_bytes)
    return ((inside / checks.positive("scaleup_bandwidth", scaleup_bandwidth))
            / (stage_boundary_bytes(d_model, activation_bytes)
               / checks.positive("scaleout_bandwidth", scaleout_bandwidth)))


def hop_time(tokens, *, d_model, scaleout_bandwidth, latency=0, activation_bytes=2):
    """Seconds for `tokens` tokens (on one GPU) to reach the next stage: their activations at the
    GPU's share of the slow network, plus a fixed network `latency` (s)."""
    checks.positive("tokens", tokens)
    return (tokens * stage_boundary_bytes(d_model, activation_bytes)
            / checks.positive("scaleout_bandwidth", scaleout_bandwidth)
            + checks.non_negative("latency", latency))


# -- Bubbles -------------------------------------------------------------------------------------

def idle_share(stages, microbatches, chunks=1):
    """Share of a training step each stage sits idle in a GPipe or one-forward-one-backward
    schedule of `microbatches` micro-batches over `stages` stages; with `chunks` > 1 each device
    holds that many interleaved stages (Narayanan et al. 2021), which shrinks the fill and drain.

    The bubble lasts (stages - 1)/chunks micro-batch times against `microbatches` of useful work:
    (p - 1) / (v m + p - 1)."""
    p = checks.positive("stages", stages)
    m = checks.positive("microbatches", microbatches)
    v = checks.positive("chunks", chunks)
    return (p - 1) / (v * m + p - 1)


def bubble_time_1f1b(stages, forward, backward):
    """Idle time of each device in a one-forward-one-backward schedule, in the units of
    `forward` and `backward` (one chunk's times): (PP - 1)(F + B), DeepSeek-V3 report Table 2."""
    return (checks.positive("stages", stages) - 1) * (checks.positive("forward", forward)
                                                      + checks.positive("backward", backward))


def bubble_time_zero_bubble(stages, forward, backward, weight_backward):
    """Idle time with the backward pass split into its input and weight parts (ZB1P, Qi et al.
    2023): (PP - 1)(F + B - 2W), DeepSeek-V3 report Table 2."""
    checks.at_most("weight_backward", weight_backward, "backward", backward)
    return bubble_time_1f1b(stages, forward, backward) - 2 * (stages - 1) * checks.non_negative(
        "weight_backward", weight_backward)


def bubble_time_dualpipe(stages, forward_and_backward, backward, weight_backward):
    """Idle time of DeepSeek's DualPipe, which feeds micro-batches from both ends of the pipeline:
    (PP/2 - 1)(F&B + B - 3W), with F&B the time of a forward and a backward chunk run overlapped
    (DeepSeek-V3 report Table 2). It keeps two copies of the parameters."""
    checks.at_most("weight_backward", weight_backward, "backward", backward)
    return ((checks.positive("stages", stages) / 2 - 1)
            * (checks.positive("forward_and_backward", forward_and_backward)
               + checks.positive("backward", backward)
               - 3 * checks.non_negative("weight_backward", weight_backward)))


@dataclass(frozen=True)
class Task:
    """One forward ('F') or backward ('B') pass of one micro-batch on one stage."""

    stage: int
    kind: str
    microbatch: int
    start: float
    end: float


def _order(schedule: str, stage: int, stages: int, microbatches: int) -> list[tuple[str, int]]:
    if schedule == "gpipe":
        return [("F", i) for i in range(microbatches)] + [("B", i) for i in range(microbatches)]
    warmup = min(stages - 1 - stage, microbatches)
    order = [("F", i) for i in range(warmup)]
    for i in range(microbatches - warmup):
        order += [("F", warmup + i), ("B", i)]
    return order + [("B", i) for i in range(microbatches - warmup, microbatches)]


def schedule(kind: str, stages: int, microbatches: int, forward=1.0, backward=2.0) -> list[Task]:
    """Every task of one training step, with its start and end, for a pipeline of `stages` stages
    running `microbatches` micro-batches under schedule `kind` ('gpipe': all forwards, then all
    backwards; '1f1b': after a warm-up, alternate one forward and one backward, which bounds the
    micro-batches each stage keeps in memory by the number of stages).

    Each stage runs its tasks in that order, each as soon as the stage is free and its input has
    arrived: a forward needs the previous stage's forward of the same micro-batch, a backward the
    next stage's backward (the last stage's, its own forward). Communication is taken as free."""
    checks.one_of("kind", kind, SCHEDULES)
    for name, value in (("stages", stages), ("microbatches", microbatches)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
    duration = {"F": checks.positive("forward", forward), "B": checks.positive("backward",
                                                                                backward)}
    pending = [_order(kind, s, stages, microbatches) for s in range(stages)]
    free = [0.0] * stages
    done: dict[tuple[str, int, int], float] = {}
    tasks = []
    while any(pending):
        progressed = False
        for s in range(stages):
            while pending[s]:
                op, i = pending[s][0]
                need = (("F", s - 1, i) if s > 0 else None) if op == "F" else \
                    (("B", s + 1, i) if s < stages - 1 else ("F", s, i))
                if need is not None and need not in done:
                    break
                start = max(free[s], done.get(need, 0.0))
                end = start + duration[op]
                tasks.append(Task(s, op, i, start, end))
                done[(op, s, i)] = free[s] = end
                pending[s].pop(0)
                progressed = True
        if not progressed:  # cannot happen for these two orders; a guard against an endless loop
            raise RuntimeError("the schedule deadlocked")
    return sorted(tasks, key=lambda t: (t.stage, t.start))


def peak_in_flight(tasks: list[Task], stage: int) -> int:
    """Most micro-batches whose activations `stage` holds at once: forwards done whose backward
    has not finished. GPipe holds every micro-batch; 1F1B at most the number of stages."""
    events = sorted([(t.end, 1) for t in tasks if t.stage == stage and t.kind == "F"]
                    + [(t.end, -1) for t in tasks if t.stage == stage and t.kind == "B"],
                    key=lambda e: (e[0], e[1]))
    held = peak = 0
    for _, change in events:
        held += change
        peak = max(peak, held)
    return peak


# -- Memory --------------------------------------------------------------------------------------

def memory_per_gpu(*, weight_bytes, batch, context, kv_bytes_per_token, expert_ways, stages):
    """Bytes each GPU holds when weights and KV cache are spread evenly over `expert_ways` GPUs in
    each of `stages` pipeline stages: (W + B L K) / (E P), as the lecture writes it.

    `batch` counts every sequence in flight in the whole pipeline."""
    checks.non_negative("batch", batch)
    return ((checks.positive("weight_bytes", weight_bytes)
             + batch * checks.non_negative("context", context)
             * checks.non_negative("kv_bytes_per_token", kv_bytes_per_token))
            / (checks.positive("expert_ways", expert_ways) * checks.positive("stages", stages)))


def stage_step_time(*, batch, stages, expert_ways, weight_bytes, active_params, flops,
                    bandwidth, context=0, kv_bytes_per_token=0):
    """Seconds one stage takes for its share of a decode step: a micro-batch of batch/stages
    sequences through 1/stages of the weights, the layers and the KV cache, on `expert_ways` GPUs
    of `flops` FLOP/s and `bandwidth` bytes/s each (the roofline, with memory and compute
    overlapped). `batch` counts every sequence in flight in the pipeline."""
    p = checks.positive("stages", stages)
    e = checks.positive("expert_ways", expert_ways)
    return roofline.decode_step_time(batch / p, weight_bytes=weight_bytes / p,
                                     active_params=active_params / p, flops=e * flops,
                                     bandwidth=e * bandwidth, context=context,
                                     kv_bytes_per_token=kv_bytes_per_token / p)


def time_per_token(*, hop=0, **step):
    """Seconds between two tokens of one sequence: it passes every stage in turn, and crosses
    stages - 1 boundaries of `hop` seconds each (see stage_step_time for the other arguments)."""
    p = checks.positive("stages", step["stages"])
    return p * stage_step_time(**step) + (p - 1) * checks.non_negative("hop", hop)


# -- The scale-up domain and latency -------------------------------------------------------------

def domain_weight_read_time(weight_bytes, gpus, bandwidth_per_gpu):
    """Seconds for a domain of `gpus` GPUs, each reading HBM at `bandwidth_per_gpu` bytes/s, to
    read `weight_bytes` once between them: the latency floor of a decode step there."""
    return roofline.weight_fetch_time(weight_bytes, checks.positive("gpus", gpus)
                                      * checks.positive("bandwidth_per_gpu", bandwidth_per_gpu))


def largest_weights(step_time, *, gpus, bandwidth_per_gpu, hbm_bytes_per_gpu, weight_share=1):
    """The most bytes of weights one domain can serve at `step_time` seconds per token: what its
    GPUs read in that time, but no more than `weight_share` of their memory holds."""
    read = (checks.positive("step_time", step_time) * checks.positive("gpus", gpus)
            * checks.positive("bandwidth_per_gpu", bandwidth_per_gpu))
    return minimum(read, gpus * checks.positive("hbm_bytes_per_gpu", hbm_bytes_per_gpu)
                   * checks.fraction("weight_share", weight_share))
