"""Claims of the lecture's eighth topic: ciphers and neural networks, Feistel networks and
RevNets (chapter 8)."""

from .. import avalanche, reversible
from ..catalogs import models
from ..show import fmt
from . import Claim

_L = ("pope2026lecture",)


def _curve(name):
    return avalanche.survey().curves[name]


def _opposite() -> str:
    aes, _ = avalanche.survey().aes
    return (f"A framing, not a measurable statement about trained networks (our networks are "
            f"untrained). The cipher half holds: AES-128 flips {fmt.percent(aes, 3)} of its "
            f"output bits for a one-bit input change, the ideal 50%.")


def _repeated() -> str:
    feistel = avalanche.rounds_to_avalanche(_curve("Feistel of random MLPs")[1])
    llama = models.get("Llama 3.1 70B")
    return (f"AES-128 repeats one round 10 times (FIPS 197); a Feistel network of random MLPs "
            f"reaches an avalanche within 1% of one half after {feistel} rounds; "
            f"{llama.name} repeats one block {llama.layers} times.")


def _random_network() -> str:
    s = avalanche.survey()
    depth = len(_curve("random MLP")[0])
    usual, chaotic = _curve("random MLP")[1][-1], _curve("random MLP, gain 4")[2][-1]
    return (f"Only with a large initial gain: after {depth} random tanh layers at the usual "
            f"initialisation a one-bit change flips {fmt.percent(usual)} of the output bits; at "
            f"gain 4 the mean SAC deviation is {fmt.sig(chaotic, 2)}, at the sampling noise of "
            f"{fmt.sig(avalanche.sac_noise_floor(s.samples), 2)}, like AES. It still lacks "
            f"invertibility, a key schedule and any resistance to known attacks.")


def _differential() -> str:
    sv = avalanche.jacobian_survey()
    rms = {name: float((v[-1] ** 2).mean() ** 0.5)  # RMS singular value = avalanche.rms_gain
           for name, v in sv.items()}
    return (f"RMS Jacobian singular value after {len(next(iter(sv.values())))} layers: "
            f"{fmt.sig(rms['random MLP, gain 4'])} for the chaotic (cipher-like) stack, "
            f"{fmt.sig(rms['residual + norm'])} with residuals and normalisation, "
            f"{fmt.sig(rms['random MLP'])} at the usual initialisation. The analogy is loose: "
            f"cryptanalysis tracks XOR differences over bits and their probabilities, not "
            f"derivatives.")


def _feistel() -> str:
    err32 = reversible.reconstruction_error(64, 64, "fp32")[-1]
    err16 = reversible.reconstruction_error(64, 64, "bf16")
    return (f"SymPy inverts both for any round function. Rebuilt through 64 random blocks, the "
            f"input is off by {err32:.1e} (relative) in float32 but by "
            f"{fmt.percent(err16[7])} after 8 blocks and {fmt.percent(err16[-1])} after 64 in "
            f"bfloat16.")


def _memory() -> str:
    t = reversible.trade("Llama 3.1 70B", "H100 SXM")
    more = reversible.training_flops_per_token(1, 1) / reversible.training_flops_per_token(1) - 1
    return (f"For a {t.model}-shaped network and {t.tokens:,} tokens: "
            f"{fmt.si(t.plain_bytes, 'B')} of activations plain, "
            f"{fmt.si(t.reversible_bytes, 'B')} reversible, for {fmt.percent(more)} more "
            f"training FLOP.")


def _kv() -> str:
    t = reversible.trade("Llama 3.1 70B", "H100 SXM")
    return (f"The KV cache saves {fmt.sig(t.kv_flops_per_byte)} FLOP per byte it keeps, "
            f"{fmt.sig(t.kv_flops_per_byte / t.ridge_point)} times the {t.chip}'s ridge point of "
            f"{fmt.sig(t.ridge_point)}; recomputing spends {fmt.sig(t.recompute_flops_per_byte)} "
            f"FLOP per byte freed, {fmt.sig(t.recompute_flops_per_byte / t.ridge_point)} times "
            f"it, so it pays only when memory capacity binds. Activation checkpointing makes the "
            f"same trade and is routine in training.")


CLAIMS = (
    Claim("ciphers.opposite",
          "Ciphers and neural networks both mix information across all their inputs, in "
          "opposite directions: ciphers make structure look random, networks find structure.",
          "not testable here", _opposite, sources=_L + ("fips197",)),
    Claim("ciphers.repeated-layers",
          "Both do it with many repeated layers of simple mixing.", "holds", _repeated,
          sources=_L + ("fips197", "llama3")),
    Claim("ciphers.random-network",
          "A randomly initialised neural network is already a decent cipher; the hard part is "
          "making it useful for computation.", "holds with a caveat", _random_network,
          sources=_L + ("poole2016chaos", "webster1985sac")),
    Claim("ciphers.differential-gradient",
          "Differential cryptanalysis resembles a gradient: ciphers push output differences up, "
          "trainable networks keep gradients stable with residual connections and normalisation.",
          "holds with a caveat", _differential, sources=_L + ("biham1991differential",)),
    Claim("ciphers.feistel-revnet",
          "The Feistel network, which builds invertible functions from non-invertible parts, "
          "came into deep learning as the RevNet (2017).", "holds", _feistel,
          sources=_L + ("feistel1973", "gomez2017revnet")),
    Claim("ciphers.revnet-memory",
          "RevNets recompute activations in the backward pass instead of storing them, saving "
          "training memory at the cost of compute.", "holds", _memory,
          sources=_L + ("gomez2017revnet", "korthikanti2022activation")),
    Claim("ciphers.kv-inverse",
          "The KV cache makes the opposite trade, memory for compute; with today's hardware it "
          "is generally the more profitable one.", "holds with a caveat", _kv,
          sources=_L + ("korthikanti2022activation", "chen2016sublinear")),
)
