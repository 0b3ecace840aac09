"""Legends that hide no data, and log axes with at least two readable tick labels."""

import numpy as np
import pytest

from llm_napkin.show import charts
from llm_napkin.show.charts import Chart, HLine, Line, Panel
from llm_napkin.show.plotstyle import _plain


def _display_points(line, per_segment=50):
    """Points along a drawn line (or its markers), in display pixels, densely enough that a
    box a few pixels wide over any stroke contains one."""
    xy = line.get_transform().transform(line.get_xydata())
    xy = xy[np.isfinite(xy).all(axis=1)]
    if line.get_linestyle() in ("None", "", " ") or len(xy) < 2:
        return xy
    steps = np.linspace(0, 1, per_segment)[:, None, None]
    return (xy[:-1] + steps * (xy[1:] - xy[:-1])).reshape(-1, 2)


def _hidden_points(fig):
    """How many sampled points of each axes' lines and markers lie under its legend."""
    fig.canvas.draw()
    hidden = 0
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent()
        for line in ax.lines:
            x, y = _display_points(line).T
            hidden += np.count_nonzero((x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1))
    return hidden


def _labels_in_view(axis):
    low, high = sorted(axis.get_view_interval())
    return [tick.label1.get_text() for tick in axis.get_major_ticks()
            if low * (1 - 1e-9) <= tick.get_loc() <= high * (1 + 1e-9) and tick.label1.get_text()]


X = np.geomspace(1, 1000, 60)


def test_a_legend_asked_onto_the_data_moves_where_the_data_is_not():
    panel = Panel("t", "x", "y", (Line(X, X, label="rising"), Line(X, 1000 / X, label="falling"),
                                  Line(30, 30, style="o", label="point")),
                  xlog=True, ylog=True, legend="center")
    fig = charts.draw(Chart(panels=(panel,)))
    assert _hidden_points(fig) == 0
    assert fig.axes[0].get_legend().get_bbox_to_anchor().bounds == fig.axes[0].bbox.bounds


def test_a_legend_with_no_free_place_goes_below_the_axes_and_the_figure_grows():
    heights = np.linspace(0.02, 0.98, 25)  # a line every 4% of the height: no room anywhere
    items = tuple(HLine(h, label=f"level {i}" if i < 6 else None) for i, h in enumerate(heights))
    flat = Chart(panels=(Panel("t", "x", "y", items + (Line([0, 1], [0, 1]),), ylim=(0, 1)),))
    base_height = charts.draw(Chart(panels=(Panel("t", "x", "y", items[:1]),))).get_figheight()
    fig = charts.draw(flat)
    assert _hidden_points(fig) == 0
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 < ax.xaxis.get_tightbbox().y0  # under the tick and axis labels
    assert legend.y0 >= 0 and fig.get_figheight() > base_height  # inside the grown figure
    assert len({round(t.get_window_extent().y0) for t in ax.get_legend().get_texts()}) == 2


def test_under_a_decade_the_labels_are_steps_of_one_two_and_five():
    line = Line([2, 30], [2, 30])
    fig = charts.draw(Chart(panels=(Panel("t", "x", "y", (line,), xlog=True, ylog=True),)))
    fig.canvas.draw()
    assert {"2", "5", "10", "20"} <= set(_labels_in_view(fig.axes[0].xaxis))


@pytest.mark.parametrize("value, text", [(1, "1"), (0.01, "0.01"), (2e3, "2k"), (5e6, "5M"),
                                         (1e13, "10T"), (1e-6, "10⁻⁶"), (2e-6, "2×10⁻⁶"),
                                         (1e-16, "10⁻¹⁶"), (5e-5, "5×10⁻⁵"), (1e-4, "0.0001")])
def test_tick_labels_are_plain(value, text):
    assert _plain(value) == text
