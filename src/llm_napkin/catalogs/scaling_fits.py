"""Published fits of Chinchilla's parametric loss L(N, D) = E + A/N^α + B/D^β, with sources.

N is parameters, D training tokens, L the pre-training loss in nats per token on the fit's own
data (MassiveText for both fits here), so losses of different fits are not comparable with each
other; what each fit implies for the compute-optimal N and D is.
"""

from dataclasses import dataclass

from . import Catalog


@dataclass(frozen=True)
class ScalingFit:
    """The five constants of L(N, D) = E + A/N^alpha + B/D^beta."""

    name: str
    E: float  #: irreducible loss, nats per token
    A: float  #: parameter term's scale
    B: float  #: data term's scale
    alpha: float  #: parameter exponent
    beta: float  #: data exponent
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    notes: str = ""


FITS = Catalog("scaling fit", (
    ScalingFit(
        name="Hoffmann 2022", aliases=("Chinchilla", "Hoffmann"),
        E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28,
        sources=("Hoffmann et al., Training Compute-Optimal Large Language Models "
                 "(arXiv:2203.15556), section 3.3 (Approach 3, fitting a parametric loss): "
                 "E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28",),
        notes="The constants as printed in the paper, rounded; Besiroglu et al. (2024) found the "
              "fit did not converge and is inconsistent with the paper's Approaches 1 and 2.",
    ),
    ScalingFit(
        name="Besiroglu 2024", aliases=("Epoch", "Besiroglu", "replication"),
        E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658,
        sources=("Besiroglu, Erdil, Barnett and You, Chinchilla Scaling: A Replication Attempt "
                 "(arXiv:2404.10102): Approach 3 refitted to the data reconstructed from "
                 "Hoffmann et al.'s Figure 4, E = 1.8172, A = 482.01, B = 2085.43, "
                 "alpha = 0.3478, beta = 0.3658",),
        notes="Its compute-optimal tokens per parameter agree with Hoffmann et al.'s "
              "Approaches 1 and 2 (about 20 at Chinchilla's budget).",
    ),
))
get = FITS.get  #: the fit called `name`
names = FITS.names  #: every fit's name
