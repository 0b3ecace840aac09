"""Explanatory diagrams whose labels are computed by the model.

A diagram is a matplotlib figure of boxes and arrows rather than a chart of curves; every number
on it comes from the formulas (through `serving.Deployment`), so the picture and the prose agree.
"""

import io
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from .. import roofline
from ..serving import Deployment
from . import fmt
from .plotstyle import COLORS, figure


@dataclass(frozen=True, repr=False)
class Diagram:
    """A drawn figure that a notebook shows as a PNG image; its text form names it."""

    figure: Figure
    title: str

    def __repr__(self) -> str:
        return f"Diagram({self.title})"

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", bbox_inches="tight", dpi=110)
        return buffer.getvalue()


def _box(ax, x, y, width, height, text, color, **text_kwargs):
    ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.01,rounding_size=0.02",
                                facecolor=color, edgecolor=COLORS["total"], lw=1, alpha=0.9))
    ax.text(x + width / 2, y + height / 2, text, ha="center", va="center", fontsize=10,
            linespacing=1.35, **text_kwargs)


def _arrow(ax, start, end, text="", color=COLORS["total"], rad=0.0, text_at=None, va_top=False):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.4,
                                 color=color, connectionstyle=f"arc3,rad={rad}"))
    if text:
        x, y = text_at or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.05)
        ax.text(x, y, text, ha="center", va="top" if va_top else "bottom", fontsize=9.5,
                color=color, linespacing=1.3)


def decode_step(deployment: Deployment, batch: int, context: int) -> Diagram:
    """One decode step of `deployment` at `batch` sequences of `context` tokens: HBM holds the
    weights and the KV cache; the step reads both, multiplies every sequence's newest token by
    the weights, and appends one new token (and its keys and values) to each sequence."""
    d = deployment
    weights, cache = d.weight_bytes, batch * context * d.kv_bytes_per_token
    free = max(d.hbm_bytes - weights - cache, 0.0)
    bandwidth, flops = d.bandwidth, d.flops
    read_time = roofline.weight_fetch_time(weights + cache, bandwidth)
    multiply_time = roofline.matmul_time(batch, d.model.active_params, flops)
    flop = roofline.FLOP_PER_PARAM_PER_TOKEN * batch * d.model.active_params

    fig, ax = figure(ncols=1, width=5.6, height=4.2)
    ax.set_position((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set(xlim=(0, 1), ylim=(0, 1))

    # HBM as a column, filled in proportion to what it holds.
    left, bottom, width, height = 0.19, 0.2, 0.1, 0.6
    total = weights + cache + free
    y = bottom
    for size, color, label in ((weights, COLORS["memory"], f"weights\n{fmt.si(weights, 'B')}"),
                               (cache, COLORS["kv"], f"KV cache\n{fmt.si(cache, 'B')}"),
                               (free, "white", f"free\n{fmt.si(free, 'B')}")):
        h = height * size / total
        ax.add_patch(Rectangle((left, y), width, h, facecolor=color, edgecolor=COLORS["total"],
                               lw=0.8, alpha=0.85))
        ax.text(left - 0.015, y + h / 2, label, va="center", ha="right", fontsize=9.5)
        y += h
    ax.text(0.02, bottom + height + 0.05,
            f"HBM of {d.chips} × {d.chip.name}:\n{fmt.si(d.hbm_bytes, 'B')}, "
            f"{fmt.si(bandwidth, 'B/s')}", fontsize=10, va="bottom", weight="bold")

    # Read, multiply, emit.
    _box(ax, 0.56, 0.52, 0.42, 0.26,
         f"multiply\n{batch:,} tokens × {fmt.count(d.model.active_params)} weights\n"
         f"× 2 FLOP = {fmt.si(flop, 'FLOP')}:\n{fmt.seconds(multiply_time)} at "
         f"{fmt.si(flops, 'FLOP/s')}", "#fbe3e3")
    _arrow(ax, (left + width + 0.01, 0.65), (0.55, 0.65),
           f"read weights\nand KV caches,\n{fmt.si(weights + cache, 'B')}:\n"
           f"{fmt.seconds(read_time)}", color=COLORS["memory"], text_at=(0.425, 0.67))
    _box(ax, 0.6, 0.2, 0.34, 0.17, f"{batch:,} new tokens,\none per sequence", "#eeeeee")
    _arrow(ax, (0.77, 0.51), (0.77, 0.38))
    # The new tokens' keys and values join the cache for the next step.
    kv_y = bottom + height * (weights + cache / 2) / total
    _arrow(ax, (0.59, 0.285), (left + width + 0.01, kv_y),
           "their keys and values\njoin the KV cache", color=COLORS["kv"], rad=-0.15,
           text_at=(0.44, 0.235), va_top=True)
    step = max(read_time, multiply_time)
    bound = "memory bound" if read_time >= multiply_time else "compute bound"
    ax.text(0.5, 0.06, f"one decode step: max({fmt.seconds(read_time)}, "
                       f"{fmt.seconds(multiply_time)}) = {fmt.seconds(step)}, {bound}",
            ha="center", fontsize=10, weight="bold")
    return Diagram(fig, f"one decode step of {d.model.name} on {d.chips} × {d.chip.name}, "
                        f"batch {batch:,}, context {context:,}")
