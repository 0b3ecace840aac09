"""Chapter 6's widget: a price list read backwards."""

import json

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin import price_inversion
from llm_napkin.catalogs import hardware
from llm_napkin.catalogs.precision import PRECISIONS
from llm_napkin.show import charts, live
from llm_napkin.show.views import prices as view_module

from helpers import control_values, item, markers

# Defaults: Gemini 2.5 Pro's list ($1.25 in, $10 out, $0.31 cached, 50% more above 200,000
# tokens) served by 100B active of 1T parameters in fp8 on H100s (1,978.9 TFLOP/s in fp8,
# 3.35 TB/s, 80 GB).


def shown(line):
    """The part of a curve inside its panel's x range (the grid spans both panels)."""
    return np.isfinite(line.y)


def test_kv_panel_draws_the_inversion():
    chart, text = view_module.view()
    curve = item(chart, 0, "KV bytes where reading = multiplies")
    dot, = markers(chart, 0)
    # 2 x 100e9 / (threshold x 1978.9e12 / 3.35e12): falls as one over the threshold
    assert np.allclose(curve.y * curve.x, 2e11 * 3.35e12 / 1978.9e12)
    assert dot.x == 200_000
    assert dot.y == pytest.approx(2e11 * 3.35e12 / 1978.9e12 / 200_000)  # 1,693 bytes
    assert chart.panels[0].xlim == (2**14, 2**21)
    # one shared layer of 8 KV heads x 128, key and value, 1 byte each in fp8
    assert item(chart, 0, "8 KV heads × 128, one layer shared, fp8").y == 2 * 8 * 128
    assert "1,690 bytes per token" in text and "846 if the 50.0% surcharge" in text
    assert "5 minutes → NVMe flash" in text


def test_ratio_panel_meets_the_price_ratio_at_the_implied_batch():
    chart, text = view_module.view()
    model = item(chart, 1, "model: decode / prefill time")
    price = item(chart, 1, "price ratio 8.00")
    implied = item(chart, 1, "batch the prices imply")
    assert price.y == pytest.approx(8)  # $10 / $1.25
    drawn = shown(model)
    assert model.x[drawn][-1] == pytest.approx(2**16) and chart.panels[1].xlim == (1, 2**16)
    assert np.all(np.diff(model.y[drawn]) <= 1e-12)  # the ratio falls with the batch
    assert np.interp(np.log(implied.x), np.log(model.x[drawn]), model.y[drawn]) == \
        pytest.approx(8, rel=0.02)
    assert "12% of the compute roof" in text and "batch of 394 (knee 5,910)" in text


def test_the_implied_batch_and_the_knee_by_hand():
    values = live.evaluate(view_module.LIVE)
    # decode reads 100,000 tokens, half the threshold, so each sequence's KV read takes half its
    # multiplies N / F; the weight read W / bw is shared. The knee: W / bw = B N / F, so
    # B = W F / (bw N) = 1e12 x 1978.9e12 / (3.35e12 x 100e9) = 5,907
    knee = 1e12 * 1978.9e12 / (3.35e12 * 100e9)
    assert values["knee"] == pytest.approx(knee)
    # the ratio 8: W / bw / B + N / F = 8 x 2 N / F, so B = knee / 15 = 394
    assert values["batch"] == pytest.approx(knee / 15)
    # past the knee decode is compute bound, as fast per token as prefill: the ratio is 1
    model = item(view_module.view()[0], 1, "model: decode / prefill time")
    assert np.allclose(model.y[(model.x > knee) & shown(model)], 1)


def test_bad_parameters_and_prices_are_said_plainly():
    chart, text = view_module.view(total_b=2)
    assert "no batch: the total parameters (2.00B) must be at least the active ones (100B)" in text
    assert not np.any(shown(item(chart, 1, "model: decode / prefill time")))
    _, text = view_module.view(output_price=1, input_price=2)
    assert "output priced BELOW input" in text
    _, text = view_module.view(cached_price=2.5)
    assert "Cache hits at 200% of the input price (ABOVE it, though recomputing" in text
    assert "ABOVE" not in view_module.view()[1]


def test_a_chip_without_the_precision_is_refused_with_a_message():
    chip = next(c for c in hardware.names() if hardware.get(c).fp4_flops is None)
    with pytest.raises(ValueError, match=f"{chip} has no 'fp4'"):
        view_module.view(chip=chip, precision="fp4")
    rows = live.compile_view(view_module.LIVE)["tables"][0]["rows"]
    key = f"{hardware.names().index(chip)},{PRECISIONS.index('fp4')}"
    assert "has no 'fp4'" in rows[key]["error"]


def test_counts_are_whole_numbers_and_the_page_stays_small():
    assert view_module.view(threshold=100_000.6)[1].count("100,000.5") == 0
    assert "decode read at 50,000 tokens" in view_module.view(threshold=100_000.4)[1]
    assert view_module.LIVE.controls["threshold"].integer
    assert len(json.dumps(live.compile_view(view_module.LIVE))) < 200_000


def test_the_surcharge_reads_as_a_share_of_the_crossover():
    values = live.evaluate(view_module.LIVE, surcharge=150)
    assert values["kv_added"] == pytest.approx(1.5 * values["kv"])
    assert live.evaluate(view_module.LIVE, surcharge=0)["kv_added"] == 0
    assert values["kv"] == pytest.approx(price_inversion.kv_bytes_at_crossover(
        200_000, active_params=100e9, flops=1978.9e12, bandwidth=3.35e12))


@given(values=control_values(view_module.explorer().controls))
@settings(max_examples=25, deadline=None)
def test_random_control_values_draw_or_refuse_with_a_message(values):
    try:
        chart, text = view_module.view(**values)
    except ValueError as error:
        assert "matmul rate" in str(error)
    else:
        charts.draw(chart)
        assert text.startswith("KV cache: ")
