"""Measurements from real hardware, shipped with the package so every reader has them.

`data/h200_roofline.json` holds one run on one NVIDIA H200 (PyTorch 2.11, CUDA 13, bf16), medians
of 20 timed repetitions, decode steps captured in CUDA graphs; the book's page "Measure your own
machine" describes what it measured. Use it as measured.

Besides the loaders, this module holds the few analyses chapters run on the sweeps: the plateau a
throughput curve levels off at, the batch at which it reaches a fraction of that plateau, and a
least-squares fit of the roofline model's two rates.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from . import checks, moe, roofline


@cache
def h200() -> dict:
    """The whole H200 measurement file as a dict (SI units: seconds, bytes, FLOP/s)."""
    return json.loads(resources.files(__package__).joinpath("data/h200_roofline.json").read_text())


@dataclass(frozen=True)
class Sweep:
    """Step times measured over a range of batch sizes for one fixed set of weights."""

    batch: np.ndarray  #: tokens per step
    step_time: np.ndarray  #: seconds per step
    weight_bytes: float  #: bytes of weights each step reads
    params: float  #: weights each token multiplies (2 FLOP each)
    experts: int = 1  #: experts the weights are split into (1 for a dense step)
    top_k: int = 1  #: experts each token is routed to (1 for a dense step)

    @property
    def expert_params(self) -> float:
        """Weights in one expert (all of them for a dense step)."""
        return self.params / self.top_k

    @property
    def bytes_per_param(self) -> float:
        """Bytes each stored weight takes (2 for bf16)."""
        return self.weight_bytes / (self.experts * self.expert_params)

    @property
    def throughput(self) -> np.ndarray:
        """Tokens per second at each measured batch."""
        return roofline.tokens_per_second(self.batch, self.step_time)

    def model_step_time(self, batch, flops, bandwidth):
        """The roofline model's step time (s) for this sweep's weights at `flops` FLOP/s and
        `bandwidth` bytes/s: moe.moe_step_time, which for a dense step is the plain one."""
        return moe.moe_step_time(batch, experts=self.experts, top_k=self.top_k,
                                      expert_params=self.expert_params,
                                      bytes_per_param=self.bytes_per_param, flops=flops,
                                      bandwidth=bandwidth)

    def model_knee(self, flops, bandwidth):
        """The roofline model's knee batch (tokens) for this sweep's weights."""
        return moe.moe_knee_batch(experts=self.experts, top_k=self.top_k,
                                       bytes_per_param=self.bytes_per_param, flops=flops,
                                       bandwidth=bandwidth)


def dense_sweep() -> Sweep:
    """The dense decode sweep: `layers` square bf16 matrices of width `d_model`, 2 GiB in all."""
    dense = h200()["dense"]
    points = dense["points"]
    return Sweep(batch=np.array([p["batch"] for p in points], dtype=float),
                 step_time=np.array([p["step_s"] for p in points]),
                 weight_bytes=float(dense["weight_bytes"]),
                 params=float(dense["layers"] * dense["d_model"] ** 2))


MOE_TOP_K = (4, 8)


def moe_sweep(top_k: int) -> Sweep:
    """An MoE decode sweep: `experts` (64) bf16 experts of `d_model` x `d_expert` (7168 x 2048),
    1.75 GiB in all, each token routed to `top_k` (4 or 8) of them, perfectly balanced."""
    checks.one_of("top_k", top_k, MOE_TOP_K)
    sweep = h200()["moe"]
    points = sweep["by_top_k"][str(top_k)]
    return Sweep(batch=np.array([p["batch"] for p in points], dtype=float),
                 step_time=np.array([p["step_s"] for p in points]),
                 weight_bytes=float(sweep["weight_bytes"]),
                 params=float(top_k * sweep["d_model"] * sweep["d_expert"]),
                 experts=int(sweep["experts"]), top_k=top_k)


def plateau(throughput, tail: int = 5) -> float:
    """The throughput a sweep levels off at: the median of its last `tail` points (tokens/s).

    A median of several points, rather than the largest, keeps one lucky or unlucky timing from
    setting the level.
    """
    values = np.asarray(throughput, dtype=float)
    if not 1 <= tail <= len(values):
        raise ValueError(f"tail must lie between 1 and the number of points ({len(values)}), "
                         f"got {tail!r}")
    return float(np.median(values[-tail:]))


def batch_at_fraction(batch, throughput, fraction, tail: int = 5) -> float:
    """The smallest batch at which `throughput` first reaches `fraction` of its plateau (tokens).

    Between the last point below the target and the first at or above it, log(throughput) is
    taken as a straight line in log(batch), the way the curve looks on log-log axes.
    """
    checks.fraction("fraction", fraction)
    batch, throughput = np.asarray(batch, dtype=float), np.asarray(throughput, dtype=float)
    if batch.shape != throughput.shape or batch.ndim != 1 or len(batch) < 2:
        raise ValueError(f"batch and throughput must be equal-length 1-D sequences of 2 or more "
                         f"points, got shapes {batch.shape} and {throughput.shape}")
    checks.positive("batch", batch)
    checks.positive("throughput", throughput)
    if np.any(np.diff(batch) <= 0):
        raise ValueError("batch must increase from point to point")
    target = fraction * plateau(throughput, tail)
    first = int(np.argmax(throughput >= target))  # exists: the plateau is a median of points
    if first == 0:
        return float(batch[0])
    x0, x1 = np.log(batch[first - 1:first + 1])
    y0, y1 = np.log(throughput[first - 1:first + 1])
    return float(np.exp(x0 + (np.log(target) - y0) * (x1 - x0) / (y1 - y0)))


@dataclass(frozen=True)
class RooflineFit:
    """The peak rates that make the roofline model best match a sweep."""

    bandwidth: float  #: bytes/s
    flops: float  #: FLOP/s


def fit_roofline(sweep: Sweep) -> RooflineFit:
    """Fit the roofline model's two rates to a sweep, by least squares on log step time.

    The model is flat (weight read) up to its knee and then grows with the batch (multiplies). For
    each way of splitting the points into a memory-bound left part and a compute-bound right part,
    the best bandwidth is the geometric mean of what the left points imply, and the best FLOP/s
    that of the right points; the split whose model, at those rates, misses the measured times
    least (in log space) wins.
    """
    t = sweep.step_time
    bandwidths = sweep.weight_bytes / t  # bytes/s each point implies if it only read weights
    tokens = moe.tokens_per_expert(sweep.batch, sweep.top_k, sweep.experts)
    # FLOP per step: the time of the multiplies at 1 FLOP/s.
    flop = roofline.matmul_time(tokens, sweep.experts * sweep.expert_params, flops=1.0)
    best = None
    for split in range(1, len(t)):
        fit = RooflineFit(bandwidth=float(np.exp(np.mean(np.log(bandwidths[:split])))),
                          flops=float(np.exp(np.mean(np.log(flop[split:] / t[split:])))))
        miss = np.sum((np.log(t) - np.log(sweep.model_step_time(sweep.batch, fit.flops,
                                                                 fit.bandwidth))) ** 2)
        if best is None or miss < best[0]:
            best = (miss, fit)
    return best[1]


# -- Calibration: from the H200's fitted rates to other chips -----------------------------------

SWEEP_NAMES = ("dense", "MoE top-4", "MoE top-8")


def sweeps() -> dict[str, Sweep]:
    """The three H200 decode sweeps by name (SWEEP_NAMES)."""
    return {"dense": dense_sweep(), "MoE top-4": moe_sweep(4), "MoE top-8": moe_sweep(8)}


@dataclass(frozen=True)
class Efficiency:
    """Fractions of a chip's peak HBM bandwidth and bf16 FLOP/s that a sweep's kernels reach."""

    memory: float
    compute: float


def calibrate(sweep: Sweep, chip) -> Efficiency:
    """The efficiencies that make the roofline model fit `sweep`, measured on `chip` (a catalog
    Chip): the fitted rates (fit_roofline) over the chip's peak bandwidth and bf16 FLOP/s."""
    fit = fit_roofline(sweep)
    return Efficiency(memory=fit.bandwidth / chip.hbm_bandwidth,
                      compute=fit.flops / chip.flops("bf16"))


@dataclass(frozen=True)
class Prediction:
    """What the calibrated roofline model predicts for a sweep's shape on another chip."""

    knee: float  #: batch (tokens) at which the step turns compute bound
    plateau: float  #: tokens/s the throughput levels off at (plateau() of the model's curve)
    reached: bool  #: whether the sweep's largest batch passes the knee (else no plateau yet)


def predict(sweep: Sweep, chip, efficiency: Efficiency) -> Prediction:
    """The knee and plateau of `sweep`'s shape (same weights, same batches) on `chip`, at its
    peak rates derated by `efficiency`: a prediction anyone with that chip can check by running
    the same sweep (llm_napkin.bench.torch_sweep)."""
    bandwidth = chip.hbm_bandwidth * checks.fraction("memory efficiency", efficiency.memory)
    flops = chip.flops("bf16") * checks.fraction("compute efficiency", efficiency.compute)
    curve = roofline.tokens_per_second(sweep.batch, sweep.model_step_time(sweep.batch, flops,
                                                                          bandwidth))
    knee = float(sweep.model_knee(flops, bandwidth))
    return Prediction(knee=knee, plateau=plateau(curve), reached=bool(sweep.batch[-1] > knee))
