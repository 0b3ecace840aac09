"""One model served on a group of chips: the roofline formulas filled in from the catalogs.

A `Deployment` names a chip, a model, a precision and a chip count, and answers the questions of
chapters 1 and 2: the step time, the knee batch, tokens per second, cost per token, how many
sequences fit. It also splits the step by part of the model (`parameters.parts`): each part's
weights are read once per step and multiplied by every token (routed experts: by `top_k` of every
`experts` tokens), and the KV cache is read with the attention. Memory and compute can then
overlap across the whole step or only within each part.
"""

from dataclasses import dataclass

import numpy as np

from . import attention, checks, parameters, roofline
from .catalogs import hardware, models
from .catalogs.hardware import Chip
from .catalogs.models import Model
from .catalogs.precision import bytes_per_value
from .symbolic import ceil, floor, is_symbolic, log2, maximum

ATTENTION = "attention"
"""The part of a model whose memory traffic includes the KV cache."""

OVERLAPS = ("part", "step")


def memory_needed(weight_bytes, batch, context, kv_bytes_per_token):
    """Bytes of HBM to hold the weights and the KV cache of `batch` sequences of `context`
    tokens."""
    checks.non_negative("batch", batch)
    return checks.positive("weight_bytes", weight_bytes) + batch * checks.non_negative(
        "context", context) * checks.non_negative("kv_bytes_per_token", kv_bytes_per_token)


def largest_batch_in_memory(hbm_bytes, weight_bytes, context, kv_bytes_per_token):
    """The most sequences whose KV cache fits in the HBM the weights leave free (may be 0)."""
    free = checks.positive("hbm_bytes", hbm_bytes) - checks.positive("weight_bytes", weight_bytes)
    per_sequence = checks.positive("context", context) * checks.positive("kv_bytes_per_token",
                                                                         kv_bytes_per_token)
    return maximum(floor(free / per_sequence), 0)


def fewest_chips(weight_bytes, hbm_bytes, weight_share=0.5):
    """Fewest chips, in powers of two, whose HBM holds the weights in at most `weight_share` of
    it, leaving the rest for the KV cache."""
    checks.fraction("weight_share", weight_share)
    needed = checks.positive("weight_bytes", weight_bytes) / (
        checks.positive("hbm_bytes", hbm_bytes) * weight_share)
    return 2 ** maximum(0, ceil(log2(needed)))


def ridge_point(chip: Chip, precision: str = "bf16") -> float:
    """`chip`'s ridge point in `precision` (FLOP per byte of HBM read): roofline.ridge_point."""
    return roofline.ridge_point(chip.flops(precision), chip.hbm_bandwidth)


def knee_for_sparsity(chip: Chip, precision: str = "bf16", sparsity=1):
    """The knee batch (tokens) on `chip` in `precision` of weights of which each token multiplies
    one in `sparsity` (total over active weights, 1 or more): ridge point × bytes per weight / 2 ×
    sparsity. It depends on neither the model's size nor the number of chips, so it is
    roofline.knee_batch for one active weight; the lecture's "300 × sparsity" in bf16 on an H100.
    """
    checks.positive("sparsity", sparsity)
    if not is_symbolic(sparsity) and np.any(np.asarray(sparsity) < 1):
        raise ValueError(f"sparsity must be 1 or more (total over active weights), "
                         f"got {sparsity!r}")
    return roofline.knee_batch(weight_bytes=sparsity * bytes_per_value(precision),
                               active_params=1, flops=chip.flops(precision),
                               bandwidth=chip.hbm_bandwidth)


