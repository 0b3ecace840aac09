"""The chapters' widgets run in the browser, on the static site, from the model's own formulas.

For every chapter whose widget is a LiveView, the page is opened in Chromium and the JavaScript
that SymPy printed is compared with NumPy: at random control values (every formula, every curve
point and the readout text), and after a reader moves a slider with the keyboard (what the chart
draws and what the readout says). Each update must take under one frame (16 ms).
"""

import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from llm_napkin.show import live, plotstyle

ROOT = Path(__file__).resolve().parents[2]
FRAME_MS = 16
pytestmark = pytest.mark.site


def widget_views() -> dict[str, object]:
    """{page: LiveView} for each notebook whose widget cell calls a view module's explorer()."""
    found = {}
    for notebook in sorted((ROOT / "book").glob("*.ipynb")):
        code = "\n".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                         if c["cell_type"] == "code")
        names = {alias or module: module for module, alias in re.findall(
            r"from llm_napkin\.show\.views import (\w+)(?: as (\w+))?", code)}
        match = re.search(r"^(\w+)\.explorer\(\)\s*$", code, re.M)
        if match and match[1] in names:
            module = importlib.import_module(f"llm_napkin.show.views.{names[match[1]]}")
            if hasattr(module, "LIVE"):
                found[f"book/{notebook.stem}.html"] = module.LIVE
    return found


VIEWS = widget_views()


def random_values(view, rng) -> dict:
    """Control values a reader could set, drawn at random (counts whole)."""
    values = {}
    for name, control in view.controls.items():
        if isinstance(control, live.Choice):
            values[name] = live._options(control)[rng.integers(len(control.options))]
        elif control.log:
            values[name] = float(np.exp(rng.uniform(np.log(control.low), np.log(control.high))))
        else:
            values[name] = float(rng.uniform(control.low, control.high))
        if isinstance(control, live.Slider):
            values[name] = control.clean(values[name])
    return values


def same(python, browser) -> bool:
    """NumPy's value and the browser's agree (to rounding; NaN, infinity and truth values too)."""
    python = np.asarray(python, dtype=float)
    browser = np.asarray([np.nan if v is None else v for v in np.atleast_1d(browser)], dtype=float)
    return python.shape == browser.reshape(python.shape).shape and np.allclose(
        python, browser.reshape(python.shape), rtol=1e-9, atol=0, equal_nan=True)


