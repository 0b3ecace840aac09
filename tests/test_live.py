"""The live-widget framework: templates, the JavaScript printer, compiled views."""

import json
import numpy as np
import pytest
import sympy as sp

from llm_napkin.show import fmt, live
from llm_napkin.show.charts import HLine, Line, Panel, Span
from llm_napkin.symbolic import maximum, where


def test_templates_format_with_the_books_formats():
    values = {"bytes": 1.412e11, "t": 0.0121, "n": 70272.0, "p": 0.891, "name": "H100 SXM"}
    assert live.fill("{bytes:si B} in {t:seconds} on {name}", values) == \
        f"{fmt.si(1.412e11, 'B')} in {fmt.seconds(0.0121)} on H100 SXM"
    assert live.fill("{n:sig} or {n:sig 2} or {n:int}; {p:percent}", values) == \
        "70,300 or 70,000 or 70,272; 89%"
    assert live.fill("{n:count} sequence{n:plural}", values) == "70.3k sequences"
    assert live.fill("{big:sci} and {tiny:sci 3}", {"big": 3.8e25, "tiny": 4.546e-20}) == \
        "3.8 × 10²⁵ and 4.55 × 10⁻²⁰"


def test_a_template_naming_nothing_is_an_error():
    with pytest.raises(KeyError, match="names nothing"):
        live.fill("{missing:sig}", {})


def test_the_printer_writes_javascript_and_refuses_what_it_cannot_print():
    x, y = sp.symbols("c.x d.y", positive=True)
    assert live.javascript(sp.Max(x, y)) == "Math.max(c.x, d.y)"
    assert "?" in live.javascript(sp.Piecewise((x, x < y), (sp.nan, True)))
    assert "NaN" in live.javascript(sp.Piecewise((x, x < y), (sp.nan, True)))
    with pytest.raises(Exception, match="Unsupported"):
        live.javascript(sp.gamma(x))


def _toy():
    def numbers(size):
        if size == "broken":
            raise ValueError("no such size")
        return {"scale": {"small": 2.0, "large": 10.0}[size], "name": f"{size} one"}

    def formulas(c, d, x):
        level = c["level"] * d["scale"]
        return dict(curve=level * x, scaled=level, shown=where(level > 5, level, np.nan),
                    big=level > 5, top=maximum(level, 1))

    return live.LiveView(
        controls={"size": live.Choice("size", ("small", "large", "broken"), "small"),
                  "level": live.Slider("level", 1, 8, 2, integer=True, unit="int")},
        tables=(live.Table(("size",), numbers),), formulas=formulas, grid=np.array([1.0, 2.0, 4.0]),
        title="{name}",
        panels=(Panel("level {level:int}", "x", "y", items=(
            Line("x", "curve", label="curve at {scaled:sig}"), HLine("scaled"),
            Span("scaled", "top"), Line("scaled", "shown", style="o"))),),
        readout=("Level {scaled:sig}: ", live.When("big", "big", "small"), "."))


def test_numbers_charts_and_readouts_come_from_the_same_formulas():
    view = _toy()
    values = live.evaluate(view, level=3.4)  # a count slider rounds to a whole number
    assert values["level"] == 3 and values["scaled"] == 6.0
    assert list(values["curve"]) == [6.0, 12.0, 24.0]
    chart = live.chart(view, level=2)
    assert chart.title == "small one" and chart.panels[0].title == "level 2"
    curve, hline, span = chart.panels[0].items  # the point is hidden (NaN) up to 5
    assert curve.label == "curve at 4.00" and hline.y == 4.0 and (span.start, span.end) == (4.0, 4.0)
    assert len(live.chart(view, level=3).panels[0].items) == 4
    assert live.readout(view, level=3) == "Level 6.00: big."
    assert live.readout(view, level=1) == "Level 2.00: small."
    with pytest.raises(ValueError, match="no such size"):
        live.readout(view, size="broken")


def test_a_compiled_view_carries_javascript_tables_and_refusals():
    spec = live.compile_view(_toy())
    json.dumps(spec, allow_nan=False)
    assert spec["curves"] == ["curve"]
    assert spec["formulas"]["scaled"] == "c.level*d.scale"
    rows = spec["tables"][0]["rows"]
    assert rows["0"] == {"scale": 2.0, "name": "small one"} and rows["2"] == {"error": "no such size"}
    assert spec["controls"]["level"] == {"kind": "Slider", "integer": True}
    assert spec["readout"][1] == {"condition": "big", "yes": "big", "no": "small"}


def test_the_explorer_links_its_controls_to_the_live_chart():
    box = live.explorer(_toy())
    chart = box.children[-1]
    assert isinstance(chart, live.LiveChart)
    assert chart.controls == box.controls and set(box.controls) == {"size", "level"}
    assert "uPlot" in chart._esm and "export default" in chart._esm


def test_a_formula_may_not_reuse_the_name_of_a_control():
    view = _toy()
    clash = live.LiveView(**{**view.__dict__, "formulas": lambda c, d, x: {"level": c["level"]}})
    with pytest.raises(ValueError, match="level"):
        live.evaluate(clash)
    with pytest.raises(ValueError, match="level"):
        live.compile_view(clash)


@pytest.mark.parametrize("unit", sorted(live._D3))
def test_every_slider_unit_makes_a_widget(unit):
    for log in (False, True):
        slider = live.Slider("s", 1, 64, 8, log=log, unit=unit).widget()
        assert slider.readout_format == live._D3[unit]


@pytest.mark.parametrize("default", [64, 100, 200_000, 2**21])
def test_a_log_slider_steps_from_its_default_so_the_page_starts_there(default):
    slider = live.Slider("s", 2**14 if default > 2**14 else 1, 2**21, default, log=True).widget()
    steps = (np.log2(default) - slider.min) / slider.step
    assert slider.value == default and steps == pytest.approx(round(steps), abs=1e-9)
    low = 2**14 if default > 2**14 else 1
    assert np.log2(low) <= slider.min < np.log2(low) + slider.step and slider.max <= 21
    assert slider.max > 21 - slider.step
