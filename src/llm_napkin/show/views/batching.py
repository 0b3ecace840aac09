"""Chapter 1 widget: cost per token and latency against batch size for one deployment."""

import numpy as np

from ... import roofline, serving
from ...catalogs import hardware, models
from ...catalogs.precision import PRECISIONS
from ...symbolic import maximum, where
from .. import live
from ..charts import HLine, Line, Panel, Span
from ..plotstyle import COLORS

BATCHES = np.geomspace(1, 2**16, 161)
PER_MILLION = 1e6


def chip_numbers(chip, precision) -> dict:
    """One chip's peak FLOP/s in `precision`, HBM bytes/s and HBM bytes (ValueError if the chip
    lacks the precision)."""
    c = hardware.get(chip)
    return dict(chip_flops=c.flops(precision), chip_bandwidth=c.hbm_bandwidth,
                chip_hbm=c.hbm_bytes)


def model_numbers(model, precision) -> dict:
    """A model's weight bytes in `precision`, active parameters and KV bytes per token (the
    deployment keeps the cache in bf16)."""
    d = serving.Deployment(hardware.get("H100 SXM"), models.get(model), precision)
    return dict(weight_bytes=d.weight_bytes, active_params=d.model.active_params,
                kv_bytes_per_token=d.kv_bytes_per_token)


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the batch of the curves; costs in $ per million tokens,
    times in ms."""
    chips = serving.fewest_chips(d["weight_bytes"], d["chip_hbm"])
    rates = dict(weight_bytes=d["weight_bytes"], active_params=d["active_params"],
                 flops=d["chip_flops"] * chips, bandwidth=d["chip_bandwidth"] * chips,
                 kv_bytes_per_token=d["kv_bytes_per_token"])

    def step(batch, context):
        return roofline.decode_step_time(batch, context=context, **rates)

    def cost(batch, context):
        return roofline.cost_per_token(batch, step(batch, context), chips, c["price"]) * PER_MILLION

    hbm = d["chip_hbm"] * chips
    knee = roofline.knee_batch(context=c["context"], **rates)
    knee = where(knee > 0, knee, np.inf)  # the symbolic quotient turns negative where none exists
    largest = serving.largest_batch_in_memory(hbm, d["weight_bytes"], c["context"],
                                              d["kv_bytes_per_token"])
    kv = c["batch"] * c["context"] * d["kv_bytes_per_token"]
    return dict(
        chips=chips, hbm=hbm, kv=kv, largest=largest, knee=knee,
        cost=cost(x, c["context"]), no_cache=cost(x, 0),
        compute_floor=cost(roofline.knee_batch(**rates), 0),
        latency=step(x, c["context"]) * 1e3, weight_read=step(1, 0) * 1e3,
        here_cost=cost(c["batch"], c["context"]), here_latency=step(c["batch"], c["context"]) * 1e3,
        tokens_per_second=roofline.tokens_per_second(c["batch"], step(c["batch"], c["context"])),
        memory_bound=c["batch"] < knee, has_knee=knee < 1e300,
        fits=d["weight_bytes"] + kv <= hbm,
        full_from=where(largest < BATCHES[-1], maximum(largest, 1), np.nan),
        full_to=BATCHES[-1],
    )


FULL = Span("full_from", "full_to", label="cache exceeds HBM")
LIVE = live.LiveView(
    controls={
        "chip": live.Choice("chip", tuple(hardware.names()), "H100 SXM"),
        "model": live.Choice("model", tuple(models.names()), "Llama 3.1 70B"),
        "precision": live.Choice("precision", PRECISIONS, "bf16"),
        "batch": live.Slider("batch (sequences)", 1, 2**16, 64, log=True, integer=True,
                             unit="int"),
        "context": live.Slider("context (tokens)", 128, 2**20, 1024, log=True, integer=True,
                               unit="int"),
        "price": live.Slider("$ per chip-hour", 0.25, 10, 2.0, step=0.25, unit="dollars"),
    },
    tables=(live.Table(("chip", "precision"), chip_numbers),
            live.Table(("model", "precision"), model_numbers)),
    formulas=formulas,
    grid=BATCHES,
    title="{model} in {precision} on {chips:int} × {chip}",
    panels=(
        Panel("Cost falls with batch", "batch (sequences)", "$ per million output tokens",
              xlog=True, ylog=True, legend="lower left", items=(
                  Line("x", "cost", COLORS["cost"], label="context {context:int}"),
                  Line("x", "no_cache", COLORS["cost"], ":", label="no KV cache"),
                  HLine("compute_floor", COLORS["compute"], label="compute floor"),
                  Line("batch", "here_cost", COLORS["total"], "o"), FULL)),
        Panel("Latency has a floor", "batch (sequences)", "ms per output token",
              xlog=True, ylog=True, legend="upper left", items=(
                  Line("x", "latency", COLORS["latency"], label="time per token"),
                  HLine("weight_read", COLORS["memory"], label="weight read (latency floor)"),
                  Line("batch", "here_latency", COLORS["total"], "o"), FULL)),
    ),
    readout=(
        "Batch {batch:int} at context {context:int}: {here_latency:sig} ms per token, "
        "{tokens_per_second:sig} tokens/s, {here_cost:dollars} per M tokens at "
        "{price:dollars} per chip-hour; ",
        live.When("memory_bound", "memory bound", "compute bound"),
        live.When("has_knee", " (knee at batch {knee:sig}).", " (no batch is compute bound)."),
        "\nMemory: weights {weight_bytes:si B} + KV cache {kv:si B} against {hbm:si B} of HBM: ",
        live.When("fits", "fits, with room for {largest:int} sequences at this context.",
                  "does NOT fit; only {largest:int} sequences' caches fit beside the weights."),
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out). Units: batch in
    sequences, context in tokens, price in $ per chip-hour."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
