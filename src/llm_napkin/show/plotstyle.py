"""One plot style for every chapter: colors by meaning, light grid, plain tick labels.

Figures use fixed margins rather than a layout engine, and log axes carry no minor ticks: both
keep a widget's redraw fast (a layout engine and minor log ticks each cost tens of milliseconds).
"""

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

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


def _plain(value: float, _position=None) -> str:
    """Tick labels without exponents: 1, 10, 100, 1k, 10k, 1M, 0.1, 0.01."""
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"


def log_axes(ax, x: bool = True, y: bool = True) -> None:
    """Log scale on the chosen axes, decades only, labelled 1, 10, 100, 1k ..."""
    for on, axis, set_scale in ((x, ax.xaxis, ax.set_xscale), (y, ax.yaxis, ax.set_yscale)):
        if on:
            set_scale("log")
            axis.set_major_locator(LogLocator(base=10, numticks=12))
            axis.set_minor_locator(NullLocator())
            axis.set_major_formatter(FuncFormatter(_plain))
