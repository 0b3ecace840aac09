"""Chapter 8 widget: how a random network's avalanche and Jacobian grow with depth, with and
without residual connections and normalisation.

The curves are measurements of random networks, not formulas, so they are measured once per
choice of width, residual connections, normalisation and gain, for a stack of MAX_DEPTH layers
(a stack of d layers is the first d layers of a deeper one drawn with the same seed), and stored
in the widget's tables; the depth slider picks how many of those layers to show and read.
"""

import dataclasses
from functools import lru_cache

import numpy as np

from ... import avalanche, checks
from ...symbolic import where
from .. import live
from ..charts import HLine, Line, Panel, Span
from ..plotstyle import COLORS

MAX_DEPTH = 64  #: the depth slider's top, and the depth every table is measured at
LAYERS = np.arange(1, MAX_DEPTH + 1)  #: the x axis: layers 1 to MAX_DEPTH
WIDTHS = (16, 32, 64, 128)  #: bits per block, the network's width
GAINS = (0.5, 1, 2, 4)  #: initial weight gains: small, the usual, chaotic, very chaotic
SAMPLES = 8  #: random inputs per measurement
FLIPPED = 16  #: input bits flipped, spread evenly over the block
FIGURES = 4  #: significant figures the tables keep (the readout shows 2 or 3)
TOLERANCE = 0.01  #: an avalanche this close to 1/2 counts as an ideal cipher's
PLAIN = (1e-3, 1e6)  #: stretch factors in this range read as plain numbers, others as powers of ten
_ON_OFF = (("off", False), ("on", True))


def _rounded(values) -> np.ndarray:
    """`values` to FIGURES significant figures (keeps the page's tables small)."""
    return np.array([float(f"{v:.{FIGURES}g}") for v in np.asarray(values, dtype=float)])


@lru_cache(maxsize=None)
def _measure(width: int, residual: bool, norm: bool, gain: float) -> dict:
    network = avalanche.random_mlp(MAX_DEPTH, width, residual, norm, gain, seed=0)
    blocks = avalanche.random_bits(SAMPLES, width, seed=0)
    flips = np.linspace(0, width - 1, min(FLIPPED, width)).astype(int)
    p = avalanche.flip_probabilities(network.encrypt_bits, blocks, flips)
    jacobians = network.jacobians(avalanche.signs(blocks[0]))
    return dict(
        flipped=_rounded(avalanche.avalanche(p)), sac=_rounded(avalanche.sac_deviation(p)),
        rms=_rounded(avalanche.rms_gain(jacobians)),
        top=_rounded(avalanche.singular_values(jacobians)[:, 0]), samples=SAMPLES)


def stack_numbers(width, residual, norm, gain) -> dict:
    """Measurements after each of MAX_DEPTH layers of one random tanh stack, arrays over LAYERS:
    the fraction of output bits one flipped input bit flips (`flipped`), the SAC deviation
    (`sac`), the RMS and the largest singular value of the Jacobian (`rms`, `top`, stretch
    factors), and the random inputs each is measured on (`samples`). ValueError for a width
    under 2 or a gain that is not positive."""
    if int(width) != width or width < 2:
        raise ValueError(f"width must be a whole number of bits, 2 or more, got {width!r}")
    checks.positive("gain", gain)
    return dict(_measure(int(width), bool(residual), bool(norm), float(gain)))


