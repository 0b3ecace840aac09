"""Claims of the lecture's seventh topic: context length, sparse attention and the memory wall."""

import numpy as np

from . import Claim

_L = ("pope2026lecture",)
_DENSE = ("Llama 3.1 70B", "Llama 3.1 405B", "DeepSeek-V3", "Kimi K2", "PaLM 540B", "GPT-3 175B")


def _balanced(chip_name="H100 SXM"):
    """{model: context where one sequence's KV read takes as long as its multiplies} on a chip."""
    from .. import attention
    from ..catalogs import hardware, models
    chip = hardware.get(chip_name)
    return {name: float(attention.context_limit(
        active_params=models.get(name).active_params,
        kv_bytes_per_token=attention.kv_bytes_per_token(models.get(name)),
        flops=chip.bf16_flops, bandwidth=chip.hbm_bandwidth)) for name in _DENSE}


def _sparse_balanced(chip_name="H100 SXM"):
    """(DeepSeek-V3.2, DeepSeek-V4-Pro) balanced contexts: their reads grow by the indexer's keys
    (V3.2) or by indexer keys and 128x-compressed entries (V4-Pro) per cached token."""
    from .. import attention, long_context, sparse_attention as sa
    from ..catalogs import hardware, models, sparse_schemes as ss
    chip = hardware.get(chip_name)
    v32, v4 = models.get("DeepSeek-V3.2"), models.get("DeepSeek-V4-Pro")
    rate = dict(flops=chip.bf16_flops, bandwidth=chip.hbm_bandwidth)
    index_bytes, _ = sa.indexer_costs(ss.DSA_V32)
    b32 = long_context.balanced_context_linear(
        active_params=v32.active_params, **rate, slope=v32.layers * index_bytes,
        constant=ss.DSA_V32.top_k * attention.kv_bytes_per_token(v32))
    far, farther = sa.hybrid_bytes_read(1e6, ss.V4_PRO), sa.hybrid_bytes_read(2e6, ss.V4_PRO)
    slope = (farther - far) / 1e6
    b4 = long_context.balanced_context_linear(active_params=v4.active_params, **rate, slope=slope,
                                              constant=far - slope * 1e6)
    return float(b32), float(b4)


def _plateau():
    from ..catalogs import context_limits as cl
    from ..show import fmt
    held = [lim for lim in cl.LIMITS if "2023-11" <= lim.date <= "2025-09"
            and lim.provider in ("OpenAI", "Anthropic", "Meta", "DeepSeek")
            and not lim.name.endswith("(1M beta)") and lim.name != "GPT-4.1"
            and lim.name != "Llama 4 Scout" and lim.name != "GPT-5"]
    million_2026 = sorted({lim.provider for lim in cl.LIMITS
                           if lim.date >= "2026-01" and lim.tokens >= 1_000_000})
    flat = [lim for lim in cl.LIMITS if "surcharge was dropped" in lim.notes]
    start, end = cl.get("Claude 2.1"), cl.get("GPT-4.1")
    months = round((end.year - start.year) * 12)
    return (f"From GPT-4 Turbo and Claude 2.1 (November 2023) to DeepSeek-V3.2-Exp (September "
            f"2025), the flagship limits of OpenAI, Anthropic, Meta and DeepSeek in the book's "
            f"catalog sat at {fmt.count(min(h.tokens for h in held))} to "
            f"{fmt.count(max(h.tokens for h in held))} tokens; Google offered 1M from February "
            f"2024, and GPT-4.1 and Llama 4 Scout went past 1M in April 2025. In 2026 "
            f"{len(million_2026)} providers ({', '.join(million_2026)}) offered 1M tokens and "
            f"{flat[0].provider} dropped its long-context surcharge ({flat[0].date}). The plateau "
            f"held for most providers for about {months} months (Claude 2.1 to GPT-4.1) and was "
            f"ending as the lecture was given.")


def _needed_slope(context=200e3, model="DeepSeek-V3", chip_name="H100 SXM"):
    """Bytes of cache read per cached token that would balance `model` at `context`."""
    from .. import attention
    from ..catalogs import hardware, models
    chip = hardware.get(chip_name)
    limit = attention.context_limit(active_params=models.get(model).active_params,
                                    kv_bytes_per_token=1, flops=chip.bf16_flops,
                                    bandwidth=chip.hbm_bandwidth)
    return float(limit / context)


