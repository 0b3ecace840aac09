"""Chapter 4 widget: memory per GPU and time per token as a model's layers spread over stages."""

import numpy as np

from ... import attention, pipelining
from ...catalogs import hardware, models
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel
from ..plotstyle import COLORS

STAGES = np.arange(1, 17)
DEFAULTS = dict(chip="GB200 NVL72", model="Kimi K2", precision="fp8", stages=2, expert_ways=72,
                batch=512, context=32_768)


def view(chip, model, precision, stages, expert_ways, batch, context):
    """Chart and readout for `model` on `stages` stages of `expert_ways` GPUs of `chip` each.

    Units: batch in sequences in flight in the whole pipeline, context in tokens. Weights and KV
    cache are spread evenly over every GPU (the lecture's memory formula); the KV cache is bf16.
    """
    c, m = hardware.get(chip), models.get(model)
    stages, expert_ways = int(stages), int(expert_ways)
    weights = m.weight_bytes(precision)
    kv = attention.kv_bytes_per_token(m)
    memory = dict(weight_bytes=weights, context=context, kv_bytes_per_token=kv,
                  expert_ways=expert_ways)
    weights_only = pipelining.memory_per_gpu(batch=0, stages=STAGES, **memory)
    # The batch grows with the stages (the same micro-batch per stage), or stays fixed.
    per_stage = batch / stages
    grown = pipelining.memory_per_gpu(batch=per_stage * STAGES, stages=STAGES, **memory)
    fixed = pipelining.memory_per_gpu(batch=batch, stages=STAGES, **memory)
    here = pipelining.memory_per_gpu(batch=batch, stages=stages, **memory)
    step = dict(expert_ways=expert_ways, weight_bytes=weights, active_params=m.active_params,
                flops=c.flops(precision), bandwidth=c.hbm_bandwidth, context=context,
                kv_bytes_per_token=kv)
    hop = pipelining.hop_time(per_stage / expert_ways, d_model=m.d_model,
                              scaleout_bandwidth=c.scaleout_bandwidth)
    token_grown = pipelining.time_per_token(batch=per_stage * STAGES, stages=STAGES, hop=hop,
                                            **step)
    token_here = pipelining.time_per_token(batch=batch, stages=stages, hop=hop, **step)
    one_domain = pipelining.time_per_token(batch=per_stage * STAGES, stages=1,
                                           **(step | dict(expert_ways=expert_ways * STAGES)))

    gb = 1e9
    chart = Chart(title=f"{m.name} in {precision}, {expert_ways} × {c.name} per stage, "
                        f"context {context:,.0f}", panels=(
        Panel("Stages split the weights, not the cache", "pipeline stages", "GB per GPU",
              ylog=True, legend="upper right", ylim=(None, 8 * max(grown.max(), c.hbm_bytes) / gb),
              items=(
                  Line(STAGES, grown / gb, COLORS["total"],
                       label=f"{per_stage:,.0f} sequences per stage"),
                  Line(STAGES, fixed / gb, COLORS["total"], ":", label=f"{batch:,.0f} in all"),
                  Line(STAGES, weights_only / gb, COLORS["memory"], "--", label="weights alone"),
                  HLine(c.hbm_bytes / gb, COLORS["limit"], label=f"HBM of one {c.name}"),
                  Line(stages, here / gb, COLORS["total"], "o"))),
        Panel("Stages add GPUs, not speed", "pipeline stages (or domains' worth of GPUs)",
              "ms per token", legend="center right", ylim=(0, None), items=(
                  Line(STAGES, token_grown * 1e3, COLORS["latency"],
                       label=f"{per_stage:,.0f} sequences per stage, pipelined"),
                  Line(STAGES, one_domain * 1e3, COLORS["memory"], "--",
                       label="the same GPUs as one scale-up domain"),
                  Line(stages, token_here * 1e3, COLORS["total"], "o"))),
    ))

    moe_layers = m.moe_layers if m.is_moe else 0
    if moe_layers:
        ratio = pipelining.scaleup_over_scaleout(
            top_k=m.experts_per_token, d_model=m.d_model, moe_layers_per_stage=moe_layers / stages,
            gpus_per_domain=expert_ways, scaleup_bandwidth=c.scaleup_bandwidth,
            scaleout_bandwidth=c.scaleout_bandwidth)
        comm = (f"Per token, each GPU spends {fmt.sig(ratio, 2)} times as long on the fast "
                f"network inside a stage as on the slow one between stages.")
    else:
        comm = f"{m.name} is dense: no all-to-all inside a stage to compare with."
    fits = "fits" if here <= c.hbm_bytes else "does not fit"
    readout = (
        f"{stages} stage{'s' if stages > 1 else ''} × {expert_ways} GPUs, {batch:,.0f} sequences "
        f"of {context:,.0f} tokens: {fmt.si(here, 'B')} per GPU "
        f"({fmt.si(weights / (expert_ways * stages), 'B')} weights + "
        f"{fmt.si(here - weights / (expert_ways * stages), 'B')} KV cache), which {fits} in "
        f"{fmt.si(c.hbm_bytes, 'B')}.\n"
        f"Time per token {fmt.seconds(token_here)}, of which {fmt.seconds((stages - 1) * hop)} "
        f"crossing between stages (bandwidth only; network latency not counted). {comm}"
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        **widgets.deployment_choices(DEFAULTS),
        "stages": widgets.count_slider("pipeline stages", 1, 16, DEFAULTS["stages"]),
        "expert_ways": widgets.count_slider("GPUs per stage", 1, 576, DEFAULTS["expert_ways"]),
        "batch": widgets.log_slider("sequences in flight", 1, 2**16, DEFAULTS["batch"]),
        "context": widgets.log_slider("context (tokens)", 128, 2**20, DEFAULTS["context"]),
    })