def drain_time(chip: Chip) -> float:
    """Seconds `chip` takes to read its whole HBM once: roofline.drain_time."""
    return roofline.drain_time(chip.hbm_bytes, chip.hbm_bandwidth)


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
        """Bytes of every weight of the model in the deployment's precision."""
        return self.model.weight_bytes(self.precision)

    @property
    def kv_bytes_per_token(self) -> float:
        """The KV cache is kept in bf16 whatever the weights' precision."""
        return attention.kv_bytes_per_token(self.model, "bf16")

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
        """HBM bytes of all the chips together."""
        return self.chip.hbm_bytes * self.chips

    def roofline_args(self, total_params=None, active_params=None, context=0,
                      kv_bytes_per_token=None) -> dict:
        """Keyword arguments for roofline.decode_step_time and roofline.knee_batch: this
        deployment's rates and efficiencies, for the whole model (the default) or for weights of
        `total_params` of which each token multiplies `active_params`."""
        total = self.model.total_params if total_params is None else total_params
        return dict(weight_bytes=total * bytes_per_value(self.precision),
                    active_params=self.model.active_params if active_params is None
                    else active_params,
                    flops=self.flops, bandwidth=self.bandwidth, context=context,
                    kv_bytes_per_token=self.kv_bytes_per_token if kv_bytes_per_token is None
                    else kv_bytes_per_token,
                    memory_efficiency=self.memory_efficiency,
                    compute_efficiency=self.compute_efficiency)

    def step_time(self, batch, context=0):
        """Seconds per decode step, which is also each sequence's time per token."""
        return roofline.decode_step_time(batch, overlap=self.overlap,
                                         **self.roofline_args(context=context))

    def knee_batch(self, context=0):
        """Batch where memory time equals compute time (inf if none)."""
        return roofline.knee_batch(**self.roofline_args(context=context))

    def tokens_per_second(self, batch, context=0):
        """Tokens emitted per second at `batch` sequences of `context` tokens."""
        return roofline.tokens_per_second(batch, self.step_time(batch, context))

    def cost_per_token(self, batch, context, price_per_chip_hour):
        """US dollars per output token at `price_per_chip_hour` ($ per chip per hour)."""
        return roofline.cost_per_token(batch, self.step_time(batch, context), self.chips,
                                       price_per_chip_hour)

    def largest_batch(self, context):
        """Most sequences of `context` tokens whose KV cache fits beside the weights."""
        return largest_batch_in_memory(self.hbm_bytes, self.weight_bytes, context,
                                       self.kv_bytes_per_token)

    def context_limit(self, active_params=None):
        """Context (tokens) beyond which no batch is compute bound (weights' FLOP only), for the
        whole model with its published active parameters (the default, where knee_batch() runs
        off to infinity) or for weights of which each token multiplies `active_params` (the
        summed parts of parameters.sums for whole_model_knee(), or one part's)."""
        return attention.context_limit(**{k: v for k, v in self.roofline_args(
            active_params=active_params).items() if k not in ("weight_bytes", "context")})

    # -- The step, part by part ----------------------------------------------------------------

    def _args_by_part(self, context):
        return {name: self.roofline_args(total, active, context if name == ATTENTION else 0)
                for name, (total, active) in parameters.parts(self.model).items()}

    def _args_whole(self, context):
        return self.roofline_args(*parameters.sums(self.model), context)

    def knees_by_part(self, context=0) -> dict[str, float]:
        """{part: batch at which that part alone turns compute bound}."""
        return {name: roofline.knee_batch(**kwargs)
                for name, kwargs in self._args_by_part(context).items()}

    def whole_model_knee(self, context=0):
        """The knee batch when memory and compute overlap across the whole step: knee_batch of
        the parts' summed weights (parameters.sums, within 1.5% of the published sizes)."""
        return roofline.knee_batch(**self._args_whole(context))

    def step_time_by_part(self, batch, context=0, overlap="part"):
        """Seconds per decode step, from the model's parts.

        overlap='part': memory and compute overlap within each part but not across parts, as when
        each layer's kernels run one after another; the step is the sum of each part's roofline
        step time, which turns fully compute bound only at the largest of knees_by_part().
        overlap='step': they overlap across the whole step (the book's usual model), which turns
        compute bound at whole_model_knee(). The first is never shorter than the second, and they
        agree once every part is compute bound or every part memory bound.
        """
        checks.one_of("overlap", overlap, OVERLAPS)
        if overlap == "step":
            return roofline.decode_step_time(batch, **self._args_whole(context))
        return sum(roofline.decode_step_time(batch, **kwargs)
                   for kwargs in self._args_by_part(context).values())


def deploy(chip: str, model: str, precision: str = "bf16", chips: int | None = None,
           **options) -> Deployment:
    """A Deployment by names; `chips` defaults to fewest_chips() for the weights."""
    chip_, model_ = hardware.get(chip), models.get(model)
    if chips is None:
        chips = int(fewest_chips(model_.weight_bytes(precision), chip_.hbm_bytes))
    return Deployment(chip_, model_, precision, chips, **options)