def _balanced_finding():
    from ..show import fmt
    dense = _balanced()
    b32, b4 = _sparse_balanced()
    low, high = min(dense.values()), max(dense.values())
    need_hi, need_lo = _needed_slope(100e3), _needed_slope(200e3)
    return (f"On an H100, where one sequence's KV read takes as long as its weight multiplies "
            f"(the same context where KV reading equals weight reading at the knee batch), the "
            f"catalog's dense-attention models balance at {fmt.sig(low, 2)} to {fmt.sig(high, 2)} "
            f"tokens, {fmt.sig(100e3 / high, 1)} to {fmt.sig(200e3 / low, 2)} times short of 100K–200K. DeepSeek's sparse designs move the point "
            f"out: {fmt.sig(b32, 2)} tokens for DeepSeek-V3.2 and {fmt.sig(b4, 2)} for "
            f"DeepSeek-V4-Pro. So 100K–200K is the balanced point only for caches whose read grows by "
            f"{fmt.si(need_lo, 'B')} to {fmt.si(need_hi, 'B')} per cached token (for DeepSeek-V3's "
            f"37B active; the lecture inferred about 1.7 KB for Gemini), which V4-Pro's "
            f"compressed cache comes close to; it holds for such designs, not for dense "
            f"attention.")


def _linear_term():
    from .. import attention, long_context
    from ..catalogs import models
    from ..show import fmt
    crossing = {n: long_context.flops_crossover(models.get(n).active_params,
                                                attention.flops_per_cached_token(models.get(n)))
                for n in _DENSE}
    low, high = min(crossing, key=crossing.get), max(crossing, key=crossing.get)
    llama = models.get("Llama 3.1 70B")
    from ..catalogs import hardware
    from .. import serving
    ridge = serving.ridge_point(hardware.get("H100 SXM"))
    return (f"Read as FLOP, it does not hold: a decoded token's attention FLOP equal its weights' "
            f"FLOP at {fmt.sig(crossing[low], 2)} tokens ({low}) to {fmt.sig(crossing[high], 2)} "
            f"({high}), and prefill's quadratic term overtakes its linear one at twice those, "
            f"{fmt.sig(2 * crossing[low], 2)} to {fmt.sig(2 * crossing[high], 2)} tokens: "
            f"{fmt.sig(1e6 / (2 * crossing[high]), 1)} to {fmt.sig(1e6 / crossing[low], 2)} times "
            f"short of a million. Read as time on a chip it holds for grouped-query "
            f"attention: its arithmetic hides behind the KV read ({fmt.sig(attention.intensity(llama), 2)} "
            f"FLOP per byte for Llama 3.1 70B, against an H100 ridge of {fmt.sig(ridge, 3)}), so the term "
            f"that costs time is the read, linear in the context per token.")


def _memory_bound():
    from .. import attention, long_context
    from ..catalogs import hardware, models
    from ..show import fmt
    sweep = long_context.attention_sweep()
    achieved = sweep["kv_bytes"][-1] / sweep["step_s"][-1]
    h200 = hardware.get("H200")
    llama, v3 = models.get("Llama 3.1 70B"), models.get("DeepSeek-V3")
    palm = models.get("PaLM 540B")
    return (f"Holds for GQA and MQA: their attention does {fmt.sig(attention.intensity(llama), 2)}"
            f"–{fmt.sig(attention.intensity(palm), 2)} FLOP per byte read, far under any chip's ridge point, and the H200 sweep reads "
            f"the cache at {fmt.si(achieved, 'B/s')} ({fmt.percent(achieved / h200.hbm_bandwidth)}"
            f" of peak), its time growing in step with the cache. Capacity binds too: one "
            f"1M-token sequence of Llama 3.1 70B holds "
            f"{fmt.si(1e6 * attention.kv_bytes_per_token(llama), 'B')}, more than an H200's "
            f"{fmt.si(h200.hbm_bytes, 'B')}. Caveat: MLA's absorbed form does "
            f"{fmt.sig(attention.intensity(v3), 2)} FLOP per byte, close to the ridge, so for "
            f"DeepSeek-V3 the arithmetic costs about as much as the read.")


def _sparse():
    from .. import attention, sparse_attention as sa
    from ..catalogs import models, sparse_schemes as ss
    from ..show import fmt
    v32 = models.get("DeepSeek-V3.2")
    per_layer = attention.kv_bytes_per_token(v32) / v32.layers
    index_bytes, _ = sa.indexer_costs(ss.DSA_V32)
    return (f"DeepSeek Sparse Attention reads a constant {ss.DSA_V32.top_k:,} tokens but its "
            f"indexer still reads {fmt.sig(index_bytes)} bytes per cached token and layer, "
            f"against {fmt.sig(per_layer)} for a full MLA entry: linear again, with a "
            f"{fmt.sig(per_layer / index_bytes, 2)} times smaller slope, once the context passes "
            f"{fmt.sig(sa.indexer_crossover(ss.DSA_V32.top_k, per_layer, index_bytes), 3)} "
            f"tokens. NSA is linear with slope 1/{ss.NSA.stride}. A square root comes from a "
            f"two-level scheme whose blocks grow as sqrt(C/k): it reads 2 sqrt(kC) tokens. The "
            f"scaling improves by a constant factor in published designs, by a square root only "
            f"in the two-level limit; the quality cost is not testable here.")