@pytest.fixture(scope="module")
def pages(browser, site_url):
    """Each widget page, opened once for the module's tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = {}

    def open_(path):
        if path not in opened:
            page = context.new_page()
            page.goto(site_url + path, wait_until="load")
            page.wait_for_function("(window.llmNapkinLive || []).length > 0", timeout=20_000)
            opened[path] = page
        return opened[path]

    yield open_
    context.close()


def test_every_chapter_widget_is_live():
    chapters = sorted(p.name for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(Path(p).stem + ".ipynb" for p in VIEWS) == chapters


@pytest.mark.parametrize("path", VIEWS)
def test_the_browser_computes_what_numpy_computes(pages, path):
    view, page, rng = VIEWS[path], pages(path), np.random.default_rng(14)
    for _ in range(12):
        values = random_values(view, rng)
        browser = page.evaluate("c => window.llmNapkinLive[0].evaluate(c)", values)
        try:
            python = live.evaluate(view, **values)
        except ValueError as error:
            assert browser == {"error": str(error)}
            continue
        for name in python:
            if not isinstance(python[name], str):
                assert same(python[name], browser[name]), f"{name} at {values}"
        assert page.evaluate("c => window.llmNapkinLive[0].readout(c)", values) == \
            live.readout(view, **values)


@pytest.mark.parametrize("path", VIEWS)
def test_moving_a_slider_redraws_the_chart_and_readout_within_a_frame(pages, path):
    view, page = VIEWS[path], pages(path)
    handle = page.locator(".widget-slider .noUi-handle").first
    readout = page.locator(".llm-live-readout").first
    before = readout.text_content()
    handle.focus()
    # to the top, to the bottom, then one step up (two where one step up is the default)
    for key in ["End", "Home", "ArrowRight"]:
        page.keyboard.press(key)
    page.wait_for_timeout(200)  # the slider hands its value to the widget's model a moment later
    values = page.evaluate("window.llmNapkinLive[0].current()")
    if readout.text_content() == before:  # one step up from the bottom was where it started
        handle.focus()  # the slider redraws once the model answers, and loses the focus
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
        values = page.evaluate("window.llmNapkinLive[0].current()")
    assert readout.text_content() != before
    assert readout.text_content() == live.readout(view, **values)
    numbers = live.evaluate(view, **values)
    drawn = page.evaluate("window.llmNapkinLive[0].plots()")
    for panel, data in zip(view.panels, drawn):
        # uPlot's series, in the panel's order: the curves over the grid and the horizontal lines
        series = [i for i in panel.items if type(i).__name__ == "HLine"
                  or (type(i).__name__ == "Line" and i.x == "x")]
        for item, drawn_y in zip(series, data[1:], strict=True):
            expected = np.broadcast_to(numbers[item.y], np.shape(view.grid))
            assert same(expected, drawn_y), f"{panel.title}: {item.label}"
    times = page.evaluate("window.llmNapkinLive[0].times")[1:]
    assert len(times) >= 3 and float(np.median(times)) < FRAME_MS, times


def test_the_browser_formats_numbers_as_the_book_does(pages):
    page, rng = pages(next(iter(VIEWS))), np.random.default_rng(15)
    numbers = np.concatenate([10 ** rng.uniform(-10, 16, 300), -10 ** rng.uniform(-4, 8, 50),
                              [0.0, 1.0, 999.5, 0.125, 1e3, 59.99, 3599.9, 86400.0, 99.96, 0.09996]])
    for kind in live.FORMATS:
        template = f"{{v:{kind}}}"
        browser = page.evaluate("([t, vs]) => vs.map(v => window.llmNapkinLive[0].fill(t, {v}))",
                                [template, numbers.tolist()])
        python = [live.fill(template, {"v": v}) for v in numbers]
        mismatches = [(v, p, b) for v, p, b in zip(numbers, python, browser) if p != b]
        assert not mismatches, f"{kind}: {mismatches[:5]}"


def test_the_browser_labels_axis_ticks_as_matplotlib_does(pages):
    page = pages(next(iter(VIEWS)))
    decades = [m * 10.0**p for p in range(-9, 16) for m in (1, 2, 5)]
    numbers = decades + list(np.random.default_rng(16).uniform(-1e3, 1e3, 100))
    browser = page.evaluate("vs => vs.map(v => window.llmNapkinLive[0].tick(v))", numbers)
    mismatches = [(v, plotstyle._plain(v), b) for v, b in zip(numbers, browser)
                  if plotstyle._plain(v) != b]
    assert not mismatches, mismatches[:5]


def test_log_axes_label_exact_powers_of_ten(pages):
    # uPlot labels a log axis only at splits whose leading digit is 1: 10 ** -4 is 9.999...e-5
    # in JavaScript, so the splits must be the decimal numbers themselves.
    page = pages(next(iter(VIEWS)))
    splits = page.evaluate("window.llmNapkinLive[0].logSplits(null, null, 1e-5, 10)")
    assert splits == [float(f"1e{p}") for p in range(-5, 2)]
    narrow = page.evaluate("window.llmNapkinLive[0].logSplits(null, null, 1e-5, 1e-4)")
    assert narrow == [1e-5, 2e-5, 5e-5, 1e-4]


@pytest.mark.parametrize("path", VIEWS)
def test_formulas_render(pages, path):
    page = pages(path)
    page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=20_000)
    assert page.locator("mjx-container").count() >= 5
    assert page.locator("mjx-merror, .MathJax_Error").count() == 0
