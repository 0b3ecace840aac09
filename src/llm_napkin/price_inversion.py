"""Reading a provider's costs back out of its API prices: the roofline run backwards.

A price list is a provider's costs plus a margin. If prices follow costs, a long-context surcharge
marks the context where reading the KV cache starts to cost as much as the multiplies; the ratio
of output to input prices is how much longer a decode token occupies the chips than a prefill
token; and the time a cache is kept says which memory tier can afford to hold it. Every function
takes SI units (seconds, bytes, FLOP/s, bytes/s, US dollars) and accepts numbers, NumPy arrays or
SymPy symbols, except the two that pick from catalogs.
"""

import numpy as np

from . import checks, roofline
from .symbolic import is_symbolic

SECONDS_PER_DAY = 86_400


# -- The long-context surcharge ----------------------------------------------------------------

def kv_bytes_at_crossover(threshold, *, active_params, flops, bandwidth, kv_share=1):
    """KV-cache bytes per token at which reading one sequence's cache of `threshold` tokens takes
    `kv_share` times as long as that sequence's multiplies in a decode step (2 FLOP per active
    parameter). kv_share=1 is the lecture's reading of a surcharge: the threshold is where the
    two times cross. It inverts attention.context_limit, and the batch cancels: both times grow
    by the same factor with it."""
    checks.positive("threshold", threshold)
    checks.positive("kv_share", kv_share)
    return kv_share * roofline.matmul_time(1, active_params, flops) / roofline.kv_fetch_time(
        1, threshold, 1, bandwidth)


# -- Input against output ----------------------------------------------------------------------

def prefill_time_per_token(*, active_params, flops):
    """Chip-seconds one prompt token takes in prefill, which is compute bound: its multiplies."""
    return roofline.matmul_time(1, active_params, flops)


def decode_time_per_token(batch, *, weight_bytes, active_params, flops, bandwidth, context=0,
                          kv_bytes_per_token=0):
    """Chip-seconds one generated token takes: a decode step shared by `batch` sequences."""
    return roofline.decode_step_time(batch, weight_bytes=weight_bytes,
                                     active_params=active_params, flops=flops,
                                     bandwidth=bandwidth, context=context,
                                     kv_bytes_per_token=kv_bytes_per_token) / batch


def output_over_input(batch, *, weight_bytes, active_params, flops, bandwidth, context=0,
                      kv_bytes_per_token=0):
    """How many times a decode token's chip time is a prefill token's: the output/input price
    ratio if prices follow costs. Its inverse is the fraction of the compute roof decode runs at."""
    return decode_time_per_token(batch, weight_bytes=weight_bytes, active_params=active_params,
                                 flops=flops, bandwidth=bandwidth, context=context,
                                 kv_bytes_per_token=kv_bytes_per_token) / prefill_time_per_token(
        active_params=active_params, flops=flops)


def batch_for_ratio(ratio, *, weight_bytes, active_params, flops, bandwidth, context=0,
                    kv_bytes_per_token=0):
    """The batch at which output_over_input equals `ratio` (sequences), on the memory-bound side
    of the knee: the weight read, shared by the batch, plus each sequence's KV read make up
    `ratio` times a token's multiplies. Infinite where the KV read alone reaches `ratio`."""
    checks.positive("ratio", ratio)
    compute = prefill_time_per_token(active_params=active_params, flops=flops)
    fixed = roofline.weight_fetch_time(weight_bytes, bandwidth)
    per_sequence = roofline.kv_fetch_time(1, context, kv_bytes_per_token, bandwidth)
    excess = ratio * compute - per_sequence
    if is_symbolic(excess, fixed):
        return fixed / excess
    if not np.all(np.asarray(ratio) >= 1):
        raise ValueError(f"ratio must be 1 or more (decode never beats prefill per token), "
                         f"got {ratio!r}")
    with np.errstate(divide="ignore"):
        return np.where(excess > 0, fixed / np.where(excess > 0, excess, 1), np.inf)[()]


# -- Caching and memory tiers ------------------------------------------------------------------

