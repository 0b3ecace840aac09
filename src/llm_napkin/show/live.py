"""Widgets that run in the reader's browser: the model's formulas, printed to JavaScript.

A chapter describes its widget once, as a `LiveView`: its controls, the catalog numbers each
choice of chip or model selects (`Table`), the formulas of the model it plots (a function called
with SymPy symbols for the controls and the catalog numbers), its panels and its readout. The same
description then serves three ways:

- `evaluate`, `chart` and `readout` call the formulas with numbers (NumPy): the page's static
  figure, the PDF, and the tests;
- `compile_view` calls them with symbols and prints each result with SymPy's JavaScript printer,
  so the browser runs the very formulas the chapter derives (a formula the printer cannot print
  stops the build);
- `explorer` shows the controls beside a `LiveChart`, an anywidget whose front end (live.js, with
  the uPlot charting library) evaluates those printed formulas on every move of a control. It
  needs no kernel, so it stays live on the static site, and it works the same in JupyterLab,
  Binder and Colab.

Text in titles, legends and the readout is a template: `{name}` or `{name:kind arg}`, where name is
a control, a catalog number or a formula, and kind one of FORMATS (the `fmt` functions, which
live.js implements identically).
"""

import itertools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import anywidget
import ipywidgets as w
import numpy as np
import sympy as sp
import traitlets
from sympy.printing.jscode import JavascriptCodePrinter

from . import charts, fmt

# -- Controls ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slider:
    """A slider from `low` to `high`: linear with `step`, or (log=True) in steps of a quarter
    power of two; integer=True for counts, whose log sliders step by whole powers of two.
    `unit` names the format of the slider's own readout (see _D3)."""

    label: str
    low: float
    high: float
    default: float
    step: float = 1
    log: bool = False
    integer: bool = False
    unit: str = "sig"

    def widget(self) -> w.ValueWidget:
        """The ipywidgets slider for this control."""
        style, layout = {"description_width": "initial"}, w.Layout(width="300px")
        common = dict(description=self.label, value=self.default, style=style, layout=layout,
                      continuous_update=True, readout_format=_D3[self.unit])
        if self.log:
            # The browser's slider snaps to min + k x step, so the steps are counted from the
            # default, which the page then shows as it is; the ends stay within low and high.
            # Counts step by whole powers of two.
            at, step = math.log2(self.default), 1 if self.integer else _LOG_STEP
            below, above = (math.floor(round(span / step, 9)) for span in
                            (at - math.log2(self.low), math.log2(self.high) - at))
            return w.FloatLogSlider(base=2, min=at - below * step, max=at + above * step,
                                    step=step, **common)
        kind = w.IntSlider if self.integer else w.FloatSlider
        return kind(min=self.low, max=self.high, step=self.step, **common)

    def clean(self, value: float) -> float:
        """The value the slider shows for `value`: rounded to a whole number for counts."""
        return round(value) if self.integer else value


@dataclass(frozen=True)
class Choice:
    """A drop-down list. Its options feed each catalog table (`Table`) that names it, or, when
    they are numbers that no table names, the formulas directly."""

    label: str
    options: tuple
    default: object

    def widget(self) -> w.Dropdown:
        """The ipywidgets drop-down list for this control."""
        return w.Dropdown(description=self.label, options=list(self.options), value=self.default,
                          style={"description_width": "initial"}, layout=w.Layout(width="300px"))


_LOG_STEP = 0.25  # a log slider's step, in powers of two

# ipywidgets shows a slider's value with a d3-format string; these match the book's formats as
# closely as the formats ipywidgets accepts allow (no "~", which trims trailing zeros).
_D3 = {"sig": ",.3r", "int": ",d", "dollars": "$,.2f", "percent": ",.0f", "count": ",.3s"}


@dataclass(frozen=True)
class Table:
    """Catalog numbers that depend only on the choices `keys`: `numbers(**choices)` returns a
    dict of numbers (or strings, for text; or arrays, which formulas index as d["name"][i] and
    panels may draw as curves over the grid), or raises ValueError for a combination the model
    refuses, whose message the widget then shows."""

    keys: tuple
    numbers: Callable[..., dict]


# -- The description of a widget -----------------------------------------------------------------


@dataclass(frozen=True)
class When:
    """Readout text that depends on a formula: `yes` where its value is true (or above 0)."""

    condition: str
    yes: str
    no: str = ""


@dataclass(frozen=True)
class LiveView:
    """Everything a live widget shows. `formulas(c, d, x)` returns {name: value} from the
    controls `c`, the catalog numbers `d` (both dicts by name) and the x axis `x` of the curves;
    called with numbers and with SymPy symbols. Panels' items name what they draw: a `charts.Line`
    whose x is "x" is a curve over `grid`, one whose x and y are scalar formulas is a point; HLine,
    VLine and Span take formula names too. An item whose value is not a number (NaN) is not
    drawn, which is how a formula hides an item."""

    controls: dict
    tables: tuple
    formulas: Callable[[dict, dict, object], dict]
    grid: np.ndarray
    title: str
    panels: tuple
    readout: tuple = ()
    defaults: dict = field(default_factory=dict)

    def __post_init__(self):
        defaults = {name: c.default for name, c in self.controls.items()}
        object.__setattr__(self, "defaults", defaults)


