"""Claims of the lecture's eighth topic: ciphers and neural networks, Feistel networks and
RevNets."""

from . import Claim

_L = ("pope2026lecture",)

CLAIMS = (
    Claim("ciphers.opposite",
          "Ciphers and neural networks both mix information across all their inputs, in "
          "opposite directions: ciphers make structure look random, networks find structure.",
          "not yet checked", sources=_L),
    Claim("ciphers.repeated-layers",
          "Both do it with many repeated layers of simple mixing.", "not yet checked",
          sources=_L),
    Claim("ciphers.random-network",
          "A randomly initialised neural network is already a decent cipher.",
          "not yet checked", sources=_L),
    Claim("ciphers.differential-gradient",
          "Differential cryptanalysis resembles a gradient: ciphers push output differences up, "
          "trainable networks keep gradients stable with residual connections and normalisation.",
          "not yet checked", sources=_L),
    Claim("ciphers.feistel-revnet",
          "The Feistel network, which builds invertible functions from non-invertible parts, "
          "came into deep learning as the RevNet (2017).", "not yet checked", sources=_L),
    Claim("ciphers.revnet-memory",
          "RevNets recompute activations in the backward pass instead of storing them, saving "
          "training memory at the cost of compute.", "not yet checked", sources=_L),
    Claim("ciphers.kv-inverse",
          "The KV cache makes the opposite trade, memory for compute; with today's hardware it "
          "is generally the more profitable one.", "not yet checked", sources=_L),
)
