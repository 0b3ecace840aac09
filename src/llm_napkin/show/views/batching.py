"""Chapter 1 widget: cost per token and latency against batch size for one deployment."""

import numpy as np

from ... import serving
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel, Span
from ..plotstyle import COLORS

BATCHES = np.geomspace(1, 2**16, 161)
DEFAULTS = dict(chip="H100 SXM", model="Llama 3.1 70B", precision="bf16", batch=64,
                context=1024, price=2.0)


def view(chip, model, precision, batch, context, price):
    """Chart and readout for `model` on the fewest chips of type `chip` that hold it, at one operating point.

    Units: batch in sequences, context in tokens, price in $ per chip-hour.
    """
    d = serving.deploy(chip, model, precision)
    per_million = 1e6
    cost = d.cost_per_token(BATCHES, context, price) * per_million
    no_cache = d.cost_per_token(BATCHES, 0, price) * per_million
    compute_floor = d.cost_per_token(d.knee_batch(0), 0, price) * per_million  # at the knee
    here_step = d.step_time(batch, context)
    here_cost = d.cost_per_token(batch, context, price) * per_million
    largest = d.largest_batch(context)
    full = (Span(max(largest, 1), BATCHES[-1], label="cache exceeds HBM"),) \
        if largest < BATCHES[-1] else ()

    chart = Chart(title=f"{d.model.name} in {precision} on {d.chips} × {d.chip.name}", panels=(
        Panel("Cost falls with batch", "batch (sequences)", "$ per million output tokens",
              xlog=True, ylog=True, legend="lower left", items=(
                  Line(BATCHES, cost, COLORS["cost"], label=f"context {context:,.0f}"),
                  Line(BATCHES, no_cache, COLORS["cost"], ":", label="no KV cache"),
                  HLine(compute_floor, COLORS["compute"], label="compute floor"),
                  Line(batch, here_cost, COLORS["total"], "o"), *full)),
        Panel("Latency has a floor", "batch (sequences)", "ms per output token",
              xlog=True, ylog=True, legend="upper left", items=(
                  Line(BATCHES, d.step_time(BATCHES, context) * 1e3, COLORS["latency"],
                       label="time per token"),
                  HLine(d.step_time(1, 0) * 1e3, COLORS["memory"],
                        label="weight read (latency floor)"),
                  Line(batch, here_step * 1e3, COLORS["total"], "o"), *full)),
    ))

    knee = d.knee_batch(context)
    regime = "memory bound" if batch < knee else "compute bound"
    knee_text = f"knee at batch {fmt.sig(knee)}" if np.isfinite(knee) else "no batch is compute bound"
    readout = (
        f"Batch {batch:,.0f} at context {context:,.0f}: {fmt.seconds(here_step)} per token, "
        f"{fmt.sig(d.tokens_per_second(batch, context))} tokens/s, "
        f"{fmt.per_million_tokens(here_cost / per_million)} at {fmt.dollars(price)} per "
        f"chip-hour; {regime} ({knee_text}).\n"
        f"Memory: weights {fmt.si(d.weight_bytes, 'B')} + KV cache "
        f"{fmt.si(batch * context * d.kv_bytes_per_token, 'B')} of {fmt.si(d.hbm_bytes, 'B')} HBM; "
        f"at most {fmt.sig(largest, 3)} sequences fit."
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        **widgets.deployment_choices(DEFAULTS),
        "batch": widgets.log_slider("batch", 1, 2**16, DEFAULTS["batch"]),
        "context": widgets.log_slider("context (tokens)", 128, 2**20, DEFAULTS["context"]),
        "price": widgets.slider("$ per chip-hour", 0.25, 10, DEFAULTS["price"], 0.25),
    })
