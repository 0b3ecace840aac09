"""Scale-up domains: how many links and switch chips a domain of a given size needs.

A scale-up domain is the set of GPUs that share the fast network. In NVIDIA's systems every GPU
has a fixed number of NVLink links, each going to a switch chip; the switch chips have a fixed
number of ports. The formulas count what a domain of a given size needs: links, switch chips, and,
once one tier of switches cannot reach every GPU, a second tier. The shipping systems themselves,
with their sources, are in `catalogs.systems`.
"""

from . import checks
from .symbolic import ceil


def links(gpus, links_per_gpu):
    """GPU-to-switch links in a domain of `gpus` GPUs with `links_per_gpu` links each."""
    return checks.positive("gpus", gpus) * checks.positive("links_per_gpu", links_per_gpu)


def switch_chips_needed(gpus, links_per_gpu, ports_per_switch):
    """Fewest switch chips whose ports can take every GPU link (one tier of switches)."""
    return ceil(links(gpus, links_per_gpu) / checks.positive("ports_per_switch", ports_per_switch))


def largest_single_tier(ports_per_switch, links_per_gpu_per_switch=1):
    """Most GPUs one tier of switches can join so that every GPU is one switch hop from every
    other: each switch chip needs a link to every GPU, so its ports bound the GPU count."""
    return (checks.positive("ports_per_switch", ports_per_switch)
            / checks.positive("links_per_gpu_per_switch", links_per_gpu_per_switch))


def two_tier_switch_chips(gpus, links_per_gpu, ports_per_switch):
    """Switch chips of a two-tier folded Clos (leaf and spine) at full bandwidth: leaf chips use
    half their ports for GPUs and half to reach the spine, and the spine takes those links. That
    is three times the chips of a single tier."""
    half = checks.positive("ports_per_switch", ports_per_switch) / 2
    leaves = ceil(links(gpus, links_per_gpu) / half)
    return leaves + ceil(leaves * half / ports_per_switch)


def two_tier_links(gpus, links_per_gpu):
    """Links of a two-tier folded Clos at full bandwidth: GPU to leaf, and as many leaf to
    spine."""
    return 2 * links(gpus, links_per_gpu)
