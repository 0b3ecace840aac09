"""Claims of the lecture's sixth topic: reading costs back out of API prices (chapter 6)."""

from .. import attention, price_inversion, roofline, serving
from ..catalogs import hardware, memory_tiers, models, prices
from ..show import fmt
from . import Claim

_L = ("pope2026lecture",)
LECTURE_THRESHOLD = 200_000
"""The context above which the lecture's example charges 50% more (tokens)."""
LECTURE_ACTIVE_PARAMS = 100e9
"""Active parameters the book assumes for the lecture's frontier model (not stated in it)."""
LECTURE_RIDGE = 600
"""Ridge point the book assumes (FLOP per byte): fp8 on an H100-class chip, about 590."""


def lecture_kv_bytes(kv_share=1):
    """The lecture's inversion with the book's assumptions (bytes per token)."""
    return price_inversion.kv_bytes_at_crossover(
        LECTURE_THRESHOLD, active_params=LECTURE_ACTIVE_PARAMS, flops=LECTURE_RIDGE, bandwidth=1,
        kv_share=kv_share)


def shared_gqa_bytes(precision_bytes=1):
    """KV bytes per token of one GQA layer of 8 KV heads of 128, shared by every layer."""
    return attention.kv_values_per_token_per_layer("GQA", kv_heads=8, d_head=128) * precision_bytes


def deepseek_day():
    """The published day, recomputed: {cost, revenue, margin, input and output cost per token,
    prefill and decode nodes}."""
    d, r1 = prices.DEEPSEEK_DAY, prices.get("DeepSeek-R1")
    node_hour = d.gpus_per_node * d.price_per_gpu_hour
    cost = price_inversion.day_cost(d.nodes, gpus_per_node=d.gpus_per_node,
                                    price_per_gpu_hour=d.price_per_gpu_hour)
    rev = price_inversion.revenue(input_tokens=d.input_tokens, cached_tokens=d.cached_tokens,
                                  output_tokens=d.output_tokens, input_price=r1.input,
                                  cached_price=r1.cached_input, output_price=r1.output)
    return dict(cost=cost, revenue=rev, margin=price_inversion.margin(rev, cost),
                input_cost=price_inversion.cost_per_token(node_hour,
                                                          d.prefill_tokens_per_node_second),
                output_cost=price_inversion.cost_per_token(node_hour,
                                                           d.decode_tokens_per_node_second),
                prefill_nodes=price_inversion.nodes_busy(d.input_tokens,
                                                         d.prefill_tokens_per_node_second),
                decode_nodes=price_inversion.nodes_busy(d.output_tokens,
                                                        d.decode_tokens_per_node_second))


def deepseek_model(decode_nodes=18):
    """The model's decode for DeepSeek's layout: DeepSeek-V3 in fp8 on `decode_nodes` nodes of
    8 H100 (standing in for the H800, which has the same FLOP/s and HBM), at the batch the
    published throughput and speed imply and the published KV length. {batch, step, model and
    published tokens per node per second, output/input ratio}."""
    d = prices.DEEPSEEK_DAY
    dep = serving.Deployment(hardware.get("H100 SXM"), models.get("DeepSeek-V3"), "fp8",
                             decode_nodes * d.gpus_per_node)
    batch = d.decode_tokens_per_node_second * decode_nodes / d.output_speed
    step = dep.step_time(batch, d.kv_length)
    args = {k: v for k, v in dep.roofline_args(context=d.kv_length).items()
            if k not in ("memory_efficiency", "compute_efficiency")}
    return dict(batch=batch, step=step, model_rate=batch / step / decode_nodes,
                published_rate=d.decode_tokens_per_node_second,
                ratio=price_inversion.output_over_input(batch, **args))


def _prices_with(attr):
    return [p for p in prices.PRICES if getattr(p, attr) is not None]


def _long_context():
    g = prices.get("Gemini 2.5 Pro")
    return (f"The lists put the bump on both prices, unequally: above 200K prompt tokens "
            f"Gemini 2.5 Pro charges {fmt.percent(g.surcharge('input'))} more for input and "
            f"{fmt.percent(g.surcharge('output'))} more for output (Gemini 3 Pro the same). "
            f"Read as the crossover, the model gives {fmt.sig(lecture_kv_bytes(), 4)} bytes per "
            f"token; read as the price of the extra KV reading at the threshold (KV time = "
            f"half the compute), {fmt.sig(lecture_kv_bytes(0.5), 3)}.")


def _kv_bytes():
    return (f"2 × active parameters / (threshold × ridge point) = "
            f"{fmt.sig(lecture_kv_bytes(), 4)} bytes with 100B active parameters and a ridge "
            f"point of 600 FLOP/byte (assumed; the lecture names neither). Only their ratio "
            f"matters: 50B active at 300 FLOP/byte gives the same; the batch cancels.")


