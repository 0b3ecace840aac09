"""Chapter 4 widget: memory per GPU and time per token as a model's layers spread over stages."""

import numpy as np

from ... import attention, pipelining
from ...catalogs import hardware, models
from ...catalogs.precision import PRECISIONS
from ...symbolic import maximum, where
from .. import live
from ..charts import HLine, Line, Panel
from ..plotstyle import COLORS
from . import batching

STAGES = np.arange(1, 17)  #: pipeline stages along the x axis
GB, MS = 1e9, 1e3  #: the axes count bytes in GB and time in ms


def chip_numbers(chip, precision) -> dict:
    """One chip's peak FLOP/s in `precision`, HBM bytes and bytes/s, and its fast and slow
    networks' bytes/s per direction (ValueError if the chip lacks the precision)."""
    c = hardware.get(chip)
    return dict(batching.chip_numbers(chip, precision), scaleup=c.scaleup_bandwidth,
                scaleout=c.scaleout_bandwidth)


def model_numbers(model, precision) -> dict:
    """A model's weight bytes in `precision`, active parameters, bf16 KV bytes per token, width,
    MoE layers (0 if dense) and experts per token."""
    m = models.get(model)
    return dict(weight_bytes=m.weight_bytes(precision), active_params=m.active_params,
                kv_bytes_per_token=attention.kv_bytes_per_token(m), d_model=m.d_model,
                moe_layers=m.moe_layers if m.is_moe else 0,
                top_k=m.experts_per_token if m.is_moe else 1)


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the number of stages of the curves; memory in bytes (and GB
    for the chart), times in s (and ms for the chart). `batch` counts every sequence in flight;
    "grown" keeps batch/stages sequences per stage as the stages grow, "fixed" keeps the batch."""
    ways, stages, per_stage = c["expert_ways"], c["stages"], c["batch"] / c["stages"]
    memory = dict(weight_bytes=d["weight_bytes"], context=c["context"],
                  kv_bytes_per_token=d["kv_bytes_per_token"], expert_ways=ways)
    step = dict(expert_ways=ways, weight_bytes=d["weight_bytes"],
                active_params=d["active_params"], flops=d["chip_flops"],
                bandwidth=d["chip_bandwidth"], context=c["context"],
                kv_bytes_per_token=d["kv_bytes_per_token"])
    hop = pipelining.hop_time(per_stage / ways, d_model=d["d_model"], scaleout_bandwidth=d["scaleout"])
    here = pipelining.memory_per_gpu(batch=c["batch"], stages=stages, **memory)
    weights_here = pipelining.memory_per_gpu(batch=0, stages=stages, **memory)
    token_here = pipelining.time_per_token(batch=c["batch"], stages=stages, hop=hop, **step)
    ratio = pipelining.scaleup_over_scaleout(
        top_k=d["top_k"], d_model=d["d_model"],
        moe_layers_per_stage=maximum(d["moe_layers"], 1) / stages, gpus_per_domain=ways,
        scaleup_bandwidth=d["scaleup"], scaleout_bandwidth=d["scaleout"])
    return dict(
        per_stage=per_stage, hbm_gb=d["chip_hbm"] / GB,
        grown=pipelining.memory_per_gpu(batch=per_stage * x, stages=x, **memory) / GB,
        fixed=pipelining.memory_per_gpu(batch=c["batch"], stages=x, **memory) / GB,
        weights_only=pipelining.memory_per_gpu(batch=0, stages=x, **memory) / GB,
        here=here, here_gb=here / GB, weights_here=weights_here, kv_here=here - weights_here,
        fits=here <= d["chip_hbm"],
        token_grown=pipelining.time_per_token(batch=per_stage * x, stages=x, hop=hop, **step) * MS,
        one_domain=pipelining.time_per_token(batch=per_stage * x, stages=1,
                                             **(step | dict(expert_ways=ways * x))) * MS,
        token_here=token_here, token_here_ms=token_here * MS, crossing=(stages - 1) * hop,
        is_moe=d["moe_layers"] > 0, ratio=where(d["moe_layers"] > 0, ratio, np.nan),
    )


LIVE = live.LiveView(
    controls={
        "chip": live.Choice("chip", tuple(hardware.names()), "GB200 NVL72"),
        "model": live.Choice("model", tuple(models.names()), "Kimi K2"),
        "precision": live.Choice("precision", PRECISIONS, "fp8"),
        "stages": live.Slider("pipeline stages", 1, 16, 2, integer=True, unit="int"),
        "expert_ways": live.Slider("GPUs per stage", 1, 576, 72, integer=True, unit="int"),
        "batch": live.Slider("sequences in flight", 1, 2**16, 512, log=True, integer=True,
                             unit="int"),
        "context": live.Slider("context (tokens)", 128, 2**20, 32_768, log=True, integer=True,
                               unit="int"),
    },
    tables=(live.Table(("chip", "precision"), chip_numbers),
            live.Table(("model", "precision"), model_numbers)),
    formulas=formulas,
    grid=STAGES,
    title="{model} in {precision}, {expert_ways:int} × {chip} per stage, context {context:int}",
    panels=(
        Panel("Stages split the weights, not the cache", "pipeline stages", "GB per GPU",
              ylog=True, legend="upper right", items=(
                  Line("x", "grown", COLORS["total"], label="{per_stage:sig} sequences per stage"),
                  Line("x", "fixed", COLORS["total"], ":", label="{batch:int} in all"),
                  Line("x", "weights_only", COLORS["memory"], "--", label="weights alone"),
                  HLine("hbm_gb", COLORS["limit"], label="HBM of one {chip}"),
                  Line("stages", "here_gb", COLORS["total"], "o"))),
        Panel("Stages add GPUs, not speed", "pipeline stages (or domains' worth of GPUs)",
              "ms per token", legend="center right", ylim=(0, None), items=(
                  Line("x", "token_grown", COLORS["latency"],
                       label="{per_stage:sig} sequences per stage, pipelined"),
                  Line("x", "one_domain", COLORS["memory"], "--",
                       label="the same GPUs as one scale-up domain"),
                  Line("stages", "token_here_ms", COLORS["total"], "o"))),
    ),
    readout=(
        "{stages:int} stage{stages:plural} × {expert_ways:int} GPUs, {batch:int} sequences of "
        "{context:int} tokens: {here:si B} per GPU ({weights_here:si B} weights + "
        "{kv_here:si B} KV cache), which ",
        live.When("fits", "fits in {chip_hbm:si B}.",
                  "does NOT fit in the {chip_hbm:si B} of HBM of one {chip}."),
        "\nTime per token {token_here:seconds}, of which {crossing:seconds} crossing between "
        "stages (bandwidth only; network latency not counted). ",
        live.When("is_moe", "Per token, each GPU spends {ratio:sig 2} times as long on the fast "
                  "network inside a stage as on the slow one between stages.",
                  "{model} is dense: no all-to-all inside a stage to compare with."),
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out). Units: batch in
    sequences in flight in the whole pipeline, context in tokens. Weights and KV cache are spread
    evenly over every GPU (the lecture's memory formula); the KV cache is bf16."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
