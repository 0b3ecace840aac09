"""Chapter 6's widget: a price list read backwards."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_napkin import price_inversion
from llm_napkin.catalogs import hardware
from llm_napkin.show.views import prices as view_module

from helpers import REDRAW_BUDGET_S, median_redraw


def lines(panel):
    return [item for item in panel.items if hasattr(item, "x") and hasattr(item, "y")]


def test_kv_panel_draws_the_inversion():
    chart, text = view_module.view(**view_module.DEFAULTS)
    curve, dot = lines(chart.panels[0])
    h100 = hardware.get("H100 SXM")
    # 2 x 100e9 / (threshold x 1978.9e12 / 3.35e12): falls as one over the threshold
    assert np.allclose(curve.y * curve.x, 2e11 * 3.35e12 / 1978.9e12)
    assert dot.y == pytest.approx(price_inversion.kv_bytes_at_crossover(
        200_000, active_params=100e9, flops=h100.flops("fp8"), bandwidth=h100.hbm_bandwidth))
    assert "1,690 bytes per token" in text
    assert "5 minutes → NVMe flash" in text


def test_ratio_panel_meets_the_price_ratio_at_the_implied_batch():
    chart, text = view_module.view(**view_module.DEFAULTS)
    model = lines(chart.panels[1])[0]
    hlines = [i for i in chart.panels[1].items if type(i).__name__ == "HLine"]
    vlines = [i for i in chart.panels[1].items if type(i).__name__ == "VLine"]
    assert hlines[0].y == pytest.approx(8)  # $10 / $1.25
    assert np.all(np.diff(model.y) <= 1e-12)  # the ratio falls with the batch
    assert np.interp(np.log(vlines[0].x), np.log(model.x), model.y) == pytest.approx(8, rel=0.02)
    assert "12% of the compute roof" in text


def test_explorer_follows_controls_and_reports_bad_input():
    explorer = view_module.explorer()
    explorer.controls["output_price"].value = 5.0
    assert "Output costs 4" in explorer.readout.value
    explorer.controls["total_b"].value = 2
    assert "Cannot show this" in explorer.readout.value


def test_redraw_is_fast():
    explorer = view_module.explorer()
    assert median_redraw(explorer, "surcharge", (0, 25, 50, 75, 100, 150, 200)) < REDRAW_BUDGET_S


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 20), st.floats(0.1, 100), st.floats(0, 10), st.floats(16_384, 2**21),
       st.floats(0, 200), st.floats(1, 2048), st.floats(1, 8192),
       st.sampled_from(hardware.names()), st.sampled_from(("bf16", "fp8", "fp4")))
def test_random_controls_never_raise_anything_but_a_clear_error(i, o, c, t, s, a, tot, chip, p):
    try:
        view_module.view(input_price=i, output_price=o, cached_price=c, threshold=t,
                         surcharge=s, active_b=a, total_b=tot, chip=chip, precision=p)
    except ValueError as error:
        assert "total_b" in str(error) or "matmul" in str(error)
