"""Chapter 2 widget: where a step turns compute bound, and what the KV cache does to the knee."""

import numpy as np

from ... import moe, parameters, roofline, serving
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel
from ..plotstyle import COLORS
from ...catalogs.precision import bytes_per_value

BATCHES = np.geomspace(1, 2**18, 161)
DEFAULTS = dict(chip="H100 SXM", model="DeepSeek-V3", precision="fp8", context=1024,
                memory_efficiency=1.0, compute_efficiency=1.0)
_NONE = np.array([])  # an empty marker keeps the chart's structure when there is no knee


def _dot(x, y):
    """A marker at (x, y), or none where x is infinite (no knee)."""
    return (x, y) if np.isfinite(x) else (_NONE, _NONE)


def view(chip, model, precision, context, memory_efficiency, compute_efficiency):
    """Chart and readout for `model` on the fewest chips of type `chip` that hold it.

    Units: context in tokens; the efficiencies, in (0, 1], derate peak bandwidth and FLOP/s.
    Weights are counted part by part from the architecture (parameters.parts).
    """
    d = serving.deploy(chip, model, precision, memory_efficiency=memory_efficiency,
                       compute_efficiency=compute_efficiency)
    bandwidth, flops = roofline.achieved(d.bandwidth, d.flops, memory_efficiency,
                                         compute_efficiency)
    total, active = parameters.sums(d.model)
    weights = roofline.weight_fetch_time(total * bytes_per_value(precision), bandwidth)
    with_kv = weights + roofline.kv_fetch_time(BATCHES, context, d.kv_bytes_per_token, bandwidth)
    compute = roofline.matmul_time(BATCHES, active, flops)
    knee0, knee = d.whole_model_knee(), d.whole_model_knee(context)
    part_knees = d.knees_by_part()  # without the KV cache
    last = max(part_knees.values())  # the weights of every part are compute bound from here on
    # Where whole_model_knee(context) runs off (the summed parts), and where the attention
    # part alone does: past it the attention layers are memory bound at any batch.
    limit = d.context_limit(active_params=active)
    attention_limit = d.context_limit(active_params=parameters.parts(d.model)[serving.ATTENTION][1])
    ceiling = roofline.tokens_per_second(1, roofline.matmul_time(1, active, flops))
    knee_step = roofline.matmul_time(knee, active, flops) if np.isfinite(knee) else np.inf
    last_rate = roofline.tokens_per_second(last, d.step_time_by_part(last, context))

    chart = Chart(title=f"{d.model.name} in {precision} on {d.chips} × {d.chip.name}, "
                        f"context {context:,.0f}", panels=(
        Panel("Memory and compute time per step", "batch (tokens)", "ms per step",
              xlog=True, ylog=True, legend="upper left", items=(
                  Line(BATCHES, np.full_like(BATCHES, weights * 1e3), COLORS["memory"], ":",
                       label="read weights"),
                  Line(BATCHES, with_kv * 1e3, COLORS["memory"], label="read weights + KV cache"),
                  Line(BATCHES, compute * 1e3, COLORS["compute"], label="multiply"),
                  Line(*_dot(knee, knee_step * 1e3), COLORS["total"], "o"))),
        Panel("Throughput levels off past the knee", "batch (tokens)", "tokens per second",
              xlog=True, ylog=True, legend="lower right", items=(
                  Line(BATCHES, roofline.tokens_per_second(
                      BATCHES, d.step_time_by_part(BATCHES, context, "step")),
                       COLORS["total"], label="overlap across the step"),
                  Line(BATCHES, roofline.tokens_per_second(
                      BATCHES, d.step_time_by_part(BATCHES, context)),
                       COLORS["total"], "--", label="overlap layer by layer"),
                  HLine(ceiling, COLORS["compute"], label="compute ceiling"),
                  Line(*_dot(knee, ceiling), COLORS["total"], "o"),
                  Line(last, last_rate, COLORS["measured"], "o"))),
    ))

    if np.isfinite(knee):
        here = (f"at a {context:,.0f}-token context the KV cache moves it to {fmt.sig(knee)} "
                f"tokens, a {fmt.seconds(knee_step)} step (no batch is compute bound beyond "
                f"{fmt.sig(limit)} tokens of context)")
    else:
        here = (f"at a {context:,.0f}-token context no batch is compute bound, since each "
                f"sequence's KV read outlasts its multiplies beyond {fmt.sig(limit)} tokens")
    if d.model.is_moe:
        m = d.model
        layers = (f"Layer by layer, the routed experts turn compute bound at {fmt.sig(last)} "
                  f"tokens (orange dot), {m.experts}/{m.experts_per_token} times the "
                  f"{fmt.sig(part_knees[serving.ATTENTION])} of the weights every token uses")
    else:
        layers = f"Layer by layer, every part's weights turn compute bound at {fmt.sig(last)}"
    layers += (f"; the attention layers, which also read the KV cache, stay memory bound at any "
               f"batch beyond {fmt.sig(attention_limit)} tokens of context.")
    readout = (
        f"Knee without KV cache: {fmt.sig(knee0)} tokens = ridge point "
        f"{fmt.sig(roofline.ridge_point(flops, bandwidth))} FLOP/byte × "
        f"{fmt.sig(bytes_per_value(precision) / 2, 2)} (bytes per weight / 2) × sparsity "
        f"{fmt.sig(moe.sparsity(total, active))} (total / active weights); {here}.\n"
        f"{layers} The compute ceiling is {fmt.sig(ceiling)} tokens/s on {d.chips} chips."
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        **widgets.deployment_choices(DEFAULTS),
        "context": widgets.log_slider("context (tokens)", 16, 2**20, DEFAULTS["context"]),
        "memory_efficiency": widgets.slider("memory efficiency", 0.3, 1,
                                            DEFAULTS["memory_efficiency"], 0.05),
        "compute_efficiency": widgets.slider("compute efficiency", 0.3, 1,
                                             DEFAULTS["compute_efficiency"], 0.05),
    })
