"""Chapter 6 widget: a price list read backwards into KV bytes, decode efficiency and batch."""

import numpy as np

from ... import attention, price_inversion, roofline
from ...catalogs import hardware, memory_tiers, models
from ...catalogs.precision import PRECISIONS, bytes_per_value
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel, VLine
from ..plotstyle import COLORS

THRESHOLDS = np.geomspace(16e3, 2e6, 60)
BATCHES = np.geomspace(1, 2**16, 80)
RETENTIONS = {"5 minutes": 300, "1 hour": 3600}
DEFAULTS = dict(input_price=1.25, output_price=10.0, cached_price=0.31, threshold=200_000,
                surcharge=50.0, active_b=100.0, total_b=1000.0, chip="H100 SXM",
                precision="fp8")


def _references():
    """KV bytes per token of real attention designs, for comparison lines."""
    return {"8 KV heads × 128, one layer shared, fp8":
            attention.kv_values_per_token_per_layer("GQA", kv_heads=8, d_head=128),
            "DeepSeek-V3 MLA, bf16": attention.kv_bytes_per_token(models.get("DeepSeek-V3")),
            "Llama 3.1 405B GQA, bf16":
                attention.kv_bytes_per_token(models.get("Llama 3.1 405B"))}


def view(input_price, output_price, cached_price, threshold, surcharge, active_b, total_b, chip,
         precision):
    """Chart and readout for a price list (dollars per million tokens; surcharge in percent
    above `threshold` prompt tokens) served on `chip` in `precision` by a model of `active_b`
    billion active and `total_b` billion total parameters. Assumptions in view: prices follow
    chip time, the threshold is where KV reading equals the multiplies, decode is read at half
    the threshold's context."""
    for name, value in (("input_price", input_price), ("output_price", output_price),
                        ("threshold", threshold), ("active_b", active_b)):
        if not value > 0:
            raise ValueError(f"{name} must be greater than 0, got {value!r}")
    if cached_price < 0 or surcharge < 0:
        raise ValueError("cached_price and surcharge must be 0 or more")
    if total_b < active_b:
        raise ValueError(f"total_b ({total_b}) must be at least active_b ({active_b})")
    c = hardware.get(chip)
    flops, bandwidth = c.flops(precision), c.hbm_bandwidth
    active = active_b * 1e9
    rates = dict(active_params=active, flops=flops, bandwidth=bandwidth)
    kv_curve = price_inversion.kv_bytes_at_crossover(THRESHOLDS, **rates)
    kv = price_inversion.kv_bytes_at_crossover(threshold, **rates)
    kv_added = price_inversion.kv_bytes_at_crossover(threshold, kv_share=surcharge / 100, **rates) \
        if surcharge / 100 > 0 else 0.0
    ratio = output_price / input_price
    serve = dict(weight_bytes=total_b * 1e9 * bytes_per_value(precision), context=threshold / 2,
                 kv_bytes_per_token=kv, **rates)
    model_ratio = price_inversion.output_over_input(BATCHES, **serve)
    batch = price_inversion.batch_for_ratio(max(ratio, 1), **serve)
    knee = roofline.knee_batch(**serve)

    refs = _references()
    styles = (":", "--", "-.")
    kv_items = [Line(THRESHOLDS, kv_curve, COLORS["memory"], label="KV bytes where reading = multiplies")]
    kv_items += [HLine(v, COLORS["limit"], s, label=k) for (k, v), s in zip(refs.items(), styles)]
    kv_items += [Line(threshold, kv, COLORS["total"], "o")]
    ratio_items = [Line(BATCHES, model_ratio, COLORS["latency"],
                        label="model: decode over prefill time per token"),
                   HLine(ratio, COLORS["total"], "--", label=f"price ratio {fmt.sig(ratio, 3)}")]
    if np.isfinite(batch):
        ratio_items.append(VLine(batch, COLORS["memory"], ":", label="batch the prices imply"))
    chart = Chart(title=f"{fmt.sig(active_b, 3)}B active on {c.name} in {precision}", panels=(
        Panel("The surcharge's threshold gives KV bytes per token", "threshold (tokens)",
              "KV bytes per token", xlog=True, ylog=True, legend="lower left",
              ylim=(10, 4e6), items=tuple(kv_items)),
        Panel("The price ratio gives the batch", "batch (sequences)", "output / input cost",
              xlog=True, ylog=True, legend="upper right", items=tuple(ratio_items)),
    ))

    batch_text = (f"the model's cost ratio equals the price ratio at a batch of {fmt.sig(batch, 3)} "
                  f"(knee {fmt.sig(knee, 3)})" if np.isfinite(batch) else
                  "no batch reaches the price ratio: the KV read alone costs more")
    tiers = ", ".join(f"{k} → {price_inversion.tier_for_retention(s, memory_tiers.TIERS)}"
                      for k, s in RETENTIONS.items())
    readout = (
        f"KV cache: {fmt.sig(kv, 3)} bytes per token if the threshold is where reading it equals "
        f"the multiplies; {fmt.sig(kv_added, 3)} if the {fmt.sig(surcharge, 3)}% surcharge is the "
        f"added KV time at the threshold.\n"
        f"Output costs {fmt.sig(ratio, 3)} × input: decode at about {fmt.percent(1 / max(ratio, 1))} "
        f"of the compute roof; {batch_text}, decode read at {threshold / 2:,.0f} tokens of "
        f"context.\n"
        f"Cache hits at {fmt.percent(cached_price / input_price)} of the input price. "
        f"Retention by nearest drain time: {tiers}."
    )
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS (Gemini 2.5 Pro's list)."""
    return widgets.Explorer(view, {
        "input_price": widgets.slider("input $/M tokens", 0.05, 20, DEFAULTS["input_price"], 0.05),
        "output_price": widgets.slider("output $/M tokens", 0.1, 100, DEFAULTS["output_price"],
                                       0.1),
        "cached_price": widgets.slider("cached $/M tokens", 0, 10, DEFAULTS["cached_price"], 0.01),
        "threshold": widgets.log_slider("long-context threshold", 16_384, 2**21,
                                        DEFAULTS["threshold"]),
        "surcharge": widgets.slider("surcharge (%)", 0, 200, DEFAULTS["surcharge"], 5),
        "active_b": widgets.log_slider("active params (B)", 1, 2048, DEFAULTS["active_b"]),
        "total_b": widgets.log_slider("total params (B)", 1, 8192, DEFAULTS["total_b"]),
        "chip": widgets.choice("chip", hardware.names(), DEFAULTS["chip"]),
        "precision": widgets.choice("precision", PRECISIONS, DEFAULTS["precision"]),
    })
