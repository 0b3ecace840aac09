import numpy as np

from llm_napkin.show import charts
from llm_napkin.show.charts import Chart, HLine, Line, Panel, Span


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


def test_a_chart_shows_itself_as_png_with_a_short_text_form():
    assert chart()._repr_png_().startswith(b"\x89PNG")
    assert repr(chart()) == "Chart(T: t)"