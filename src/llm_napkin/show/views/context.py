"""Chapter 7 widget: one decoded token's time, split into its four parts, against the context."""

import dataclasses

import numpy as np

from ... import attention, checks, long_context, roofline, serving, sparse_attention
from ...catalogs import hardware, models, sparse_schemes
from ...symbolic import floor, maximum, minimum
from .. import live
from ..charts import HLine, Line, Panel, VLine
from ..plotstyle import COLORS

CONTEXTS = np.geomspace(1024, 1e8, 81)
KINDS = ("as built", "MHA", "GQA, 8 KV heads", "MLA", "top-k 2,048 + indexer")
MODEL_NAMES = ("Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3", "DeepSeek-V3.2",
               "DeepSeek-V4-Pro", "Kimi K2", "GPT-3 175B")
PER_MILLION = 1e6
EVERY_TOKEN = CONTEXTS[-1]
"""The top-k of dense attention, which reads every cached token of any context drawn."""
NO_HYBRID = dataclasses.replace(sparse_schemes.V4_PRO, name="none", csa_layers=0, hca_layers=0,
                                window_layers=0)
"""A hybrid design with no layers, whose costs are zero: it stands in for models without one."""
HYBRID_FIELDS = ("csa_layers", "hca_layers", "window_layers", "csa_ratio", "hca_ratio", "window",
                 "entry_width")
INDEXER_FIELDS = ("top_k", "heads", "head_dim", "key_bytes")
PARTS = dict(zip(long_context.PARTS, ("weights", "kv", "weight_math", "attention_math")))
"""Each part of long_context.PARTS and the name of its formula."""
COLOR = {"weights": COLORS["memory"], "KV cache": COLORS["kv"],
         "weight arithmetic": COLORS["compute"], "attention arithmetic": COLORS["latency"]}


def chip_numbers(chip) -> dict:
    """One chip's bf16 FLOP/s, HBM bytes/s and HBM bytes."""
    c = hardware.get(chip)
    return dict(chip_flops=c.flops("bf16"), chip_bandwidth=c.hbm_bandwidth, chip_hbm=c.hbm_bytes)


def model_numbers(model) -> dict:
    """A model's bf16 weight bytes, active parameters and query heads."""
    m = models.get(model)
    return dict(weight_bytes=m.weight_bytes("bf16"), active_params=m.active_params,
                heads=m.heads)


def attention_numbers(model, kind) -> dict:
    """Per cached token, all layers, for `model` with its attention replaced by `kind` (one of
    KINDS): KV bytes and attention FLOP, the top-k it reads (EVERY_TOKEN for dense attention),
    its indexer's bytes and FLOP; and the fields of its hybrid compressed design (NO_HYBRID
    where it has none; a hybrid model has zero per-token numbers instead)."""
    m = models.get(model)
    checks.one_of("kind", kind, KINDS)
    if kind == "as built" and m.name in sparse_schemes.HYBRIDS.names():
        return dict(kv_bytes=0, attention_flops=0, top_k=EVERY_TOKEN, indexer_bytes=0,
                    indexer_flops=0, **_hybrid(sparse_schemes.HYBRIDS.get(m.name)))
    if kind == "MHA":
        m = dataclasses.replace(m, attention="MHA", kv_heads=m.heads, d_head=128)
    elif kind == "GQA, 8 KV heads":
        m = dataclasses.replace(m, attention="GQA", kv_heads=8, d_head=128)
    elif kind == "MLA" or (kind == "top-k 2,048 + indexer" and m.attention != "MLA"):
        m = dataclasses.replace(m, attention="MLA", kv_lora_rank=512, rope_dim=64)
    numbers = dict(kv_bytes=attention.kv_bytes_per_token(m),
                   attention_flops=attention.flops_per_cached_token(m), top_k=EVERY_TOKEN,
                   indexer_bytes=0, indexer_flops=0, **_hybrid(NO_HYBRID))
    if kind == "top-k 2,048 + indexer" or (kind == "as built" and m.name == "DeepSeek-V3.2"):
        index_bytes, index_flops = sparse_attention.indexer_costs(sparse_schemes.DSA_V32)
        numbers.update(top_k=sparse_schemes.DSA_V32.top_k, indexer_bytes=m.layers * index_bytes,
                       indexer_flops=m.layers * index_flops)
    return numbers


def _hybrid(design) -> dict:
    return {**{f"hybrid_{f}": getattr(design, f) for f in HYBRID_FIELDS},
            **{f"index_{f}": getattr(design.indexer, f) for f in INDEXER_FIELDS}}