FORMATS = {
    "sig": lambda v, a: fmt.sig(v, int(a or 3)),
    "int": lambda v, a: f"{round(v):,d}",
    "si": lambda v, a: fmt.si(v, a or ""),
    "seconds": lambda v, a: fmt.seconds(v),
    "count": lambda v, a: fmt.count(v),
    "sci": lambda v, a: fmt.sci(v, int(a or 2)),
    "dollars": lambda v, a: fmt.dollars(v),
    "percent": lambda v, a: fmt.percent(v, int(a or 2)),
    "plural": lambda v, a: "" if v == 1 else (a or "s"),
}
_SLOT = re.compile(r"\{(\w+)(?::(\w+)(?: ([^}]*))?)?\}")


def fill(template: str, values: dict) -> str:
    """`template` with each {name:kind arg} slot replaced by values[name] formatted by kind."""
    def one(match):
        name, kind, arg = match.groups()
        if name not in values:
            raise KeyError(f"template slot {{{name}}} names nothing the view defines")
        value = values[name]
        if isinstance(value, str) or kind is None:
            return str(value)
        return FORMATS[kind](float(value), arg)
    return _SLOT.sub(one, template)


# -- Numbers: the static figure, the PDF and the tests --------------------------------------------


def table_numbers(view: LiveView, choices: dict) -> dict:
    """The catalog numbers of every table of `view` for one set of choices (ValueError if the
    model refuses the combination)."""
    numbers = {}
    for table in view.tables:
        numbers.update(table.numbers(**{k: choices[k] for k in table.keys}))
    return numbers


def evaluate(view: LiveView, **values) -> dict:
    """Every control, catalog number and formula of `view` at the controls' `values` (defaults
    for any left out), by name; curves are arrays over view.grid."""
    values = {**view.defaults, **values}
    c = {name: control.clean(values[name]) if isinstance(control, Slider) else values[name]
         for name, control in view.controls.items()}
    d = table_numbers(view, c)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = _named(view.formulas(c, d, view.grid), c, d)
    return {"x": view.grid, **c, **d, **f}


def _named(formulas: dict, c: dict, d: dict) -> dict:
    """`formulas`, once sure that none takes the name of a control or a catalog number."""
    clash = sorted(set(formulas) & (set(c) | set(d) | {"x"}))
    if clash:
        raise ValueError(f"formulas {clash} reuse the name of a control or catalog number")
    return formulas


def _drawn(item, values: dict):
    """The charts item with names replaced by values, or None when a value is NaN."""
    names = {"Line": ("x", "y"), "HLine": ("y",), "VLine": ("x",), "Span": ("start", "end")}
    resolved = {}
    for name in names[type(item).__name__]:
        value = np.asarray(values[getattr(item, name)], dtype=float)
        if value.ndim == 0 and not np.isfinite(value):
            return None
        resolved[name] = value if value.ndim else float(value)
    label = fill(item.label, values) if item.label else None
    return type(item)(**{**item.__dict__, **resolved, "label": label})


def chart(view: LiveView, **values) -> charts.Chart:
    """The figure `view` shows at `values`, for matplotlib (the page's image and the PDF)."""
    numbers = evaluate(view, **values)
    panels = tuple(
        charts.Panel(**{**p.__dict__, "title": fill(p.title, numbers),
                        "items": tuple(filter(None, (_drawn(i, numbers) for i in p.items)))})
        for p in view.panels)
    return charts.Chart(panels, title=fill(view.title, numbers))


def readout(view: LiveView, **values) -> str:
    """The readout `view` shows at `values`, as plain text."""
    numbers = evaluate(view, **values)
    parts = []
    for piece in view.readout:
        if isinstance(piece, When):
            piece = piece.yes if _true(numbers[piece.condition]) else piece.no
        parts.append(fill(piece, numbers))
    return "".join(parts)


def _true(value) -> bool:
    return bool(value > 0) if not isinstance(value, (bool, np.bool_)) else bool(value)


# -- JavaScript: the browser's copy of the formulas -----------------------------------------------


def symbols(view: LiveView) -> tuple[dict, dict, sp.Symbol]:
    """SymPy symbols for the controls (printed c.name), the catalog numbers (d.name; an
    IndexedBase for an array) and x."""
    c = {name: sp.Symbol(f"c.{name}", real=True, nonnegative=True) for name in view.controls}
    sample = table_numbers(view, view.defaults)
    d = {name: sp.IndexedBase(f"d.{name}") if np.ndim(v) else
         sp.Symbol(f"d.{name}", real=True, nonnegative=True)
         for name, v in sample.items() if not isinstance(v, str)}
    return c, d, sp.Symbol("x", positive=True)


