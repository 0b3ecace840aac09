"""Shared by the widget tests."""

import statistics
import time

REDRAW_BUDGET_S = 0.2  # loose, for busy CI machines; a kernel here redraws in about 0.07 s


def median_redraw(explorer, control: str, values) -> float:
    """Median seconds for `explorer` to redraw as `control` takes each of `values` in turn."""
    times = []
    for value in values:
        start = time.perf_counter()
        explorer.controls[control].value = value
        times.append(time.perf_counter() - start)
    return statistics.median(times)
