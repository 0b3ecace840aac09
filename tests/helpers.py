"""Shared by the widget tests: a way to find what a chart draws, and a strategy that draws random
values for every control of a widget."""

import ipywidgets as w
import numpy as np
from hypothesis import strategies as st


def item(chart, panel: int, label: str):
    """The item of `chart`'s panel number `panel` whose legend label is `label`."""
    found = [i for i in chart.panels[panel].items if getattr(i, "label", None) == label]
    assert len(found) == 1, f"panel {panel} has {len(found)} items labelled {label!r}"
    return found[0]


def markers(chart, panel: int) -> list:
    """The unlabelled point markers (style 'o') of `chart`'s panel number `panel`, in order."""
    return [i for i in chart.panels[panel].items
            if getattr(i, "style", None) == "o" and not i.label]


def y_at(line, x) -> float:
    """The y of `line` at `x`, interpolated on log-log axes (`x` inside the line's range)."""
    return float(np.exp(np.interp(np.log(x), np.log(line.x), np.log(line.y))))


def control_values(controls: dict) -> st.SearchStrategy:
    """Random values for every control, each within the range the control itself accepts."""
    def one(control):
        if isinstance(control, w.Dropdown):
            return st.sampled_from([o[1] if isinstance(o, tuple) else o for o in control.options])
        if isinstance(control, w.FloatLogSlider):
            return st.floats(control.min, control.max).map(lambda e: control.base ** e)
        if isinstance(control, w.IntSlider):
            return st.integers(control.min, control.max)
        if isinstance(control, w.FloatSlider):
            return st.floats(control.min, control.max)
        raise TypeError(f"no strategy for {type(control).__name__}")
    return st.fixed_dictionaries({name: one(c) for name, c in controls.items()})
