"""Charts as data: a view describes what to draw, and one renderer draws it.

A widget's view returns a `Chart` (panels of lines, horizontal lines and shaded spans) rather than
a matplotlib figure, and `draw` turns a chart into a new figure for the page and the PDF. In the
browser the same panels are drawn by show/js/live.js (see show/live.py).
"""

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from .plotstyle import COLORS, figure, legends_below, log_axes, place_legend


@dataclass(frozen=True)
class Line:
    """A curve (style '-', '--', ':') or markers (style 'o')."""

    x: object
    y: object
    color: str = COLORS["total"]
    style: str = "-"
    label: str | None = None


@dataclass(frozen=True)
class HLine:
    """A horizontal line across the panel at height y."""

    y: float
    color: str = COLORS["limit"]
    style: str = "--"
    label: str | None = None


@dataclass(frozen=True)
class VLine:
    """A vertical line across the panel at x."""

    x: float
    color: str = COLORS["limit"]
    style: str = "--"
    label: str | None = None


@dataclass(frozen=True)
class Span:
    """A shaded band from x = start to x = end."""

    start: float
    end: float
    color: str = COLORS["limit"]
    label: str | None = None


@dataclass(frozen=True)
class Panel:
    """One pair of axes: its titles, the items drawn on it, its scales and its legend."""

    title: str
    xlabel: str
    ylabel: str
    items: tuple = ()
    xlog: bool = False
    ylog: bool = False
    legend: str = "best"  #: where the legend goes first, or "" for none (see _crowded)
    ylim: tuple = (None, None)  #: fixed (bottom, top) of the y axis; None follows the data
    xlim: tuple = (None, None)  #: fixed (left, right) of the x axis; None follows the data


@dataclass(frozen=True, repr=False)
class Chart:
    """Panels side by side under an optional title. In a notebook a chart shows itself as a
    PNG image; its text form names the panels."""

    panels: tuple
    title: str = ""

    def __repr__(self) -> str:
        return f"Chart({self.title or 'untitled'}: {'; '.join(p.title for p in self.panels)})"

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        draw(self).savefig(buffer, format="png", bbox_inches="tight", dpi=110)  # crisp on the page
        return buffer.getvalue()


def _add(ax, item):
    if isinstance(item, Line):
        kwargs = dict(marker="o", ls="", ms=6, zorder=3) if item.style == "o" else dict(ls=item.style)
        return ax.plot(np.atleast_1d(item.x), np.atleast_1d(item.y), color=item.color,
                       label=item.label, **kwargs)[0]
    if isinstance(item, HLine):
        return ax.axhline(item.y, color=item.color, ls=item.style, label=item.label)
    if isinstance(item, VLine):
        return ax.axvline(item.x, color=item.color, ls=item.style, label=item.label)
    if isinstance(item, Span):
        return ax.axvspan(item.start, item.end, color=item.color, alpha=0.15, lw=0,
                          label=item.label)
    raise TypeError(f"cannot draw {item!r}")


def _fix_limits(ax, panel):
    if panel.ylim != (None, None):
        ax.set_ylim(*panel.ylim, auto=None)  # auto=None: later autoscaling still follows the data
    if panel.xlim != (None, None):
        ax.set_xlim(*panel.xlim, auto=None)


def _dress(ax, panel):
    ax.set(title=panel.title, xlabel=panel.xlabel, ylabel=panel.ylabel)
    log_axes(ax, x=panel.xlog, y=panel.ylog)
    _fix_limits(ax, panel)
    if panel.legend and any(item.label for item in panel.items):
        ax.legend(loc=panel.legend)


def _crowded(fig, panels, below=()) -> list:
    """Place each legend (but those of the axes in `below`) at its panel's chosen place, or at
    the first other place inside its axes where it covers no data; return the axes whose legend
    has no such place."""
    return [ax for ax, panel in zip(fig.axes, panels)
            if ax.get_legend() is not None and ax not in below
            and not place_legend(ax, panel.legend)]


def _render(chart: Chart):
    """A new figure for `chart`, its artists per panel, and the axes whose legend sits below
    them (where no place inside covered no data)."""
    fig, axes = figure(ncols=len(chart.panels), title=bool(chart.title))
    axes = np.atleast_1d(axes)
    artists = [[_add(ax, item) for item in panel.items] for ax, panel in zip(axes, chart.panels)]
    for ax, panel in zip(axes, chart.panels):
        _dress(ax, panel)
    if chart.title:
        fig.suptitle(chart.title, fontsize=11)
    crowded = _crowded(fig, chart.panels)
    if crowded:
        legends_below(fig, crowded)
    return fig, artists, crowded


def draw(chart: Chart) -> Figure:
    """A new figure showing `chart`."""
    return _render(chart)[0]