def attention_costs(d, context):
    """(KV bytes one decoded token reads, its attention FLOP, KV bytes a sequence stores) at
    `context` tokens, from the numbers of `attention_numbers`: the model's ordinary attention
    (dense or top-k) plus its hybrid compressed layers; one of the two is zero."""
    read = sparse_attention.top_k_tokens(context, d["top_k"])
    design = dataclasses.replace(
        NO_HYBRID, **{f: d[f"hybrid_{f}"] for f in HYBRID_FIELDS},
        indexer=dataclasses.replace(NO_HYBRID.indexer,
                                    **{f: d[f"index_{f}"] for f in INDEXER_FIELDS}))
    return (sparse_attention.bytes_per_decoded_token(read, d["kv_bytes"], context,
                                                     d["indexer_bytes"])
            + sparse_attention.hybrid_bytes_read(context, design),
            sparse_attention.flops_per_decoded_token(read, d["attention_flops"], context,
                                                     d["indexer_flops"])
            + sparse_attention.hybrid_flops(context, design, d["heads"]),
            context * (d["kv_bytes"] + d["indexer_bytes"])
            + sparse_attention.hybrid_cache_bytes(context, design))


def formulas(c, d, x) -> dict:
    """The chapter's quantities on the fewest chips that hold the weights in half their HBM, in
    bf16, serving every sequence that fits up to the knee batch (at least one): x is the
    context of the curves (tokens); times in seconds per token, cost in $ per million tokens."""
    chips = serving.fewest_chips(d["weight_bytes"], d["chip_hbm"])
    rates = dict(weight_bytes=d["weight_bytes"], active_params=d["active_params"],
                 flops=d["chip_flops"] * chips, bandwidth=d["chip_bandwidth"] * chips)
    hbm = d["chip_hbm"] * chips
    knee = roofline.knee_batch(**rates)

    def at(context):
        read, flop, stored = attention_costs(d, context)
        fits = serving.largest_batch_in_memory(hbm, d["weight_bytes"], 1, stored)
        batch = maximum(minimum(fits, floor(knee)), 1)
        parts = long_context.time_parts(batch, kv_bytes_read=read, attention_flops=flop, **rates)
        total = long_context.time_per_token(parts)
        cost = roofline.cost_per_token(batch, total * batch, chips, c["price"]) * PER_MILLION
        return parts, total, cost, fits, batch, stored

    curve, total, cost, *_ = at(x)
    here, here_total, here_cost, fits, batch, stored = at(c["context"])
    return dict(
        chips=chips, hbm=hbm, total=total, cost=cost, here_total=here_total,
        here_cost=here_cost, fits=fits, batch=batch, stored=stored, fits_one=fits >= 1,
        **{PARTS[p]: curve[p] for p in long_context.PARTS},
        **{f"here_{PARTS[p]}": here[p] for p in long_context.PARTS},
    )


def _part(part):
    """The item that draws one part: the weight multiplies do not depend on the context."""
    if part == "weight arithmetic":
        return HLine(PARTS[part], COLOR[part], "-", label=part)
    return Line("x", PARTS[part], COLOR[part], label=part)


LIVE = live.LiveView(
    controls={
        "model": live.Choice("model", MODEL_NAMES, "DeepSeek-V3"),
        "kind": live.Choice("attention", KINDS, "as built"),
        "context": live.Slider("context (tokens)", 1024, 2**26, 131072, log=True, integer=True,
                               unit="int"),
        "chip": live.Choice("chip", tuple(hardware.names()), "GB200 NVL72"),
        "price": live.Slider("$ per chip-hour", 0.5, 10, 3.0, step=0.25, unit="dollars"),
    },
    tables=(live.Table(("chip",), chip_numbers), live.Table(("model",), model_numbers),
            live.Table(("model", "kind"), attention_numbers)),
    formulas=formulas,
    grid=CONTEXTS,
    title="{model} ({kind}) on {chips:int} × {chip}",
    panels=(
        Panel("Time per decoded token, by part", "context (tokens)", "seconds per token",
              xlog=True, ylog=True, legend="upper left", items=(
                  *(_part(p) for p in long_context.PARTS),
                  Line("x", "total", COLORS["total"], ":", label="total (overlapped)"),
                  VLine("context"))),
        Panel("Cost per token at the largest batch", "context (tokens)",
              "$ per million output tokens", xlog=True, ylog=True, legend="", items=(
                  Line("x", "cost", COLORS["cost"]), VLine("context"))),
    ),
    readout=(
        "Context {context:int}: {here_total:seconds} per token (weights {here_weights:seconds}, "
        "KV cache {here_kv:seconds}, weight arithmetic {here_weight_math:seconds}, attention "
        "arithmetic {here_attention_math:seconds}); batch {batch:int}",
        live.When("fits_one", " of the {fits:int} sequences that fit",
                  ", though none fits"),
        "; {here_cost:dollars} per M tokens at {price:dollars} per chip-hour.\n"
        "Memory: weights {weight_bytes:si B} + {batch:int} sequence cache{batch:plural} of "
        "{stored:si B} against {hbm:si B} of HBM: ",
        live.When("fits_one", "fits.",
                  "does NOT fit: not even one sequence's cache fits beside the weights at this "
                  "context."),
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out): `model` with
    attention `kind` on the fewest `chip`s that hold it in bf16, at `context` tokens; price in $
    per chip-hour."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