def symbolic_formulas(view: LiveView) -> dict[str, sp.Expr]:
    """Each formula of `view` as a SymPy expression in the symbols of `symbols`."""
    c, d, x = symbols(view)
    return {name: sp.sympify(expr) for name, expr in _named(view.formulas(c, d, x), c, d).items()}


class _Printer(JavascriptCodePrinter):
    """SymPy's JavaScript printer, with NaN (a hidden item) and truth values. Like its parent,
    it raises on anything it cannot print, so a formula the browser cannot run stops the build."""

    def _print_NaN(self, expr):
        return "NaN"

    def _print_BooleanTrue(self, expr):
        return "true"

    def _print_BooleanFalse(self, expr):
        return "false"

    def _print_Indexed(self, expr):  # one index into a table's array
        index, = expr.indices
        return f"{self._print(expr.base.label)}[{self._print(index)}]"


def javascript(expr) -> str:
    """`expr` as a JavaScript expression (Math.max, conditionals for Piecewise, ...)."""
    return _Printer({"strict": True}).doprint(expr)


def _function_body(expr) -> str:
    """`expr` as one JavaScript expression, each subexpression it repeats computed once (SymPy's
    common-subexpression elimination, as constants of an arrow function called in place): the
    repeats of a long derivation would otherwise make the page many times larger."""
    shared, (result,) = sp.cse(expr, symbols=sp.numbered_symbols("_v"))
    if not shared:
        return javascript(result)
    consts = "".join(f"const {name} = {javascript(value)}; " for name, value in shared)
    return f"(() => {{ {consts}return {javascript(result)}; }})()"


def _options(control: Choice) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def compile_tables(view: LiveView) -> list[dict]:
    """Each table's numbers for every combination of its choices, keyed by their indices
    ("2,0"), with {"error": message} where the model refuses the combination."""
    compiled = []
    for table in view.tables:
        options = [_options(view.controls[k]) for k in table.keys]
        rows = {}
        for indices in itertools.product(*(range(len(o)) for o in options)):
            choice = {k: o[i] for k, o, i in zip(table.keys, options, indices)}
            try:
                rows[",".join(map(str, indices))] = {
                    k: v if isinstance(v, str) else np.asarray(v, dtype=float).tolist()
                    for k, v in table.numbers(**choice).items()}
            except ValueError as error:
                rows[",".join(map(str, indices))] = {"error": str(error)}
        compiled.append({"keys": list(table.keys), "rows": rows})
    return compiled


def _item_spec(item) -> dict:
    return {"kind": type(item).__name__, **{k: v for k, v in item.__dict__.items()}}


def compile_view(view: LiveView) -> dict:
    """The JSON the browser needs to draw `view`: formulas as JavaScript, tables, panels."""
    controls = {}
    for name, control in view.controls.items():
        spec = {"kind": type(control).__name__}
        if isinstance(control, Choice):
            spec["options"] = _options(control)
            spec["numeric"] = not any(name in t.keys for t in view.tables)
        else:
            spec["integer"] = control.integer
        controls[name] = spec
    panels = [{**{k: v for k, v in p.__dict__.items() if k != "items"},
               "items": [_item_spec(i) for i in p.items]} for p in view.panels]
    formulas = symbolic_formulas(view)
    curves = [name for name, expr in formulas.items() if sp.Symbol("x", positive=True) in
              expr.free_symbols]
    return json.loads(json.dumps({
        "controls": controls, "tables": compile_tables(view), "curves": curves,
        "formulas": {name: _function_body(expr) for name, expr in formulas.items()},
        "grid": [float(v) for v in view.grid], "title": view.title, "panels": panels,
        "readout": [p if isinstance(p, str) else p.__dict__ for p in view.readout],
    }, allow_nan=False))


# -- The widget -----------------------------------------------------------------------------------


def _front_end() -> tuple[str, str]:
    """The widget's JavaScript module (uPlot, which defines the name uPlot, then live.js) and its
    style sheet. The uPlot files are npm's, copied by `make js` (package-lock.json pins them)."""
    folder = resources.files(__package__) / "js"
    read = lambda name: (folder / name).read_text()  # noqa: E731
    return read("uPlot.iife.min.js") + read("live.js"), read("uPlot.min.css") + read("live.css")


class LiveChart(anywidget.AnyWidget):
    """Panels and a readout drawn in the browser from a compiled LiveView, following the
    controls it is given (widget references, so it needs no kernel)."""

    _esm, _css = _front_end()
    spec = traitlets.Dict().tag(sync=True)
    controls = traitlets.Dict().tag(sync=True, **w.widget_serialization)


def explorer(view: LiveView) -> w.VBox:
    """The view's controls above its live chart and readout."""
    controls = {name: control.widget() for name, control in view.controls.items()}
    grid = w.GridBox(list(controls.values()),
                     layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))"))
    box = w.VBox([grid, LiveChart(spec=compile_view(view), controls=controls)])
    box.controls = controls
    return box
