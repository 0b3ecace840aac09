"""Long context: where reading the KV cache overtakes the weights, and the memory wall.

Per decoded token a model reads its weights once per step (shared by the batch) and reads the
sequence's own KV cache (not shared); it multiplies 2 FLOP per active weight and spends
`attention.flops_per_cached_token` per cached token. The formulas here compare those terms: the
context at which attention's FLOP equal the weights' FLOP (per token, and over a whole prefill),
the context at which KV reading equals weight reading at a given batch (the balanced point), the
time per token split into its four parts, and the trend of HBM bandwidth per FLOP across chip
generations. SI units; every formula accepts SymPy symbols.
"""

import numpy as np

from . import checks, measurements, roofline
from .symbolic import maximum

PARTS = ("weights", "KV cache", "weight arithmetic", "attention arithmetic")
"""The four parts of a decoded token's time, in the order `time_parts` returns them."""


def flops_crossover(active_params, flops_per_cached_token):
    """The context (tokens) at which one decoded token's attention FLOP equal its weights' FLOP:
    2 N = C f, so C = 2 N / f."""
    return (roofline.FLOP_PER_PARAM_PER_TOKEN * checks.positive("active_params", active_params)
            / checks.positive("flops_per_cached_token", flops_per_cached_token))


def prefill_flops(context, active_params, flops_per_cached_token):
    """FLOP to prefill a prompt of `context` tokens: 2 N per token (linear) plus causal attention,
    token i attending to i earlier tokens, f C (C - 1) / 2 in all (quadratic)."""
    checks.non_negative("context", context)
    return (roofline.FLOP_PER_PARAM_PER_TOKEN * checks.positive("active_params", active_params)
            * context + checks.positive("flops_per_cached_token", flops_per_cached_token)
            * context * (context - 1) / 2)


def prefill_crossover(active_params, flops_per_cached_token):
    """The prompt length at which prefill's quadratic attention term equals its linear weight
    term: f C^2 / 2 = 2 N C (for C >> 1), so C = 4 N / f, twice the per-token crossover."""
    return 2 * flops_crossover(active_params, flops_per_cached_token)


def balanced_context(batch, weight_bytes, kv_bytes_per_token):
    """The context at which reading `batch` sequences' KV caches takes as long as reading the
    weights: B C k = W, so C = W / (B k)."""
    return (checks.positive("weight_bytes", weight_bytes)
            / (checks.positive("batch", batch)
               * checks.positive("kv_bytes_per_token", kv_bytes_per_token)))


def balanced_context_linear(*, active_params, flops, bandwidth, slope, constant=0):
    """The context at which one sequence's cache read takes as long as its weight multiplies,
    when a decoded token reads `constant` + `slope` x context bytes: (2 N bandwidth / flops -
    constant) / slope. With constant 0 and slope the KV bytes per token it is
    attention.context_limit; at the knee batch it is also where KV reading equals weight
    reading. Negative: the constant read alone outlasts the multiplies."""
    return ((roofline.matmul_time(1, active_params, flops)
             - roofline.kv_fetch_time(1, 1, checks.non_negative("constant", constant), bandwidth))
            / roofline.kv_fetch_time(1, 1, checks.positive("slope", slope), bandwidth))


def time_parts(batch, *, weight_bytes, active_params, flops, bandwidth, kv_bytes_read,
               attention_flops):
    """Seconds each part adds to one decoded token at `batch` sequences, as a dict over PARTS:
    the weight read shared by the batch (W / (B bandwidth)), the sequence's own KV read
    (`kv_bytes_read` / bandwidth), its weight multiplies (2 N / flops) and its attention
    arithmetic (`attention_flops` / flops)."""
    per_token = 1 / checks.positive("batch", batch)
    return {
        "weights": roofline.weight_fetch_time(weight_bytes, bandwidth) * per_token,
        "KV cache": checks.non_negative("kv_bytes_read", kv_bytes_read)
        / checks.positive("bandwidth", bandwidth),
        "weight arithmetic": roofline.matmul_time(1, active_params, flops),
        "attention arithmetic": checks.non_negative("attention_flops", attention_flops)
        / checks.positive("flops", flops),
    }


def time_per_token(parts: dict):
    """Seconds per decoded token from `time_parts`: memory and arithmetic overlap, so the larger
    of the two sums."""
    return maximum(parts["weights"] + parts["KV cache"],
                   parts["weight arithmetic"] + parts["attention arithmetic"])


def doubling_time(years, values):
    """Years for `values` to double (negative: to halve), from a least-squares line through
    log2(values) against `years`."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if years.shape != values.shape or years.ndim != 1 or len(years) < 2 or np.ptp(years) == 0:
        raise ValueError(f"years and values must be equal-length 1-D sequences of 2 or more "
                         f"points over more than one year, got {years!r} and {values!r}")
    checks.positive("values", values)
    slope = np.polyfit(years, np.log2(values), 1)[0]
    return float(1 / slope)


def attention_sweep() -> dict:
    """The H200 decode-attention sweep shipped with the package: arrays of context (tokens),
    step_s (seconds) and kv_bytes (bytes read per step), with its fixed shape (batch 16
    sequences, 8 KV heads of 128, 8 query heads per KV head, one layer, bf16)."""
    sweep = measurements.h200()["attention"]
    points = sweep["points"]
    return {"context": np.array([p["context"] for p in points], dtype=float),
            "step_s": np.array([p["step_s"] for p in points]),
            "kv_bytes": np.array([p["kv_bytes"] for p in points], dtype=float),
            "batch": sweep["batch"], "kv_heads": sweep["kv_heads"],
            "q_per_kv": sweep["q_per_kv"], "d_head": sweep["d_head"]}


def largest_by_year(years, values) -> dict[int, float]:
    """{calendar year: the largest of `values` dated in it}, e.g. the longest context any
    provider offered in each year."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if years.shape != values.shape or years.ndim != 1:
        raise ValueError(f"years and values must be equal-length 1-D sequences, got shapes "
                         f"{years.shape} and {values.shape}")
    return {int(y): float(values[np.floor(years) == y].max()) for y in np.unique(np.floor(years))}


def median_by_year(years, values) -> dict[int, float]:
    """{calendar year: the median of `values` dated in it}."""
    years, values = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if years.shape != values.shape or years.ndim != 1:
        raise ValueError(f"years and values must be equal-length 1-D sequences, got shapes "
                         f"{years.shape} and {values.shape}")
    return {int(y): float(np.median(values[np.floor(years) == y]))
            for y in np.unique(np.floor(years))}
