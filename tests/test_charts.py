import numpy as np

from llm_napkin.show import charts
from llm_napkin.show.charts import Chart, HLine, Line, Panel, Span, VLine


def chart(scale=1.0, label="a", span=True):
    x = np.geomspace(1, 1000, 20)
    items = [Line(x, scale * x, label=label), HLine(scale * 5, label="floor"), Line(10, scale, style="o")]
    if span:
        items.append(Span(100 * scale, 1000))
    return Chart(panels=(Panel("t", "x", "y", tuple(items), xlog=True, ylog=True),), title="T")


def test_draw_makes_one_axis_per_panel_with_the_data():
    fig = charts.draw(chart())
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_title() == "t"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "floor"]


def test_canvas_moves_artists_when_the_structure_is_unchanged():
    canvas = charts.Canvas()
    fig = canvas.show(chart())
    line = fig.axes[0].lines[0]
    assert canvas.show(chart(scale=3, label="b")) is fig
    assert fig.axes[0].lines[0] is line and line.get_ydata()[-1] == 3000
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == "b"
    assert fig.axes[0].get_ylim()[1] >= 3000  # rescaled to the new data


def test_canvas_redraws_when_the_structure_changes():
    canvas = charts.Canvas()
    fig = canvas.show(chart())
    assert canvas.show(chart(span=False)) is not fig


def test_a_chart_shows_itself_as_png_with_a_short_text_form():
    assert chart()._repr_png_().startswith(b"\x89PNG")
    assert repr(chart()) == "Chart(T: t)"


def test_vertical_lines_and_a_fixed_top_follow_updates():
    def panel(x, top):
        return Chart(panels=(Panel("t", "x", "y", (Line([1, 10], [1, 2]), VLine(x)),
                                   ylim=(None, top)),))
    canvas = charts.Canvas()
    fig = canvas.show(panel(3, 50))
    assert list(fig.axes[0].lines[1].get_xdata()) == [3, 3]
    assert fig.axes[0].get_ylim()[1] == 50
    canvas.show(panel(5, 80))
    assert list(fig.axes[0].lines[1].get_xdata()) == [5, 5]
    assert fig.axes[0].get_ylim()[1] == 80


def test_a_fixed_x_range_holds_for_data_that_runs_past_it():
    chart = Chart(panels=(Panel("t", "x", "y", (Line([1, 10, 1000], [1, 2, 3]),), xlog=True,
                                xlim=(10, 100)),))
    assert charts.draw(chart).axes[0].get_xlim() == (10, 100)
    assert charts.Canvas().show(chart).axes[0].get_xlim() == (10, 100)