def recompute_cost(*, active_params, flops, price_per_hour):
    """US dollars to recompute one token's KV cache by prefill on chips rented at
    `price_per_hour` (the whole group whose FLOP/s is `flops`)."""
    checks.positive("price_per_hour", price_per_hour)
    return prefill_time_per_token(active_params=active_params, flops=flops) * price_per_hour / 3600


def holding_cost(kv_bytes, seconds, *, capacity, price_per_hour):
    """US dollars to keep `kv_bytes` for `seconds` in a device of `capacity` bytes rented at
    `price_per_hour`, charging the bytes their share of the rent."""
    checks.non_negative("kv_bytes", kv_bytes)
    checks.non_negative("seconds", seconds)
    checks.positive("price_per_hour", price_per_hour)
    return kv_bytes / checks.positive("capacity", capacity) * price_per_hour * seconds / 3600


def amortized_rent(purchase_price, lifetime):
    """US dollars per hour that buying a device for `purchase_price` costs over `lifetime`
    seconds of use (no interest, power or space)."""
    return (checks.non_negative("purchase_price", purchase_price) * 3600
            / checks.positive("lifetime", lifetime))


def breakeven_hold(kv_bytes_per_token, *, active_params, flops, capacity):
    """Seconds one token's KV cache can sit in a memory of `capacity` bytes before its share of
    the rent exceeds recomputing it on the same chips: prefill time x capacity / bytes. The rent
    itself cancels."""
    return recompute_cost(active_params=active_params, flops=flops, price_per_hour=1) / holding_cost(
        checks.positive("kv_bytes_per_token", kv_bytes_per_token), 1, capacity=capacity,
        price_per_hour=1)


def tier_for_retention(retention, tiers) -> str:
    """The name of the tier in `tiers` (objects with name, capacity, bandwidth) whose drain time is
    nearest `retention` seconds on a log scale: the tier whose capacity and bandwidth a cache
    kept that long, and read about once, uses in balance."""
    checks.positive("retention", retention)
    tiers = list(tiers)
    if not tiers:
        raise ValueError("tiers must not be empty")
    distance = [abs(np.log(roofline.drain_time(t.capacity, t.bandwidth) / retention))
                for t in tiers]
    return tiers[int(np.argmin(distance))].name


# -- A published day of serving ----------------------------------------------------------------

def day_cost(nodes, *, gpus_per_node, price_per_gpu_hour):
    """US dollars to rent `nodes` nodes of `gpus_per_node` GPUs for a day."""
    return (checks.positive("nodes", nodes) * checks.positive("gpus_per_node", gpus_per_node)
            * checks.positive("price_per_gpu_hour", price_per_gpu_hour) * 24)


def revenue(*, input_tokens, cached_tokens, output_tokens, input_price, cached_price,
            output_price):
    """US dollars billed for `input_tokens` (of which `cached_tokens` hit the cache) and
    `output_tokens`, at prices per token."""
    checks.non_negative("cached_tokens", cached_tokens)
    checks.at_most("cached_tokens", cached_tokens, "input_tokens", input_tokens)
    return ((checks.non_negative("input_tokens", input_tokens) - cached_tokens) * input_price
            + cached_tokens * cached_price
            + checks.non_negative("output_tokens", output_tokens) * output_price)


def cost_per_token(price_per_node_hour, tokens_per_node_second):
    """US dollars per token for a node rented at `price_per_node_hour` that serves
    `tokens_per_node_second`."""
    return (checks.positive("price_per_node_hour", price_per_node_hour) / 3600
            / checks.positive("tokens_per_node_second", tokens_per_node_second))


def nodes_busy(tokens_per_day, tokens_per_node_second):
    """Nodes kept busy all day serving `tokens_per_day` at `tokens_per_node_second` each."""
    return (checks.non_negative("tokens_per_day", tokens_per_day) / SECONDS_PER_DAY
            / checks.positive("tokens_per_node_second", tokens_per_node_second))


def margin(revenue_, cost):
    """Profit over cost: 5.45 means revenue is 6.45 times the cost."""
    return revenue_ / checks.positive("cost", cost) - 1
