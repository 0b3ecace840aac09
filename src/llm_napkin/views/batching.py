"""Chapter 1 widget: cost per token and latency against batch size for one deployment."""

import numpy as np

from .. import fmt, hardware, models, serving, widgets
from ..plotstyle import COLORS, figure
from ..precision import PRECISIONS

BATCHES = np.geomspace(1, 2**16, 161)
DEFAULTS = dict(chip="H100 SXM", model="Llama 3.1 70B", precision="bf16", batch=64,
                context=4096, price=2.0)


def view(chip, model, precision, batch, context, price):
    """Figure and readout for `model` on the fewest `chip`s that hold it, at one operating point.

    Units: batch in sequences, context in tokens, price in $ per chip-hour.
    """
    d = serving.deploy(chip, model, precision)
    step = d.step_time(BATCHES, context)
    cost = d.cost_per_token(BATCHES, context, price) * 1e6
    floor_cost = d.cost_per_token(BATCHES, 0, price) * 1e6  # weights only, no KV
    compute_cost = price * d.chips / 3600 * 2 * d.model.active_params / d.flops * 1e6
    fits = BATCHES <= d.largest_batch(context)
    here_step, here_cost = d.step_time(batch, context), d.cost_per_token(batch, context, price) * 1e6

    fig, (left, right) = figure(ncols=2)
    left.loglog(BATCHES, cost, color=COLORS["cost"], label=f"context {context:,.0f}")
    left.loglog(BATCHES, floor_cost, color=COLORS["cost"], ls=":", label="no KV cache")
    left.axhline(compute_cost, color=COLORS["compute"], ls="--", label="compute floor")
    left.set(xlabel="batch (sequences)", ylabel="$ per million output tokens",
             title="Cost falls with batch")
    right.loglog(BATCHES, step * 1e3, color=COLORS["latency"], label="time per token")
    right.axhline(d.weight_bytes / d.bandwidth * 1e3, color=COLORS["memory"], ls="--",
                  label="weight read (latency floor)")
    right.set(xlabel="batch (sequences)", ylabel="ms per output token",
              title="Latency has a floor")
    for ax, y in ((left, here_cost), (right, here_step * 1e3)):
        ax.plot([batch], [y], "o", color=COLORS["total"], zorder=3)
        if not fits.all():
            ax.axvspan(BATCHES[~fits][0], BATCHES[-1], color=COLORS["limit"], alpha=0.15, lw=0)
        ax.legend(loc="lower left" if ax is left else "upper left")
    fig.suptitle(f"{d.model.name} in {precision} on {d.chips} × {d.chip.name}", fontsize=11)

    knee = d.knee_batch(context)
    regime = "memory bound" if batch < knee else "compute bound"
    knee_text = f"knee at batch {fmt.sig(knee)}" if np.isfinite(knee) else "no batch is compute bound"
    readout = (
        f"Batch {batch:,.0f} at context {context:,.0f}: {fmt.seconds(here_step)} per token, "
        f"{fmt.sig(d.tokens_per_second(batch, context))} tokens/s, "
        f"{fmt.per_million_tokens(here_cost / 1e6)} at {fmt.dollars(price)} per chip-hour; "
        f"{regime} ({knee_text}).\n"
        f"Memory: weights {fmt.si(d.weight_bytes, 'B')} + KV cache "
        f"{fmt.si(batch * context * d.kv_bytes_per_token, 'B')} of {fmt.si(d.hbm_bytes, 'B')} HBM; "
        f"at most {fmt.sig(d.largest_batch(context), 3)} sequences fit (shaded beyond)."
    )
    return fig, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        "chip": widgets.choice("chip", hardware.names(), DEFAULTS["chip"]),
        "model": widgets.choice("model", models.names(), DEFAULTS["model"]),
        "precision": widgets.choice("precision", PRECISIONS, DEFAULTS["precision"]),
        "batch": widgets.log_slider("batch", 1, 2**16, DEFAULTS["batch"]),
        "context": widgets.log_slider("context (tokens)", 128, 2**20, DEFAULTS["context"]),
        "price": widgets.slider("$ per chip-hour", 0.25, 10, DEFAULTS["price"], 0.25),
    })
