import json

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin import avalanche
from llm_napkin.show import charts, live
from llm_napkin.show.charts import Span
from llm_napkin.show.views import ciphers

from helpers import control_values, item

FIGURES = 5e-4  # the tables keep 4 significant figures: at most half a unit in the 4th


def direct(depth, width, residual=False, norm=False, gain=1.0):
    """The chapter's measurement of one stack of `depth` layers, made here from scratch:
    (avalanche, SAC deviation, RMS singular value, largest singular value) after each layer."""
    net = avalanche.random_mlp(depth, width, residual, norm, gain)
    blocks = avalanche.random_bits(ciphers.SAMPLES, width, 0)
    flips = np.linspace(0, width - 1, min(ciphers.FLIPPED, width)).astype(int)
    p = avalanche.flip_probabilities(net.encrypt_bits, blocks, flips)
    jac = net.jacobians(avalanche.signs(blocks[0]))
    return (avalanche.avalanche(p), avalanche.sac_deviation(p), avalanche.rms_gain(jac),
            avalanche.singular_values(jac)[:, 0])


def test_ciphers_view_draws_avalanche_and_jacobian_against_depth():
    chart, text = ciphers.view(**ciphers.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert chart.title == "Random plain tanh MLP, width 128, gain 1"
    flips, sac = item(chart, 0, "bits that flip"), item(chart, 0, "SAC deviation |p − ½|")
    assert item(chart, 0, "ideal cipher").y == 0.5
    # The tables hold one 64-layer stack; a 32-layer stack is its first 32 layers.
    assert list(flips.x) == list(range(1, 65))
    assert np.isnan(flips.y[32:]).all() and np.isnan(sac.y[32:]).all()
    want = direct(32, 128)
    assert np.allclose(flips.y[:32], want[0], rtol=FIGURES, atol=0)
    assert np.allclose(sac.y[:32], want[1], rtol=FIGURES, atol=0)
    assert flips.y[31] < 0.15  # the standard initialisation scrambles little
    rms = item(chart, 1, "growth of a small change")
    assert np.allclose(rms.y[:32], want[2], rtol=FIGURES, atol=0)
    assert item(chart, 1, "neither grows nor shrinks").y == 1
    # the grey band covers the layers this stack does not have
    band = item(chart, 0, "deeper than this stack")
    assert (band.start, band.end) == (32, 64)
    # whole decades around the data (0.17 to 0.68) and the line at 1
    assert chart.panels[1].ylim == (0.1, 1)
    assert text.startswith("After 32 layers a one-bit input change flips ")
    assert "of the 128 output bits" in text


def test_ciphers_readout_reads_the_measurement_at_the_depth():
    _, text = ciphers.view(depth=20, width=64)
    flips, sac, rms, top = (v[19] for v in direct(20, 64))
    assert f"flips {100 * flips:.2g}%" in text
    assert f"SAC deviation is {sac:.2f}" in text
    # sampling noise of the SAC with 8 inputs: 1 / sqrt(2 pi 8) = 0.141
    assert "about 0.14 with 8 samples" in text
    assert f"{rms:.3g} times as large" in text and f"direction {top:.3g} times" in text


def test_ciphers_view_follows_gain_and_residual():
    chaotic, text = ciphers.view(depth=32, width=64, gain=4)
    assert item(chaotic, 0, "bits that flip").y[31] > 0.4
    assert item(chaotic, 1, "growth of a small change").y[31] > 1e3
    assert "within a point of an ideal cipher's 50%" in text and "change of the input grows" in text
    residual, text = ciphers.view(depth=32, width=64, residual=True, norm=True, gain=1)
    assert item(residual, 0, "bits that flip").y[31] < 0.15
    assert residual.title == "Random residual + norm tanh MLP, width 64, gain 1"
    assert "short of an ideal cipher's 50%" in text


def test_ciphers_readout_says_whether_a_change_grows_or_shrinks_in_readable_numbers():
    assert "change of the input shrinks: it comes out 0.168 times" in ciphers.view()[1]
    # gain 0.5 without residuals: each layer roughly halves a change, 64 layers ~1e-20
    tiny = ciphers.view(depth=64, gain=0.5)[1]
    rms = direct(64, 128, gain=0.5)[2][-1]
    assert 1e-21 < rms < 1e-19
    assert "shrinks: it comes out 4.5 × 10⁻²⁰ times as large" in tiny
    huge = ciphers.view(depth=64, gain=4)[1]
    assert "grows: it comes out 3 × 10¹¹ times as large" in huge
    assert "After 1 layer a" in ciphers.view(depth=1)[1]


def test_ciphers_view_rejects_bad_input_with_a_message():
    with pytest.raises(ValueError, match="width"):
        ciphers.view(width=1)
    with pytest.raises(ValueError, match="gain"):
        ciphers.view(gain=0)
    for depth in (0, 65):
        with pytest.raises(ValueError, match="depth must be 1 to 64"):
            ciphers.view(depth=depth)


def test_ciphers_controls_are_whole_depths_and_a_few_choices():
    depth = ciphers.LIVE.controls["depth"]
    assert isinstance(depth, live.Slider) and depth.integer and depth.unit == "int"
    assert ciphers.view(depth=12.6)[1].startswith("After 13 layers")
    assert all(isinstance(ciphers.LIVE.controls[k], live.Choice)
               for k in ("width", "residual", "norm", "gain"))


def test_ciphers_page_carries_every_measurement_in_a_small_table():
    spec = live.compile_view(ciphers.LIVE)
    rows = spec["tables"][0]["rows"]
    assert len(rows) == 4 * 2 * 2 * 4 and not any("error" in r for r in rows.values())
    assert all(len(r[k]) == 64 for r in rows.values() for k in ("flipped", "sac", "rms", "top"))
    assert len(json.dumps(spec)) < 200_000
    # the browser reads the depth's entry of the arrays, and the noise floor from its formula
    assert spec["formulas"]["flipped_here"] == "d.flipped[c.depth - 1]"
    assert "Math.PI" in spec["formulas"]["noise"]


def test_ciphers_explorer_links_its_controls_to_a_live_chart():
    box = ciphers.explorer()
    assert set(box.controls) == {"depth", "width", "residual", "norm", "gain"}
    assert box.controls["depth"].value == 32 and box.controls["gain"].value == 1
    chart = box.children[-1]
    assert isinstance(chart, live.LiveChart) and chart.spec["title"] == ciphers.LIVE.title


@given(values=control_values(ciphers.explorer().controls))
@settings(max_examples=20, deadline=None)
def test_random_control_values_draw(values):
    chart, text = ciphers.view(**values)
    charts.draw(chart)
    assert text.startswith(f"After {values['depth']} layer")
    bands = [i for i in chart.panels[0].items if isinstance(i, Span)]
    assert len(bands) == (values["depth"] < 64)
