"""The one way every chapter builds a widget: controls feeding a pure view function.

A view is a function from control values to (charts.Chart, readout text). It keeps no state, so
the same call draws the static figure on the page (charts.draw) and every redraw of the live
widget. A ValueError from the view is shown as its message in the readout, never as a traceback.
"""

import html
import io
import math
from collections.abc import Callable, Sequence

import ipywidgets as w
import matplotlib

from ..catalogs import hardware, models
from ..catalogs.precision import PRECISIONS
from . import charts

_STYLE = {"description_width": "initial"}
_LAYOUT = w.Layout(width="300px")


def choice(description: str, options: Sequence, value) -> w.Dropdown:
    """A drop-down list."""
    return w.Dropdown(description=description, options=list(options), value=value, style=_STYLE,
                      layout=_LAYOUT)


def slider(description: str, low: float, high: float, value: float, step: float) -> w.FloatSlider:
    """A linear slider."""
    return w.FloatSlider(description=description, min=low, max=high, value=value, step=step,
                         style=_STYLE, layout=_LAYOUT, continuous_update=False)


def count_slider(description: str, low: int, high: int, value: int) -> w.IntSlider:
    """A slider over whole numbers (experts, GPUs, racks)."""
    return w.IntSlider(description=description, min=low, max=high, value=value, style=_STYLE,
                       layout=_LAYOUT, continuous_update=False)


def log_slider(description: str, low: float, high: float, value: float) -> w.FloatLogSlider:
    """A slider whose steps are powers of two from `low` to `high`."""
    return w.FloatLogSlider(description=description, base=2, min=math.log2(low),
                            max=math.log2(high), value=value, step=0.25, style=_STYLE, layout=_LAYOUT,
                            readout_format=".4g", continuous_update=False)


_SVG = {"svg.fonttype": "none", "svg.hashsalt": "llm_napkin"}


def svg(fig) -> bytes:
    """The figure as SVG bytes, for the live widget. The browser draws the text (fonttype
    'none'), so a redraw skips rasterizing every glyph, which is most of the cost of a PNG: an
    SVG takes about half the time and stays sharp at any zoom. Saving directly skips the
    notebook's tight bounding box, which would double the time of a redraw; no date is written,
    so the same chart gives the same bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(_SVG):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def deployment_choices(defaults: dict, model_names: Sequence[str] | None = None) -> dict:
    """Drop-down lists for the chip, the model (every catalog model unless `model_names` narrows
    them) and the precision, starting from `defaults`; a view takes them as chip=, model=,
    precision=."""
    return {
        "chip": choice("chip", hardware.names(), defaults["chip"]),
        "model": choice("model", model_names or models.names(), defaults["model"]),
        "precision": choice("precision", PRECISIONS, defaults["precision"]),
    }


class Explorer(w.VBox):
    """Controls above a figure and a one-paragraph readout, redrawn on every change."""

    def __init__(self, view: Callable, controls: dict[str, w.ValueWidget]):
        self.view = view
        self.controls = controls
        self.canvas = charts.Canvas()
        self.plot = w.Image(format="svg+xml", layout=w.Layout(width="100%", max_width="720px"))
        self.readout = w.HTML()
        for control in controls.values():
            control.observe(self.redraw, names="value")
        grid = w.GridBox(list(controls.values()),
                         layout=w.Layout(grid_template_columns="repeat(2, 310px)"))
        super().__init__([grid, self.plot, self.readout])
        self.redraw()

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, **values) -> None:
        """Set several controls at once (by name) and redraw once, not once per control."""
        for control in self.controls.values():
            control.unobserve(self.redraw, names="value")
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            for control in self.controls.values():
                control.observe(self.redraw, names="value")
        self.redraw()

    def redraw(self, change=None) -> None:
        """Call the view with the current values and show its figure and readout."""
        try:
            chart, text = self.view(**self.values())
        except ValueError as error:
            self.readout.value = f"<b>Cannot show this:</b> {html.escape(str(error))}"
            return
        self.plot.value = svg(self.canvas.show(chart))
        self.readout.value = html.escape(text).replace("\n", "<br>")