def _architecture():
    v3 = models.get("DeepSeek-V3")
    return (f"One GQA layer of 8 KV heads of 128, shared by every layer, caches "
            f"{fmt.si(shared_gqa_bytes(1), 'B')} per token in fp8 ({fmt.si(shared_gqa_bytes(2), 'B')} "
            f"in bf16), near the inferred figure; unshared, Llama 3.1 405B caches "
            f"{fmt.si(attention.kv_bytes_per_token(models.get('Llama 3.1 405B')), 'B')} and "
            f"DeepSeek-V3's MLA {fmt.si(attention.kv_bytes_per_token(v3), 'B')} in bf16.")


def _input_output():
    ratios = [p.output_over_input for p in prices.PRICES]
    day = deepseek_day()
    return (f"The lists read on {prices.READ} charge {fmt.sig(min(ratios), 2)} to "
            f"{fmt.sig(max(ratios), 2)} times as much for output. DeepSeek's published day gives "
            f"a cost ratio of {fmt.sig(day['output_cost'] / day['input_cost'], 2)} "
            f"({fmt.per_million_tokens(day['input_cost'])} in, "
            f"{fmt.per_million_tokens(day['output_cost'])} out).")


def _ratio_distance():
    m = deepseek_model()
    return (f"If prices follow chip time, decode runs at one over the ratio of the compute roof: "
            f"{fmt.percent(1 / 8)} to {fmt.percent(1 / 4)} for ratios of 8 and 4. The ratio also "
            f"mixes in KV reading and the margin; for DeepSeek's layout the model gives "
            f"{fmt.sig(m['ratio'], 2)}.")


def _cache_hits():
    fracs = [p.cached_over_input for p in _prices_with("cached_input")]
    v3, h200 = models.get("DeepSeek-V3"), hardware.get("H200")
    hold = price_inversion.breakeven_hold(attention.kv_bytes_per_token(v3),
                                          active_params=v3.active_params, flops=h200.flops("fp8"),
                                          capacity=h200.hbm_bytes)
    return (f"Cache hits cost {fmt.percent(min(fracs))} to {fmt.percent(max(fracs))} of the input "
            f"price (Anthropic and OpenAI a tenth, Google and DeepSeek about a quarter). Holding "
            f"DeepSeek-V3's cache in H200 HBM costs more than recomputing it after "
            f"{fmt.seconds(hold, 2)}, so long-kept caches live off the GPU.")


def _tiers():
    drains = ", ".join(f"{t.name} {fmt.seconds(roofline.drain_time(t.capacity, t.bandwidth), 2)}"
                       for t in memory_tiers.TIERS)
    return f"Drain times of one device per tier: {drains}."


def _flash_disk():
    c = prices.get("Claude Opus 4.5")
    five, hour = (price_inversion.tier_for_retention(s, memory_tiers.TIERS) for s in (300, 3600))
    return (f"Anthropic's 5-minute write costs {fmt.sig(c.cache_write_5m / c.input, 3)} × the "
            f"input price and the 1-hour write {fmt.sig(c.cache_write_1h / c.input, 3)} ×: the two "
            f"are {fmt.sig(c.cache_write_1h / c.cache_write_5m, 3)} × apart, and 1.25 is the "
            f"5-minute write over plain input. By nearest drain time 5 minutes maps to {five} and "
            f"1 hour to {hour}; disk fits retentions of a day.")


CLAIMS = (
    Claim("prices.long-context",
          "A 50% surcharge above 200K tokens marks the context where reading the KV cache takes "
          "as long as the matrix multiplies.", "holds with a caveat", _long_context, sources=_L),
    Claim("prices.kv-bytes",
          "Solving for it gives about 1,667 bytes (about 2 KB) of KV cache per token.",
          "holds with a caveat", _kv_bytes, sources=_L),
    Claim("prices.kv-architecture",
          "That fits dense attention with KV shared across layers, 8 KV heads of width 128.",
          "holds with a caveat", _architecture, sources=_L),
    Claim("prices.input-output",
          "Input tokens cost 3 to 5 times less than output tokens because decode is memory "
          "bound and prefill compute bound.", "holds with a caveat", _input_output,
          sources=_L + ("deepseek2025day6",)),
    Claim("prices.ratio-distance",
          "The input/output ratio shows how far below the compute roof decode runs.",
          "holds with a caveat", _ratio_distance, sources=_L),
    Claim("prices.cache-hits",
          "Cache hits cost about 10 times less than recomputing the KV cache.",
          "holds with a caveat", _cache_hits, sources=_L),
    Claim("prices.cache-tiers",
          "Cache retention prices map onto memory tiers by drain time: HBM about 20 ms, DDR "
          "seconds, flash minutes, spinning disk hours.", "holds", _tiers, sources=_L),
    Claim("prices.flash-disk",
          "The 5-minute and 1-hour cache tiers, about 1.25 times apart in price, are likely "
          "flash and spinning disk.", "off by a factor", _flash_disk, sources=_L),
)
