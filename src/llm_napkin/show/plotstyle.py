"""One plot style for every chapter: colors by meaning, light grid, plain tick labels, legends
that hide no data.

Figures use fixed margins rather than a layout engine, and log axes carry no minor ticks: both
keep a widget's redraw fast (a layout engine and minor log ticks each cost tens of milliseconds).
Instead a log axis that shows fewer than two decades labels steps of 1, 2 and 5 (or every
integer multiple) as major ticks, so that it always has at least two labels.
"""

import math

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, Locator, LogLocator, NullLocator

COLORS = {
    "memory": "#1f77b4",    # weight and KV fetch time, bandwidth-bound things
    "kv": "#17becf",        # the KV-cache part of memory traffic
    "compute": "#d62728",   # matmul time, compute-bound things
    "total": "#222222",     # the step time, the quantity that matters
    "measured": "#ff7f0e",  # measurements from real hardware
    "cost": "#2ca02c",      # dollars
    "latency": "#9467bd",   # seconds per token
    "limit": "#7f7f7f",     # floors, ceilings, capacity limits
}

RC = {
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "font.size": 10,
}


def figure(ncols: int = 1, width: float = 7.5, height: float = 3.6, title: bool = False):
    """A new figure with `ncols` side-by-side axes in the book's style: (fig, axes).

    `title=True` leaves room at the top for a figure-wide title (fig.suptitle). The figure is not
    registered with pyplot, so a notebook shows it once, where a cell returns it, and a widget's
    figures are freed with the widget.
    """
    matplotlib.rcParams.update(RC)
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)  # a canvas of its own, reused by every save (not one per save)
    axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=0.09 if ncols == 1 else 0.08, right=0.98, bottom=0.14,
                        top=0.8 if title else 0.9, wspace=0.28)
    return fig, axes


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _plain(value: float, _position=None) -> str:
    """Tick labels without exponents: 1, 10, 100, 1k, 10k, 1M, 1G, 10T, 0.1, 0.0001; below that,
    powers of ten as 10⁻⁶ or 2×10⁻⁶."""
    for scale, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:g}{suffix}"
    if 0 < value < 1e-4:
        exponent = math.floor(math.log10(value) + 1e-9)
        mantissa = f"{value / 10 ** exponent:.2g}"
        power = f"10{str(exponent).translate(_SUPERSCRIPT)}"
        return power if mantissa == "1" else f"{mantissa}×{power}"
    return f"{value:g}"


class LogTicks(Locator):
    """Major ticks of a log axis: the decades when at least two of them show, else steps of 1, 2
    and 5 times a power of ten, else every integer multiple of one."""

    STEPS = ((1.0,), (1.0, 2.0, 5.0), tuple(float(n) for n in range(1, 10)))

    def __init__(self):
        self._locators = [LogLocator(base=10, subs=subs, numticks=12) for subs in self.STEPS]

    def set_axis(self, axis):
        """Attach to `axis` (a matplotlib Axis), with the locators it chooses among."""
        super().set_axis(axis)
        for locator in self._locators:
            locator.set_axis(axis)

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        """The tick positions for data from `vmin` to `vmax` (in data units)."""
        low, high = sorted((vmin, vmax))
        for locator in self._locators:
            ticks = locator.tick_values(low, high)
            if np.count_nonzero((ticks >= low * (1 - 1e-9)) & (ticks <= high * (1 + 1e-9))) >= 2:
                break
        return ticks


def log_axes(ax, x: bool = True, y: bool = True) -> None:
    """Log scale on the chosen axes, labelled 1, 10, 100, 1k ... (see LogTicks)."""
    for on, axis, set_scale in ((x, ax.xaxis, ax.set_xscale), (y, ax.yaxis, ax.set_yscale)):
        if on:
            set_scale("log")
            axis.set_major_locator(LogTicks())
            axis.set_minor_locator(NullLocator())
            axis.set_major_formatter(FuncFormatter(_plain))


# Where a legend may go inside its axes, in the order they are tried after the chosen one.
INSIDE = ("upper left", "upper right", "lower left", "lower right", "center left", "center right",
          "upper center", "lower center")


def _hides(box, ax) -> bool:
    """Whether the display-space box `box` covers any line or marker of `ax`. Shaded spans are
    a background: a legend may lie on one and both stay readable."""
    points_per_pixel = 72 / ax.figure.dpi
    for line in ax.lines:
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(line.get_xydata())
        finite = np.isfinite(xy).all(axis=1)
        if line.get_marker() not in (None, "None", "", " "):
            reach = box.padded(line.get_markersize() / 2 / points_per_pixel)
            inside = (xy[:, 0] >= reach.x0) & (xy[:, 0] <= reach.x1) & \
                     (xy[:, 1] >= reach.y0) & (xy[:, 1] <= reach.y1)
            if np.any(inside & finite):
                return True
        if line.get_linestyle() not in ("None", "", " "):
            # each unbroken run of finite points is one stroke
            for run in np.split(xy, np.flatnonzero(~finite)):
                run = run[np.isfinite(run).all(axis=1)]
                if len(run) >= 2 and Path(run).intersects_bbox(box, filled=False):
                    return True
    return False


def place_legend(ax, first: str = "best") -> bool:
    """Move the legend of `ax` to the first place inside the axes where it covers no data,
    trying `first` before the others; return False, leaving it at `first`, when none is free."""
    legend = ax.get_legend()
    legend.set_bbox_to_anchor(None)
    renderer = ax.figure.canvas.get_renderer()
    ax.get_xlim(), ax.get_ylim()  # settle the autoscaled limits before measuring
    for loc in dict.fromkeys((first, *INSIDE)):
        legend.set_loc(loc)
        if not _hides(legend.get_window_extent(renderer).padded(2), ax):
            return True
    legend.set_loc(first)
    return False


def legends_below(fig, axes) -> None:
    """Put the legends of `axes` under their axes (under the tick and axis labels), in as many
    columns (up to 3) as fit the width of the axes, and make the figure taller at the bottom to
    hold them; the axes keep their size."""
    renderer = fig.canvas.get_renderer()
    gap = 6  # pixels between the axis label and the legend, and below the legend
    needed = 0.0
    for ax in axes:
        top = ax.xaxis.get_tightbbox(renderer).y0 - gap
        anchor = (0.5, ax.transAxes.inverted().transform((0, top))[1])
        entries = len(ax.get_legend().get_texts())
        for ncols in range(min(3, entries), 0, -1):
            legend = ax.legend(loc="upper center", ncols=ncols, bbox_to_anchor=anchor,
                               bbox_transform=ax.transAxes)
            if legend.get_window_extent(renderer).width <= 1.1 * ax.bbox.width:
                break
        needed = max(needed, gap - legend.get_window_extent(renderer).y0)
    if needed > 0:
        width, height = fig.get_size_inches()
        pixels = height * fig.dpi
        grown = pixels + needed
        pars = fig.subplotpars
        fig.set_size_inches(width, grown / fig.dpi)
        fig.subplots_adjust(bottom=(pars.bottom * pixels + needed) / grown,
                            top=1 - (1 - pars.top) * pixels / grown)
