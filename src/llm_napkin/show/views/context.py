"""Chapter 7 widget: one decoded token's time, split into its four parts, against the context."""

import dataclasses

import numpy as np

from ... import attention, checks, long_context, roofline, serving, sparse_attention
from ...catalogs import hardware, models, sparse_schemes
from .. import fmt, widgets
from ..charts import Chart, Line, Panel, VLine
from ..plotstyle import COLORS

CONTEXTS = np.geomspace(1024, 1e8, 81)
KINDS = ("as built", "MHA", "GQA, 8 KV heads", "MLA", "top-k 2,048 + indexer")
MODEL_NAMES = ("Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3", "DeepSeek-V3.2",
               "DeepSeek-V4-Pro", "Kimi K2", "GPT-3 175B")
DEFAULTS = dict(model="DeepSeek-V3", kind="as built", context=131072, chip="GB200 NVL72",
                price=3.0)
COLOR = {"weights": COLORS["memory"], "KV cache": COLORS["kv"],
         "weight arithmetic": COLORS["compute"], "attention arithmetic": COLORS["latency"]}


def attention_costs(model, kind, context):
    """(KV bytes one decoded token reads, its attention FLOP, KV bytes a sequence stores) for
    `model` with its attention replaced by `kind` (one of KINDS), at `context` tokens."""
    m = models.get(model)
    checks.one_of("kind", kind, KINDS)
    if kind == "as built" and m.name in sparse_schemes.HYBRIDS.names():
        design = sparse_schemes.HYBRIDS.get(m.name)
        return (sparse_attention.hybrid_bytes_read(context, design),
                sparse_attention.hybrid_flops(context, design, m.heads),
                sparse_attention.hybrid_cache_bytes(context, design))
    if kind == "MHA":
        m = dataclasses.replace(m, attention="MHA", kv_heads=m.heads, d_head=128)
    elif kind == "GQA, 8 KV heads":
        m = dataclasses.replace(m, attention="GQA", kv_heads=8, d_head=128)
    elif kind == "MLA" or (kind == "top-k 2,048 + indexer" and m.attention != "MLA"):
        m = dataclasses.replace(m, attention="MLA", kv_lora_rank=512, rope_dim=64)
    kv, f = attention.kv_bytes_per_token(m), attention.flops_per_cached_token(m)
    if kind != "top-k 2,048 + indexer" and not (kind == "as built" and m.name == "DeepSeek-V3.2"):
        return context * kv, context * f, context * kv
    index_bytes, index_flops = sparse_attention.indexer_costs(sparse_schemes.DSA_V32)
    read = sparse_attention.top_k_tokens(context, sparse_schemes.DSA_V32.top_k)
    return (sparse_attention.bytes_per_decoded_token(read, kv, context, m.layers * index_bytes),
            sparse_attention.flops_per_decoded_token(read, f, context, m.layers * index_flops),
            context * (kv + m.layers * index_bytes))


def _operating_point(d, stored, context):
    """Sequences that fit beside the weights, and the batch used: all of them, up to the knee
    batch where the step turns compute bound (at least 1)."""
    fits = serving.largest_batch_in_memory(d.hbm_bytes, d.weight_bytes, 1, stored)
    return fits, np.maximum(np.minimum(fits, d.knee_batch(0)), 1)


def view(model, kind, context, chip, price):
    """Chart and readout for `model` (attention `kind`) on the fewest `chip`s that hold it in
    bf16, at `context` tokens; price in $ per chip-hour."""
    d = serving.deploy(chip, model, "bf16")

    def parts_at(c):
        read, flop, stored = attention_costs(model, kind, c)
        fits, batch = _operating_point(d, stored, c)
        parts = long_context.time_parts(batch, weight_bytes=d.weight_bytes,
                                        active_params=d.model.active_params, flops=d.flops,
                                        bandwidth=d.bandwidth, kv_bytes_read=read,
                                        attention_flops=flop)
        return parts, fits, batch

    curve, _, batches = parts_at(CONTEXTS)
    total = long_context.time_per_token(curve)
    cost = roofline.cost_per_token(batches, total * batches, d.chips, price) * 1e6
    here, fits, batch = parts_at(float(context))
    here_total = float(long_context.time_per_token(here))
    here_cost = float(roofline.cost_per_token(batch, here_total * batch, d.chips, price))
    chart = Chart(title=f"{d.model.name} ({kind}) on {d.chips} × {d.chip.name}", panels=(
        Panel("Time per decoded token, by part", "context (tokens)", "seconds per token",
              xlog=True, ylog=True, legend="upper left", items=(
                  *(Line(CONTEXTS, np.maximum(curve[p], 1e-12) * np.ones_like(CONTEXTS), COLOR[p],
                         label=p)
                    for p in long_context.PARTS),
                  Line(CONTEXTS, total, COLORS["total"], ":", label="total (overlapped)"),
                  VLine(float(context)))),
        Panel("Cost per token at the largest batch", "context (tokens)",
              "$ per million output tokens", xlog=True, ylog=True, legend="", items=(
                  Line(CONTEXTS, cost, COLORS["cost"]), VLine(float(context)))),
    ))
    largest = "none" if fits < 1 else f"{int(fits):,}"
    split = ", ".join(f"{p} {fmt.seconds(float(v))}" for p, v in here.items())
    readout = (f"Context {float(context):,.0f}: {fmt.seconds(here_total)} per token ({split}); "
               f"batch {int(batch):,} of the {largest} sequences that fit; "
               f"{fmt.per_million_tokens(here_cost)} at {fmt.dollars(price)} per chip-hour.")
    if fits < 1:
        readout += " Not even one sequence's cache fits beside the weights at this context."
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        "model": widgets.choice("model", MODEL_NAMES, DEFAULTS["model"]),
        "kind": widgets.choice("attention", KINDS, DEFAULTS["kind"]),
        "context": widgets.log_slider("context (tokens)", 1024, 2**26, DEFAULTS["context"]),
        "chip": widgets.choice("chip", hardware.names(), DEFAULTS["chip"]),
        "price": widgets.slider("$ per chip-hour", 0.5, 10, DEFAULTS["price"], 0.25),
    })
