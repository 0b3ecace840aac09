"""Chapter 6 widget: a price list read backwards into KV bytes, decode efficiency and batch."""

import numpy as np

from ... import attention, price_inversion, roofline
from ...catalogs import hardware, memory_tiers, models
from ...catalogs.precision import PRECISIONS, bytes_per_value
from ...symbolic import maximum, where
from .. import live
from ..charts import HLine, Line, Panel, VLine
from ..plotstyle import COLORS
from .batching import chip_numbers

THRESHOLDS = (2**14, 2**21)
"""The thresholds the left panel shows (tokens), the slider's range."""
BATCHES = (1, 2**16)
"""The batches the right panel shows (sequences)."""
GRID = np.geomspace(1, 2**21, 169)  # both panels' x, eight points per doubling
BILLION = 1e9
RETENTIONS = {"5 minutes": 300, "1 hour": 3600}
REFERENCES = {"one_shared_layer": "8 KV heads × 128, one layer shared, fp8",
              "v3_mla": "DeepSeek-V3 MLA, bf16", "llama_gqa": "Llama 3.1 405B GQA, bf16"}


def precision_numbers(precision) -> dict:
    """Bytes of one weight in `precision`."""
    return dict(value_bytes=bytes_per_value(precision))


def fixed_numbers() -> dict:
    """What no control changes: KV bytes per token of real attention designs, for comparison
    lines, and the memory tier whose drain time is nearest each cache retention."""
    refs = dict(one_shared_layer=attention.kv_values_per_token_per_layer("GQA", kv_heads=8,
                                                                         d_head=128)
                * bytes_per_value("fp8"),
                v3_mla=attention.kv_bytes_per_token(models.get("DeepSeek-V3")),
                llama_gqa=attention.kv_bytes_per_token(models.get("Llama 3.1 405B")))
    tiers = {f"tier_{s}": price_inversion.tier_for_retention(s, memory_tiers.TIERS)
             for s in RETENTIONS.values()}
    return {**refs, **tiers}


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the threshold (tokens) of the left curve and the batch
    (sequences) of the right one. Prices follow chip time, the threshold is where one
    sequence's KV read equals its multiplies, decode reads half the threshold's context."""
    rates = dict(active_params=c["active_b"] * BILLION, flops=d["chip_flops"],
                 bandwidth=d["chip_bandwidth"])
    kv = price_inversion.kv_bytes_at_crossover(c["threshold"], **rates)
    surcharged = c["surcharge"] > 0  # a surcharge of 0 implies no added KV time
    kv_added = where(surcharged, price_inversion.kv_bytes_at_crossover(
        c["threshold"], kv_share=where(surcharged, c["surcharge"] / 100, 1), **rates), 0)
    ratio = c["output_price"] / c["input_price"]
    valid = c["total_b"] >= c["active_b"]
    weight_bytes = c["total_b"] * BILLION * d["value_bytes"]
    serve = dict(weight_bytes=weight_bytes, context=c["threshold"] / 2, kv_bytes_per_token=kv,
                 **rates)
    model_ratio = price_inversion.output_over_input(x, **serve)
    # Decode reads half the threshold's context, so each sequence's KV read takes half its
    # multiplies: a knee always exists, and every ratio of 1 or more is met below it.
    batch = price_inversion.batch_for_ratio(maximum(ratio, 1), **serve)
    return dict(
        kv_curve=price_inversion.kv_bytes_at_crossover(x, **rates), kv=kv, kv_added=kv_added,
        ratio=ratio, roof_share=1 / maximum(ratio, 1),
        below_input=ratio < 1, hit_share=c["cached_price"] / c["input_price"],
        hit_above_input=c["cached_price"] > c["input_price"],
        model_ratio=where(valid & (x <= BATCHES[1]), model_ratio, np.nan),
        batch_line=where(valid, batch, np.nan), batch=batch, knee=roofline.knee_batch(**serve),
        decode_context=serve["context"], valid=valid,
    )


LIVE = live.LiveView(
    controls={
        "input_price": live.Slider("input $/M tokens", 0.05, 20, 1.25, step=0.05,
                                   unit="dollars"),
        "output_price": live.Slider("output $/M tokens", 0.1, 100, 10.0, step=0.1,
                                    unit="dollars"),
        "cached_price": live.Slider("cached $/M tokens", 0, 10, 0.31, step=0.01,
                                    unit="dollars"),
        "threshold": live.Slider("threshold (tokens)", *THRESHOLDS, 200_000,
                                 log=True, integer=True, unit="int"),
        "surcharge": live.Slider("surcharge (%)", 0, 200, 50.0, step=5, unit="percent"),
        "active_b": live.Slider("active params (B)", 1, 2048, 100.0, log=True),
        "total_b": live.Slider("total params (B)", 1, 8192, 1000.0, log=True),
        "chip": live.Choice("chip", tuple(hardware.names()), "H100 SXM"),
        "precision": live.Choice("precision", PRECISIONS, "fp8"),
    },
    tables=(live.Table(("chip", "precision"), chip_numbers),
            live.Table(("precision",), precision_numbers), live.Table((), fixed_numbers)),
    formulas=formulas,
    grid=GRID,
    title="{active_b:sig}B active on {chip} in {precision}",
    panels=(
        Panel("The surcharge's threshold gives KV bytes per token", "threshold (tokens)",
              "KV bytes per token", xlog=True, ylog=True, legend="lower left", ylim=(10, 4e6),
              xlim=THRESHOLDS, items=(
                  Line("x", "kv_curve", COLORS["memory"],
                       label="KV bytes where reading = multiplies"),
                  *(HLine(name, COLORS["limit"], style, label=label)
                    for (name, label), style in zip(REFERENCES.items(), (":", "--", "-."))),
                  Line("threshold", "kv", COLORS["total"], "o"))),
        Panel("The price ratio gives the batch", "batch (sequences)", "output / input cost",
              xlog=True, ylog=True, legend="upper right", xlim=BATCHES, items=(
                  Line("x", "model_ratio", COLORS["latency"],
                       label="model: decode / prefill time"),
                  HLine("ratio", COLORS["total"], "--", label="price ratio {ratio:sig}"),
                  VLine("batch_line", COLORS["memory"], ":", label="batch the prices imply"))),
    ),
    readout=(
        "KV cache: {kv:sig} bytes per token if the threshold is where reading it equals the "
        "multiplies; {kv_added:sig} if the {surcharge:sig}% surcharge is the added KV time at "
        "the threshold.\nOutput costs {ratio:sig} × input: decode at about {roof_share:percent} "
        "of the compute roof",
        live.When("below_input", " (output priced BELOW input, which no batch explains: a "
                                 "decoded token never costs less than a prompt token)"),
        "; ",
        live.When("valid", "the model's cost ratio equals the price ratio at a batch of "
                           "{batch:sig} (knee {knee:sig}), decode read at {decode_context:int} "
                           "tokens of context.",
                  "no batch: the total parameters ({total_b:sig}B) must be at least the active "
                  "ones ({active_b:sig}B)."),
        "\nCache hits at {hit_share:percent} of the input price",
        live.When("hit_above_input", " (ABOVE it, though recomputing the cache costs only the "
                                     "input price)"),
        ". Retention by nearest drain time: 5 minutes → {tier_300}, 1 hour → {tier_3600}.",
    ),
)
DEFAULTS = LIVE.defaults
"""Gemini 2.5 Pro's list, served by an assumed 100B-active, 1T-parameter model on H100s."""


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out): prices in $ per
    million tokens, the surcharge in percent above `threshold` prompt tokens, parameters in
    billions."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
