"""The roofline model of one decode step: fetch the weights and the KV cache from memory, multiply.

All functions take SI units (bytes, bytes/s, FLOP/s, seconds) and accept numbers, NumPy arrays or
SymPy symbols. Bandwidth and FLOP/s are for the whole group of chips that holds the model.
"""

import numpy as np

from . import checks
from .symbolic import is_symbolic, maximum

FLOP_PER_PARAM_PER_TOKEN = 2
"""A multiply and an add for every weight, for every token in a forward pass."""


def ridge_point(flops, bandwidth):
    """FLOP a chip can do in the time it reads one byte: the arithmetic intensity (FLOP/byte)
    above which a kernel is compute bound."""
    return checks.positive("flops", flops) / checks.positive("bandwidth", bandwidth)


def drain_time(capacity, bandwidth):
    """Seconds to read a memory of `capacity` bytes once at `bandwidth` bytes/s."""
    return checks.positive("capacity", capacity) / checks.positive("bandwidth", bandwidth)


def achieved(bandwidth, flops, memory_efficiency=1, compute_efficiency=1):
    """Peak bandwidth (bytes/s) and FLOP/s derated by efficiencies in (0, 1]."""
    return (checks.positive("bandwidth", bandwidth) * checks.fraction("memory_efficiency",
                                                                      memory_efficiency),
            checks.positive("flops", flops) * checks.fraction("compute_efficiency",
                                                              compute_efficiency))


def weight_fetch_time(weight_bytes, bandwidth):
    """Seconds to stream every weight from memory once (s)."""
    return checks.positive("weight_bytes", weight_bytes) / checks.positive("bandwidth", bandwidth)


def kv_fetch_time(batch, context, kv_bytes_per_token, bandwidth):
    """Seconds to read the KV cache of `batch` sequences, each `context` tokens long (s)."""
    checks.positive("batch", batch)
    checks.non_negative("context", context)
    checks.non_negative("kv_bytes_per_token", kv_bytes_per_token)
    return batch * context * kv_bytes_per_token / checks.positive("bandwidth", bandwidth)


def matmul_time(batch, active_params, flops):
    """Seconds to multiply `batch` tokens by `active_params` weights each (s)."""
    checks.positive("batch", batch)
    checks.positive("active_params", active_params)
    return FLOP_PER_PARAM_PER_TOKEN * batch * active_params / checks.positive("flops", flops)


def decode_step_time(batch, *, weight_bytes, active_params, flops, bandwidth, context=0,
                     kv_bytes_per_token=0, overlap=True, memory_efficiency=1, compute_efficiency=1):
    """Seconds for one decode step that emits one token for each of `batch` sequences.

    Memory time (weights plus KV cache) and compute time overlap by default, so the step takes the
    larger; with overlap=False it takes their sum. The efficiencies, in (0, 1], derate the peak
    bandwidth and FLOP/s to what kernels achieve.
    """
    bandwidth, flops = achieved(bandwidth, flops, memory_efficiency, compute_efficiency)
    memory = (weight_fetch_time(weight_bytes, bandwidth)
              + kv_fetch_time(batch, context, kv_bytes_per_token, bandwidth))
    compute = matmul_time(batch, active_params, flops)
    return maximum(memory, compute) if overlap else memory + compute


def knee_batch(*, weight_bytes, active_params, flops, bandwidth, context=0, kv_bytes_per_token=0,
               memory_efficiency=1, compute_efficiency=1):
    """The batch at which memory time equals compute time (tokens).

    Both times are straight lines in the batch, so the crossing is the weight-fetch time divided by
    how much more compute than KV reading each extra sequence adds. Where each sequence's KV read
    takes as long as its compute or longer, no batch is compute bound and the result is infinite.
    Called with SymPy symbols it returns the quotient alone: the knee where one exists (where
    `attention.context_limit` exceeds the context).
    """
    bandwidth, flops = achieved(bandwidth, flops, memory_efficiency, compute_efficiency)
    fixed = weight_fetch_time(weight_bytes, bandwidth)
    slope = matmul_time(1, active_params, flops) - kv_fetch_time(1, context, kv_bytes_per_token,
                                                                  bandwidth)
    if is_symbolic(fixed, slope):
        return fixed / slope
    with np.errstate(divide="ignore"):
        return np.where(slope > 0, fixed / np.where(slope > 0, slope, 1), np.inf)[()]


def tokens_per_second(batch, step_time):
    """Tokens emitted per second when each step emits one token for each of `batch` sequences."""
    return checks.positive("batch", batch) / checks.positive("step_time", step_time)


def cost_per_token(batch, step_time, chips, price_per_chip_hour):
    """US dollars per emitted token for `chips` chips rented at `price_per_chip_hour` ($/h)."""
    checks.positive("chips", chips)
    checks.positive("price_per_chip_hour", price_per_chip_hour)
    return chips * price_per_chip_hour / 3600 / tokens_per_second(batch, step_time)
