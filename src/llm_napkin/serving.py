"""One model served on a group of chips: the roofline formulas filled in from the catalogs."""

from dataclasses import dataclass

import numpy as np

from . import checks, hardware, models, roofline
from .hardware import Chip
from .mathops import ceil
from .models import Model


def memory_needed(weight_bytes, batch, context, kv_bytes_per_token):
    """Bytes of HBM to hold the weights and the KV cache of `batch` sequences of `context` tokens."""
    checks.non_negative("batch", batch)
    return checks.positive("weight_bytes", weight_bytes) + batch * checks.non_negative(
        "context", context) * checks.non_negative("kv_bytes_per_token", kv_bytes_per_token)


def largest_batch_in_memory(hbm_bytes, weight_bytes, context, kv_bytes_per_token):
    """The most sequences whose KV cache fits in the HBM the weights leave free (may be 0)."""
    free = checks.positive("hbm_bytes", hbm_bytes) - checks.positive("weight_bytes", weight_bytes)
    per_sequence = checks.positive("context", context) * checks.positive("kv_bytes_per_token",
                                                                         kv_bytes_per_token)
    return np.maximum(np.floor(free / per_sequence), 0)


def fewest_chips(weight_bytes, hbm_bytes, weight_share=0.5):
    """Fewest chips, in powers of two, whose HBM holds the weights in at most `weight_share` of
    it, leaving the rest for the KV cache."""
    checks.fraction("weight_share", weight_share)
    needed = checks.positive("weight_bytes", weight_bytes) / (
        checks.positive("hbm_bytes", hbm_bytes) * weight_share)
    return int(2 ** max(0, int(ceil(np.log2(needed)))))


@dataclass(frozen=True)
class Deployment:
    """`model` served in `precision` on `chips` chips that split its weights evenly."""

    chip: Chip
    model: Model
    precision: str = "bf16"
    chips: int = 1
    memory_efficiency: float = 1.0
    compute_efficiency: float = 1.0
    overlap: bool = True

    def __post_init__(self):
        self.chip.flops(self.precision)  # raises if the chip lacks this precision
        checks.positive("chips", self.chips)
        checks.fraction("memory_efficiency", self.memory_efficiency)
        checks.fraction("compute_efficiency", self.compute_efficiency)

    @property
    def weight_bytes(self) -> float:
        return self.model.weight_bytes(self.precision)

    @property
    def kv_bytes_per_token(self) -> float:
        """The KV cache is kept in bf16 whatever the weights' precision."""
        return self.model.kv_bytes_per_token("bf16")

    @property
    def flops(self) -> float:
        """Peak FLOP/s of all the chips together."""
        return self.chip.flops(self.precision) * self.chips

    @property
    def bandwidth(self) -> float:
        """Peak HBM bytes/s of all the chips together."""
        return self.chip.hbm_bandwidth * self.chips

    @property
    def hbm_bytes(self) -> float:
        return self.chip.hbm_bytes * self.chips

    def _roofline(self, context):
        return dict(weight_bytes=self.weight_bytes, active_params=self.model.active_params,
                    flops=self.flops, bandwidth=self.bandwidth, context=context,
                    kv_bytes_per_token=self.kv_bytes_per_token,
                    memory_efficiency=self.memory_efficiency,
                    compute_efficiency=self.compute_efficiency)

    def step_time(self, batch, context=0):
        """Seconds per decode step, which is also each sequence's time per token."""
        return roofline.decode_step_time(batch, overlap=self.overlap, **self._roofline(context))

    def knee_batch(self, context=0):
        """Batch where memory time equals compute time (inf if none)."""
        return roofline.knee_batch(**self._roofline(context))

    def tokens_per_second(self, batch, context=0):
        return roofline.tokens_per_second(batch, self.step_time(batch, context))

    def cost_per_token(self, batch, context, price_per_chip_hour):
        """US dollars per output token at `price_per_chip_hour` ($ per chip per hour)."""
        return roofline.cost_per_token(batch, self.step_time(batch, context), self.chips,
                                       price_per_chip_hour)

    def largest_batch(self, context):
        """Most sequences of `context` tokens whose KV cache fits beside the weights."""
        return largest_batch_in_memory(self.hbm_bytes, self.weight_bytes, context,
                                       self.kv_bytes_per_token)


def deploy(chip: str, model: str, precision: str = "bf16", chips: int | None = None,
           **options) -> Deployment:
    """A Deployment by names; `chips` defaults to fewest_chips() for the weights."""
    chip_, model_ = hardware.get(chip), models.get(model)
    if chips is None:
        chips = fewest_chips(model_.weight_bytes(precision), chip_.hbm_bytes)
    return Deployment(chip_, model_, precision, chips, **options)
