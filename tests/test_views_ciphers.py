import numpy as np

from llm_napkin import avalanche
from llm_napkin.show import charts
from llm_napkin.show.charts import HLine, Line
from llm_napkin.show.views import ciphers

from helpers import REDRAW_BUDGET_S, median_redraw


def test_ciphers_view_draws_avalanche_and_jacobian_against_depth():
    chart, text = ciphers.view(**ciphers.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    flips, sac, ideal = chart.panels[0].items
    assert isinstance(ideal, HLine) and ideal.y == 0.5
    assert list(flips.x) == list(range(1, 33))
    net = avalanche.random_mlp(32, 128)
    blocks = avalanche.random_bits(ciphers.SAMPLES, 128, 0)
    p = avalanche.flip_probabilities(net.encrypt_bits, blocks,
                                     np.linspace(0, 127, ciphers.FLIPPED).astype(int))
    assert np.allclose(flips.y, avalanche.avalanche(p))
    assert np.allclose(sac.y, avalanche.sac_deviation(p))
    assert flips.y[-1] < 0.15  # the standard initialisation scrambles little
    rms = chart.panels[1].items[0]
    assert np.allclose(rms.y, avalanche.rms_gain(net.jacobians(avalanche.signs(blocks[0]))))
    assert "After 32 layers" in text and "of the 128 output bits" in text
    low, high = chart.panels[1].ylim
    assert low == 0.1 and high == 10  # whole decades around the data (0.17 to 0.8) and 1


def test_ciphers_view_follows_gain_and_residual():
    chaotic, text = ciphers.view(depth=32, width=64, residual=False, norm=False, gain=4)
    assert chaotic.panels[0].items[0].y[-1] > 0.4
    assert chaotic.panels[1].items[0].y[-1] > 1e3
    residual, _ = ciphers.view(depth=32, width=64, residual=True, norm=True, gain=1)
    assert residual.panels[0].items[0].y[-1] < 0.15
    assert "residual + norm" in residual.title


def test_ciphers_explorer_follows_its_controls_and_shows_bad_input():
    explorer = ciphers.explorer()
    assert "After 32 layers" in explorer.readout.value
    first = bytes(explorer.plot.value)
    explorer.controls["depth"].value = 8
    assert "After 8 layers" in explorer.readout.value
    assert bytes(explorer.plot.value) != first
    explorer.controls["residual"].value = True
    assert "residual" in explorer.readout.value or bytes(explorer.plot.value) != first
    assert "Cannot show this" not in explorer.readout.value


def test_ciphers_view_rejects_bad_input_with_a_message():
    import pytest
    with pytest.raises(ValueError, match="width"):
        ciphers.view(depth=4, width=1, residual=False, norm=False, gain=1)
    with pytest.raises(ValueError, match="gain"):
        ciphers.view(depth=4, width=16, residual=False, norm=False, gain=0)


def test_random_controls_never_raise():
    rng = np.random.default_rng(0)
    for _ in range(10):
        ciphers.view(depth=int(rng.integers(1, 65)), width=int(rng.choice([16, 32, 64, 128])),
                     residual=bool(rng.integers(2)), norm=bool(rng.integers(2)),
                     gain=float(rng.choice(np.arange(0.25, 4.01, 0.25))))


def test_ciphers_redraw_is_fast():
    explorer = ciphers.explorer()
    assert median_redraw(explorer, "depth", (8, 16, 32, 4, 24, 12, 20)) < REDRAW_BUDGET_S
