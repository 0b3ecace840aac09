"""The H200 sweeps' decode-step shapes, scaled down and timed with NumPy on this machine's CPU.

A dense step multiplies a batch of token vectors by `layers` square matrices; an MoE step
multiplies each of `experts` expert matrices by its share of the batch, ceil(batch x top_k /
experts) tokens, in one batched product (``numpy.matmul`` over a stack), as the GPU sweep does.
Each time is the median of `repeats` runs after `warmups`, taken with ``time.perf_counter``.
Weights are float32 (NumPy has no bf16), 4 bytes each.

The result is a `measurements.Sweep`, so ``measurements.fit_roofline`` and the book's charts
apply unchanged. Run ``python -m llm_napkin.bench.numpy_sweep`` for the default sizes (64 MiB of
weights per sweep, well under 30 s on a laptop); the book's page uses the smaller `BOOK` sizes.
To time one core, as the book does, set ``OPENBLAS_NUM_THREADS=1`` (and ``OMP_NUM_THREADS=1``,
``MKL_NUM_THREADS=1``) before Python starts: the BLAS library reads them when NumPy loads.

A CPU is not a GPU: weights smaller than the last-level cache are read from cache, not from
DRAM; the BLAS library picks its own threads and kernels by shape; clock frequency moves with
load and temperature; and small products pay Python's overhead. The fit still finds a
bandwidth and a FLOP rate, but they describe this mix, not the DRAM and the cores alone.
"""

import math
import statistics
import sys
import time

import numpy as np

from .. import checks
from ..measurements import Sweep

BYTES = 4  # float32
DENSE = dict(d_model=1024, layers=16, batches=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512))
MOE = dict(experts=32, d_model=1024, d_expert=512, top_k=4,
           batches=(8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096))
TIMING = dict(repeats=7, warmups=2)
BOOK = dict(dense=dict(d_model=512, layers=32, batches=(1, 2, 4, 8, 16, 32, 64, 128, 256)),
            moe=dict(experts=32, d_model=512, d_expert=512, top_k=4,
                     batches=(8, 16, 32, 64, 128, 256, 512, 1024)),
            timing=dict(repeats=5, warmups=1))
"""Sizes for the book's page: 32 MiB of weights each, a second or two on one core."""


def median_seconds(run, repeats=7, warmups=2) -> float:
    """Median wall-clock seconds of `repeats` calls of `run()` after `warmups` calls."""
    checks.positive("repeats", repeats)
    checks.non_negative("warmups", warmups)
    for _ in range(int(warmups)):
        run()
    times = []
    for _ in range(int(repeats)):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _check_batches(batches):
    batches = [int(checks.positive("batch", b)) for b in batches]
    if len(batches) < 2 or any(b1 <= b0 for b0, b1 in zip(batches, batches[1:])):
        raise ValueError(f"batches must be 2 or more increasing batch sizes, got {batches!r}")
    return batches


def dense(d_model=DENSE["d_model"], layers=DENSE["layers"], batches=DENSE["batches"],
          repeats=TIMING["repeats"], warmups=TIMING["warmups"], seed=0) -> Sweep:
    """Time a dense decode step (`layers` float32 matrices of `d_model` x `d_model`) at each
    batch."""
    d, n = int(checks.positive("d_model", d_model)), int(checks.positive("layers", layers))
    batches = _check_batches(batches)
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal((d, d), dtype=np.float32) / np.float32(math.sqrt(d))
               for _ in range(n)]

    times = []
    for batch in batches:
        x = rng.standard_normal((batch, d), dtype=np.float32)

        def step():
            h = x
            for w in weights:
                h = h @ w
            return h
        times.append(median_seconds(step, repeats, warmups))
    return Sweep(batch=np.array(batches, dtype=float), step_time=np.array(times),
                 weight_bytes=float(n * d * d * BYTES), params=float(n * d * d))


def moe(experts=MOE["experts"], d_model=MOE["d_model"], d_expert=MOE["d_expert"],
        top_k=MOE["top_k"], batches=MOE["batches"], repeats=TIMING["repeats"],
        warmups=TIMING["warmups"], seed=0) -> Sweep:
    """Time an MoE decode step (`experts` float32 matrices of `d_model` x `d_expert`, each token
    routed to `top_k`, perfectly balanced) at each batch."""
    e, d = int(checks.positive("experts", experts)), int(checks.positive("d_model", d_model))
    f, k = int(checks.positive("d_expert", d_expert)), int(checks.positive("top_k", top_k))
    checks.at_most("top_k", k, "experts", e)
    batches = _check_batches(batches)
    rng = np.random.default_rng(seed)
    weights = rng.standard_normal((e, d, f), dtype=np.float32) / np.float32(math.sqrt(d))
    times = []
    for batch in batches:
        x = rng.standard_normal((e, math.ceil(batch * k / e), d), dtype=np.float32)
        times.append(median_seconds(lambda: np.matmul(x, weights), repeats, warmups))
    return Sweep(batch=np.array(batches, dtype=float), step_time=np.array(times),
                 weight_bytes=float(e * d * f * BYTES), params=float(k * d * f), experts=e,
                 top_k=k)


def main() -> None:
    """Time both sweeps at the default sizes and print what the roofline fitted to each finds."""
    start = time.perf_counter()
    from ..measurements import fit_roofline
    for name, sweep in (("dense", dense()), ("MoE", moe())):
        fit = fit_roofline(sweep)
        print(f"{name}: fitted {fit.bandwidth / 1e9:.1f} GB/s and {fit.flops / 1e9:.1f} GFLOP/s; "
              f"knee at a batch of {sweep.model_knee(fit.flops, fit.bandwidth):.0f}")
    print(f"{time.perf_counter() - start:.1f} s in all")


if __name__ == "__main__":
    sys.exit(main())
