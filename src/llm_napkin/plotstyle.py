"""One plot style for every chapter: colors by meaning, light grid, readable at page width."""

import matplotlib
import matplotlib.pyplot as plt

COLORS = {
    "memory": "#1f77b4",    # weight and KV fetch time, bandwidth-bound things
    "kv": "#17becf",        # the KV-cache part of memory traffic
    "compute": "#d62728",   # matmul time, compute-bound things
    "total": "#222222",     # the step time, the quantity that matters
    "measured": "#ff7f0e",  # measurements from ../shared/data
    "cost": "#2ca02c",      # dollars
    "latency": "#9467bd",   # seconds per token
    "limit": "#7f7f7f",     # floors, ceilings, capacity limits
}

RC = {
    "figure.figsize": (7.5, 3.6),
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


def apply() -> None:
    """Use the book's style for every figure made after this call."""
    matplotlib.rcParams.update(RC)


def figure(ncols: int = 1, width: float = 7.5, height: float = 3.6):
    """A new figure with `ncols` side-by-side axes, in the book's style: (fig, axes)."""
    apply()
    fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained")
    return fig, axes