def _memory_wall():
    from .. import long_context
    from ..catalogs import memory_generations as mg
    from ..show import fmt
    gens = mg.generations()
    priced = [g for g in gens if g.bf16_flops]
    bw = long_context.doubling_time([g.year for g in gens], [g.hbm_bandwidth for g in gens])
    fl = long_context.doubling_time([g.year for g in priced], [g.bf16_flops for g in priced])
    ratio = long_context.doubling_time([g.year for g in priced],
                                       [g.hbm_bandwidth / g.bf16_flops for g in priced])
    a100, b200 = gens.get("A100 SXM"), gens.get("B200")
    return (f"Across {len(gens)} chips from 2017 to 2026, HBM bandwidth per chip doubled every "
            f"{fmt.sig(bw, 2)} years (A100 {fmt.si(a100.hbm_bandwidth, 'B/s')} to B200 "
            f"{fmt.si(b200.hbm_bandwidth, 'B/s')}), bf16 FLOP/s every {fmt.sig(fl, 2)} years, so "
            f"bytes per FLOP halved every {fmt.sig(-ratio, 2)} years. Bandwidth does improve, by "
            f"{fmt.percent(2 ** (1 / bw) - 1)} a year, but more slowly than arithmetic; announced HBM4 (Rubin, 22 "
            f"TB/s) is the largest single step.")


def _no_orders():
    from .. import attention, roofline
    from ..catalogs import hardware, models, sparse_schemes as ss
    from .. import sparse_attention as sa
    from ..show import fmt
    gb = hardware.get("GB200 NVL72")
    v3 = models.get("DeepSeek-V3")
    dense = 1e8 * attention.kv_bytes_per_token(v3)
    v4 = sa.hybrid_cache_bytes(1e8, ss.V4_PRO)
    rack = gb.hbm_bytes * gb.scaleup_domain
    return (f"A forecast, so not testable; the model sizes it. At 100M tokens one DeepSeek-V3 "
            f"sequence holds {fmt.si(dense, 'B')} of cache, {fmt.percent(dense / rack)} of a GB200 "
            f"NVL72 rack's {fmt.si(rack, 'B')}, and takes {fmt.seconds(roofline.drain_time(dense, gb.hbm_bandwidth * gb.scaleup_domain))} "
            f"to read once across the rack for every token. DeepSeek-V4-Pro's compressed cache "
            f"({fmt.si(v4, 'B')}) shows architecture buying the step from 128K to 1M, as the "
            f"lecture allowed; the further factor of 100 to 100M tokens is far beyond one "
            f"generation's memory gain.")


def _human():
    from .. import attention
    from ..catalogs import models
    from ..show import fmt
    llama = models.get("Llama 3.1 70B")
    return (f"An estimate of human working memory, outside what the book can check. For scale: "
            f"100M tokens of Llama 3.1 70B's cache is {fmt.si(1e8 * attention.kv_bytes_per_token(llama), 'B')}.")


CLAIMS = (
    Claim("context.plateau",
          "Context lengths have sat at about 100K to 200K tokens for one to two years.",
          "holds with a caveat", _plateau, sources=_L + ("anthropic2023claude21", "deepseekv4")),
    Claim("context.balanced",
          "That is the balanced point where the cost of reading the KV cache starts to dominate.",
          "holds with a caveat", _balanced_finding, sources=_L + ("deepseekv32", "deepseekv4")),
    Claim("context.linear-term",
          "Attention's arithmetic grows quadratically with context, but the linear term "
          "dominates until millions of tokens.", "off by a factor", _linear_term, sources=_L),
    Claim("context.memory-bound",
          "The real limits are memory bandwidth (reading the KV cache) and capacity (storing "
          "it).", "holds with a caveat", _memory_bound, sources=_L),
    Claim("context.sparse-sqrt",
          "Sparse attention such as DeepSeek's improves the scaling from linear to about the "
          "square root, but attending to too few tokens hurts quality.", "holds with a caveat",
          _sparse, sources=_L + ("deepseekv32", "yuan2025nsa")),
    Claim("context.memory-wall",
          "HBM bandwidth improves little from one generation to the next.",
          "holds with a caveat", _memory_wall, sources=_L),
    Claim("context.no-orders",
          "Without a breakthrough in memory or architecture, contexts will not grow by orders of "
          "magnitude.", "not testable here", _no_orders, sources=_L + ("deepseekv4",)),
    Claim("context.human-memory",
          "A human-like working memory might need about 100 million tokens of context.",
          "not testable here", _human, sources=_L),
)
