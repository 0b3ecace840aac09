"""Chapter 8 widget: how a random network's avalanche and Jacobian grow with depth, with and
without residual connections and normalisation."""

from functools import lru_cache

import numpy as np

from ... import avalanche, checks
from .. import fmt, widgets
from ..charts import Chart, HLine, Line, Panel
from ..plotstyle import COLORS

DEFAULTS = dict(depth=32, width=128, residual=False, norm=False, gain=1.0)
SAMPLES = 8  #: random inputs per measurement: small, so a redraw stays fast
FLIPPED = 16  #: input bits flipped, spread evenly over the block
_ON_OFF = [("off", False), ("on", True)]


MAX_DEPTH = 64  #: the depth slider's top: one measurement at this depth serves every depth below


@lru_cache(maxsize=4)
def _measure_deep(depth, width, residual, norm, gain, seed):
    """Every per-layer quantity of one stack, for `depth` layers. A stack of d layers is the
    first d layers of a deeper one drawn with the same seed, so this serves every depth below."""
    net = avalanche.random_mlp(depth, width, residual, norm, gain, seed)
    blocks = avalanche.random_bits(SAMPLES, width, seed)
    flips = np.linspace(0, width - 1, min(FLIPPED, width)).astype(int)
    p = avalanche.flip_probabilities(net.encrypt_bits, blocks, flips)
    jac = net.jacobians(avalanche.signs(blocks[0]))
    return (avalanche.avalanche(p), avalanche.sac_deviation(p), avalanche.rms_gain(jac),
            avalanche.singular_values(jac)[:, 0])


def measure(depth, width, residual, norm, gain, seed=0):
    """Avalanche and Jacobian of one random MLP stack after each layer: (layers, avalanche,
    SAC deviation, RMS singular value), each of length `depth`, and the largest singular value
    of the whole stack's Jacobian."""
    depth, width = int(depth), int(width)
    checks.positive("depth", depth)
    flips, sac, rms, top = _measure_deep(max(depth, MAX_DEPTH), width, bool(residual),
                                         bool(norm), float(gain), int(seed))
    return (np.arange(1, depth + 1), flips[:depth], sac[:depth], rms[:depth],
            top[depth - 1])


def _number(value) -> str:
    """A stretch factor: three significant figures, in powers of ten when it is tiny."""
    return fmt.sig(value, 3) if value >= 1e-3 else f"{value:.2e}"


def _decades(values):
    """Log-axis limits on whole decades that include `values` and 1, so at least two labelled
    ticks show however little the values vary."""
    low = max(min(float(np.min(values)), 1.0), 1e-300)
    high = max(float(np.max(values)), 1.0)
    return 10.0 ** np.floor(np.log10(low)), 10.0 ** np.ceil(np.log10(high * 1.5))


def view(depth, width, residual, norm, gain):
    """Chart and readout for a random tanh MLP stack of `depth` layers of `width` units, weights
    N(0, gain^2/width), with or without residual connections and normalisation."""
    depth, width = int(depth), int(width)
    if width < 2:
        raise ValueError(f"width must be 2 or more, got {width!r}")
    layers, flips, sac, rms, top = measure(depth, width, residual, norm, gain)
    kind = " + ".join(["residual"] * bool(residual) + ["norm"] * bool(norm)) or "plain"
    chart = Chart(title=f"Random {kind} tanh MLP, width {width}, gain {gain:g}", panels=(
        Panel("Avalanche: bits flipped by one input bit", "layers", "fraction of output bits",
              legend="center right", ylim=(0, 0.55), items=(
                  Line(layers, flips, COLORS["total"], label="bits that flip"),
                  Line(layers, sac, COLORS["measured"], "--", label="SAC deviation |p − ½|"),
                  HLine(avalanche.IDEAL, COLORS["limit"], label="ideal cipher"))),
        Panel("Sensitivity to small changes", "layers", "RMS Jacobian singular value",
              ylog=True, legend="upper left", ylim=_decades(rms), items=(
                  Line(layers, rms, COLORS["memory"], label="growth of a small change"),
                  HLine(1.0, COLORS["limit"], label="neither grows nor shrinks"))),
    ))
    readout = (
        f"After {depth} layers a one-bit input change flips {fmt.percent(flips[-1])} of the "
        f"{width} output bits (an ideal cipher: 50%); the mean SAC deviation is "
        f"{fmt.sig(sac[-1], 2)} (0 is ideal, sampling noise alone gives about "
        f"{fmt.sig(avalanche.sac_noise_floor(SAMPLES), 2)} with {SAMPLES} samples). "
        f"A small change grows by {_number(rms[-1])} on average and by at most "
        f"{_number(top)} (the largest singular value).")
    return chart, readout


def explorer() -> widgets.Explorer:
    """The chapter's widget, starting from DEFAULTS."""
    return widgets.Explorer(view, {
        "depth": widgets.count_slider("depth (layers)", 1, 64, DEFAULTS["depth"]),
        "width": widgets.choice("width (bits)", [16, 32, 64, 128], DEFAULTS["width"]),
        "residual": widgets.choice("residual connections", _ON_OFF, DEFAULTS["residual"]),
        "norm": widgets.choice("normalisation", _ON_OFF, DEFAULTS["norm"]),
        "gain": widgets.slider("initial weight gain", 0.25, 4, DEFAULTS["gain"], 0.25),
    })