def kind_numbers(residual, norm) -> dict:
    """The stack's kind in words, for the title."""
    return dict(kind=" + ".join(["residual"] * bool(residual) + ["norm"] * bool(norm)) or "plain")


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the layer of the curves; the curves stop at the depth."""
    def curve(name):
        return where(x <= c["depth"], d[name][x - 1], np.nan)

    def at_depth(name):
        return d[name][c["depth"] - 1]

    flipped, rms, top = at_depth("flipped"), at_depth("rms"), at_depth("top")
    return dict(
        flipped_curve=curve("flipped"), sac_curve=curve("sac"), rms_curve=curve("rms"),
        ideal=avalanche.IDEAL, unchanged=1.0,
        beyond=where(c["depth"] < MAX_DEPTH, MAX_DEPTH, np.nan),
        flipped_here=flipped, sac_here=at_depth("sac"), rms_here=rms, top_here=top,
        noise=avalanche.sac_noise_floor(d["samples"]),
        scrambled=abs(flipped - avalanche.IDEAL) <= TOLERANCE,
        grows=rms > 1,
        rms_here_plain=(rms >= PLAIN[0]) & (rms < PLAIN[1]),
        top_here_plain=(top >= PLAIN[0]) & (top < PLAIN[1]),
    )


def _stretch(name: str) -> live.When:
    """Readout text for the stretch factor `name`: plain where readable, else a power of ten."""
    return live.When(f"{name}_plain", f"{{{name}:sig}}", f"{{{name}:sci}}")


BEYOND = Span("depth", "beyond", COLORS["limit"], label="deeper than this stack")
LIVE = live.LiveView(
    controls={
        "depth": live.Slider("depth (layers)", 1, MAX_DEPTH, 32, integer=True, unit="int"),
        "width": live.Choice("width (bits)", WIDTHS, 128),
        "residual": live.Choice("residual connections", _ON_OFF, False),
        "norm": live.Choice("normalisation", _ON_OFF, False),
        "gain": live.Choice("initial weight gain", GAINS, 1),
    },
    tables=(live.Table(("width", "residual", "norm", "gain"), stack_numbers),
            live.Table(("residual", "norm"), kind_numbers)),
    formulas=formulas,
    grid=LAYERS,
    title="Random {kind} tanh MLP, width {width}, gain {gain}",
    panels=(
        Panel("Avalanche: bits flipped by one input bit", "layers", "fraction of output bits",
              legend="best", ylim=(0, 0.55), items=(
                  Line("x", "flipped_curve", COLORS["total"], label="bits that flip"),
                  Line("x", "sac_curve", COLORS["measured"], "--",
                       label="SAC deviation |p − ½|"),
                  HLine("ideal", COLORS["limit"], label="ideal cipher"), BEYOND)),
        Panel("Sensitivity to small changes", "layers", "RMS Jacobian singular value",
              ylog=True, legend="best", items=(
                  Line("x", "rms_curve", COLORS["memory"], label="growth of a small change"),
                  HLine("unchanged", COLORS["limit"], label="neither grows nor shrinks"),
                  BEYOND)),
    ),
    readout=(
        "After {depth:int} layer{depth:plural} a one-bit input change flips {flipped_here:percent} "
        "of the {width} output bits: ",
        live.When("scrambled", "within a point of an ideal cipher's 50%.",
                  "short of an ideal cipher's 50%."),
        " The mean SAC deviation is {sac_here:sig 2} (0 is ideal; sampling noise alone gives "
        "about {noise:sig 2} with {samples:int} samples).\nOn average a small change of the input ",
        live.When("grows", "grows", "shrinks"), ": it comes out ", _stretch("rms_here"),
        " times as large, and in the most sensitive direction ", _stretch("top_here"),
        " times (the largest singular value).",
    ),
)
DEFAULTS = LIVE.defaults


def _decades(values) -> tuple[float, float]:
    """Log-axis limits on the whole decades around the finite `values`, as the browser's chart
    sets them, so that the axis carries at least two labelled ticks."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    return 10.0 ** np.floor(np.log10(values.min())), 10.0 ** np.ceil(np.log10(values.max()))


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out): a random tanh
    MLP stack of `depth` layers of `width` units, weights N(0, gain²/width), with or without
    residual connections and normalisation. ValueError for a depth outside 1 to MAX_DEPTH."""
    depth = LIVE.controls["depth"].clean({**DEFAULTS, **values}["depth"])
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be 1 to {MAX_DEPTH} layers, got {depth!r}")
    chart = live.chart(LIVE, **values)
    sensitivity = chart.panels[1]
    drawn = np.concatenate([np.atleast_1d(i.y) for i in sensitivity.items
                            if isinstance(i, (Line, HLine))])
    sensitivity = dataclasses.replace(sensitivity, ylim=_decades(drawn))
    return dataclasses.replace(chart, panels=(chart.panels[0], sensitivity)), \
        live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
