"""Measurements from real hardware, shipped with the package so every reader has them.

`data/h200_roofline.json` is a copy of `shared/data/h200_roofline.json`: one run on one NVIDIA
H200 (PyTorch 2.11, CUDA 13, bf16), medians of 20 timed repetitions, decode steps captured in
CUDA graphs. Use it as measured.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np


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


def dense_sweep() -> Sweep:
    """The dense decode sweep: `layers` square bf16 matrices of width `d_model`, 2 GiB in all."""
    dense = h200()["dense"]
    points = dense["points"]
    return Sweep(batch=np.array([p["batch"] for p in points], dtype=float),
                 step_time=np.array([p["step_s"] for p in points]),
                 weight_bytes=float(dense["weight_bytes"]),
                 params=float(dense["layers"] * dense["d_model"] ** 2))
