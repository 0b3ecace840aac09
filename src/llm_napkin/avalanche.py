"""Avalanche: how many output bits flip when one input bit flips, and how sensitive a network is.

A good block cipher has the **avalanche property**: flip one bit of the input and each output bit
flips with probability one half, so half of them flip on average. The **strict avalanche
criterion** (SAC, Webster and Tavares 1985) asks it of every pair: for each input bit i and
output bit j, P(output bit j flips | input bit i flips) = 1/2.

Here the same measurement runs on four kinds of machines, all mapping bit blocks to bit blocks:
a random MLP stack (bits in as ±1, bits out as signs), the same with residual connections and
normalisation, a Feistel network whose round function is a random MLP, and AES from the
`cryptography` package. For the real-valued networks the Jacobian (the derivative of the output
with respect to the input) measures sensitivity to small changes, as a differential does for a
cipher. Everything is seeded, so every number is reproducible.
"""

import operator
from dataclasses import dataclass

import numpy as np
import sympy as sp

from . import checks, reversible
from .symbolic import is_symbolic, sqrt

IDEAL = 0.5
"""The fraction of output bits a one-bit input change flips in an ideal cipher."""


def sac_noise_floor(samples):
    """Mean absolute distance from 1/2 of a flip probability estimated from `samples` inputs
    when the true probability is 1/2: sqrt(p(1-p)/n) sqrt(2/pi) = 1/sqrt(2 pi n). A measured SAC deviation near
    this floor is indistinguishable from an ideal cipher."""
    pi = sp.pi if is_symbolic(samples) else np.pi
    return 1 / sqrt(2 * pi * checks.positive("samples", samples))


def signs(bits):
    """Bits (0/1 or bool) as ±1 values, the input of a real-valued network."""
    return 2.0 * np.asarray(bits, dtype=float) - 1.0


def random_bits(samples: int, width: int, seed: int = 0) -> np.ndarray:
    """`samples` random blocks of `width` bits, shape (samples, width), bool."""
    checks.positive("samples", samples)
    checks.positive("width", width)
    return np.random.default_rng(seed).integers(0, 2, size=(int(samples), int(width))).astype(bool)


def flip_probabilities(encrypt, blocks, input_bits=None) -> np.ndarray:
    """P(output bit j flips | input bit i flips), estimated over `blocks` (samples, width bool).

    `encrypt` maps (n, width) bool to (..., n, m) bool (leading axes: one per depth, say);
    `input_bits` are the input positions to flip (default: all). Returns (..., k, m).
    """
    blocks = np.asarray(blocks, dtype=bool)
    n, width = blocks.shape
    positions = np.arange(width) if input_bits is None else np.asarray(input_bits)
    flipped = np.repeat(blocks[None], len(positions), axis=0)
    flipped[np.arange(len(positions)), :, positions] ^= True
    base = np.asarray(encrypt(blocks))
    after = np.asarray(encrypt(flipped.reshape(-1, width)))
    after = after.reshape(*after.shape[:-2], len(positions), n, after.shape[-1])
    return (after != base[..., None, :, :]).mean(axis=-2)


def avalanche(probabilities) -> np.ndarray:
    """Mean fraction of output bits that flip for a one-bit input change (ideal: 1/2)."""
    return np.asarray(probabilities).mean(axis=(-2, -1))


def sac_deviation(probabilities) -> np.ndarray:
    """Mean over (input bit, output bit) pairs of the distance of P(flip) from 1/2: 0 for a
    cipher that meets the strict avalanche criterion exactly, 1/2 for one whose bits never or always flip."""
    return np.abs(np.asarray(probabilities) - IDEAL).mean(axis=(-2, -1))


# -- AES -----------------------------------------------------------------------------------------


def aes_encrypt_bits(blocks, key: bytes | None = None, seed: int = 0) -> np.ndarray:
    """AES-128 (10 rounds) of each 128-bit block, as bits: (n, 128) bool -> (n, 128) bool.
    The key is `key`, or 16 random bytes drawn with `seed`. Electronic-codebook mode encrypts the
    blocks independently, which is what a per-block measurement needs (never use it for data)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    blocks = np.asarray(blocks, dtype=bool)
    if blocks.ndim != 2 or blocks.shape[1] != 128:
        raise ValueError(f"blocks must have shape (n, 128), got {blocks.shape!r}")
    if key is None:
        key = np.random.default_rng(seed).integers(0, 256, 16, dtype=np.uint8).tobytes()
    if len(key) != 16:
        raise ValueError(f"key must be 16 bytes (AES-128), got {len(key)!r}")
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    out = encryptor.update(np.packbits(blocks, axis=1).tobytes()) + encryptor.finalize()
    return np.unpackbits(np.frombuffer(out, dtype=np.uint8).reshape(-1, 16), axis=1).astype(bool)


# -- random MLP stacks ---------------------------------------------------------------------------


def _normalise(h):
    centred = h - h.mean(axis=-1, keepdims=True)
    return centred / np.sqrt((centred ** 2).mean(axis=-1, keepdims=True) + 1e-12)


@dataclass(frozen=True)
class RandomMLP:
    """A stack of random tanh layers, h <- tanh(W h), optionally with a residual connection
    (h <- h + tanh(W h)) and normalisation of each layer's input (zero mean, unit RMS, as
    LayerNorm without its learned scale)."""

    weights: np.ndarray  #: (depth, width, width)
    residual: bool = False
    norm: bool = False

    @property
    def depth(self) -> int:
        """Layers in the stack."""
        return self.weights.shape[0]

    def states(self, x) -> np.ndarray:
        """The input and every layer's output: (depth + 1, ..., width)."""
        h = np.asarray(x, dtype=float)
        out = [h]
        for w in self.weights:
            branch = np.tanh((_normalise(h) if self.norm else h) @ w.T)
            h = h + branch if self.residual else branch
            out.append(h)
        return np.stack(out)

    def encrypt_bits(self, blocks) -> np.ndarray:
        """Bits in as ±1, bits out as signs, after each layer: (depth, n, width) bool."""
        return self.states(signs(blocks))[1:] > 0

    def jacobians(self, x) -> np.ndarray:
        """d(layer output)/d(input) at the single input `x` (width,), after each layer:
        (depth, width, width)."""
        h = np.asarray(x, dtype=float)
        width = h.shape[-1]
        jac, out = np.eye(width), []
        for w in self.weights:
            if self.norm:
                centred = h - h.mean()
                rms = np.sqrt((centred ** 2).mean() + 1e-12)
                n = centred / rms
                d_norm = (np.eye(width) - 1 / width - np.outer(n, n) / width) / rms
                z, d_in = n, d_norm
            else:
                z, d_in = h, np.eye(width)
            branch = np.tanh(w @ z)
            d_branch = (1 - branch ** 2)[:, None] * (w @ d_in)
            step = np.eye(width) + d_branch if self.residual else d_branch
            jac = step @ jac
            h = h + branch if self.residual else branch
            out.append(jac)
        return np.stack(out)


def random_mlp(depth: int, width: int, residual: bool = False, norm: bool = False,
               gain: float = 1.0, seed: int = 0) -> RandomMLP:
    """A random MLP stack with weights N(0, gain^2 / width): gain 1 is the usual initialisation
    for tanh layers (Glorot and Bengio 2010); larger gains make the stack chaotic."""
    checks.positive("depth", depth)
    checks.positive("width", width)
    checks.positive("gain", gain)
    rng = np.random.default_rng(seed)
    weights = rng.normal(0, gain / np.sqrt(width), size=(int(depth), int(width), int(width)))
    return RandomMLP(weights, residual=bool(residual), norm=bool(norm))


def singular_values(jacobians) -> np.ndarray:
    """Singular values of each Jacobian, largest first: (..., width)."""
    return np.linalg.svd(np.asarray(jacobians), compute_uv=False)


def rms_gain(jacobians) -> np.ndarray:
    """The root-mean-square singular value of each Jacobian (its Frobenius norm over sqrt(width)):
    how much a small random input change grows, on average, through the network."""
    jacobians = np.asarray(jacobians)
    return np.sqrt((jacobians ** 2).sum(axis=(-2, -1)) / jacobians.shape[-1])


def difference_ratio(net: RandomMLP, x, direction, step) -> np.ndarray:
    """The norm of f(x + step d) - f(x) over the norm of step d after each layer, for the unit
    direction d: the differential of cryptanalysis for a change of size `step`. As the step
    shrinks it tends to the norm of J d, the Jacobian's answer."""
    x = np.asarray(x, dtype=float)
    d = np.asarray(direction, dtype=float)
    d = d / np.linalg.norm(d)
    change = net.states(x + step * d)[1:] - net.states(x)[1:]
    return np.linalg.norm(change, axis=-1) / abs(checks.positive("step", step))


# -- a Feistel network with a random-MLP round function --------------------------------------------


@dataclass(frozen=True)
class FeistelMLP:
    """A Feistel cipher on `width` bits: each round XORs the left half with a random two-layer
    MLP of the right half (bits in as ±1, bits out as signs), then swaps the halves. The MLPs'
    weights play the key; they need not be invertible for the cipher to be."""

    rounds: tuple  #: one RandomMLP per round, on width/2 bits

    def _f(self, mlp):
        return lambda right: mlp.states(signs(right))[-1] > 0

    def encrypt_bits(self, blocks) -> np.ndarray:
        """The block after each round: (rounds, n, width) bool."""
        blocks = np.asarray(blocks, dtype=bool)
        half = blocks.shape[-1] // 2
        left, right = blocks[..., :half], blocks[..., half:]
        out = []
        for mlp in self.rounds:
            left, right = reversible.feistel_round(left, right, self._f(mlp), operator.xor)
            out.append(np.concatenate([left, right], axis=-1))
        return np.stack(out)

    def decrypt_bits(self, blocks) -> np.ndarray:
        """The plaintext of `blocks` encrypted with every round: (n, width) bool."""
        blocks = np.asarray(blocks, dtype=bool)
        half = blocks.shape[-1] // 2
        left, right = blocks[..., :half], blocks[..., half:]
        for mlp in self.rounds[::-1]:
            left, right = reversible.feistel_inverse(left, right, self._f(mlp), operator.xor)
        return np.concatenate([left, right], axis=-1)


def feistel_mlp(rounds: int, width: int = 128, gain: float = 2.0, seed: int = 0) -> FeistelMLP:
    """A Feistel network of `rounds` rounds whose round functions are random two-layer tanh MLPs
    on `width`/2 bits with weights N(0, gain^2 / (width/2))."""
    checks.positive("rounds", rounds)
    checks.positive("width", width)
    if width % 2:
        raise ValueError(f"width must be even (two halves), got {width!r}")
    return FeistelMLP(tuple(random_mlp(2, width // 2, gain=gain, seed=seed + 1000 * r)
                            for r in range(int(rounds))))


# -- the chapter's survey: every machine measured the same way -----------------------------------

NETWORKS = {
    "random MLP": dict(residual=False, norm=False, gain=1.0),
    "random MLP, gain 4": dict(residual=False, norm=False, gain=4.0),
    "with normalisation": dict(residual=False, norm=True, gain=1.0),
    "with residuals": dict(residual=True, norm=False, gain=1.0),
    "residual + norm": dict(residual=True, norm=True, gain=1.0),
}
"""The random MLP stacks the chapter compares: the usual initialisation, a chaotic one, and the
two devices that keep trainable networks stable."""


@dataclass(frozen=True)
class Survey:
    """Avalanche and SAC deviation after each layer or round of each machine, measured on the
    same random blocks, flipping the same input bits."""

    samples: int
    flipped: int  #: input bits flipped per block
    curves: dict  #: name -> (layers or rounds, avalanche, SAC deviation), arrays
    aes: tuple  #: (avalanche, SAC deviation) of AES-128, 10 rounds


_SURVEYS = {}


def survey(depth: int = 32, rounds: int = 12, width: int = 128, samples: int = 32,
           flipped: int = 32, seed: int = 0) -> Survey:
    """Measure every machine of the chapter (NETWORKS, a Feistel network of random MLPs, AES):
    `samples` random 128-bit blocks, `flipped` input bits spread evenly over the block. Kept
    small so it runs in seconds; the result is remembered for the same arguments."""
    key = (depth, rounds, width, samples, flipped, seed)
    if key not in _SURVEYS:
        blocks = random_bits(samples, width, seed)
        flips = np.linspace(0, width - 1, flipped).astype(int)
        curves = {}
        for name, kind in NETWORKS.items():
            p = flip_probabilities(random_mlp(depth, width, seed=seed, **kind).encrypt_bits,
                                   blocks, flips)
            curves[name] = (np.arange(1, depth + 1), avalanche(p), sac_deviation(p))
        p = flip_probabilities(feistel_mlp(rounds, width, seed=seed).encrypt_bits, blocks, flips)
        curves["Feistel of random MLPs"] = (np.arange(1, rounds + 1), avalanche(p),
                                            sac_deviation(p))
        p = flip_probabilities(lambda b: aes_encrypt_bits(b, seed=seed), blocks, flips)
        _SURVEYS[key] = Survey(samples, flipped, curves, (float(avalanche(p)),
                                                          float(sac_deviation(p))))
    return _SURVEYS[key]


def jacobian_survey(depth: int = 32, width: int = 128, seed: int = 0) -> dict:
    """Singular values of the Jacobian after each layer of each of NETWORKS, at one random
    ±1 input: name -> (depth, width) array, largest first."""
    x = signs(random_bits(1, width, seed)[0])
    return {name: singular_values(random_mlp(depth, width, seed=seed, **kind).jacobians(x))
            for name, kind in NETWORKS.items()}


def rounds_to_avalanche(curve, tolerance: float = 0.01) -> int:
    """The first layer or round from which the avalanche stays within `tolerance` of 1/2
    (0 if it never gets there)."""
    close = np.abs(np.asarray(curve) - IDEAL) <= tolerance
    for i in range(len(close)):
        if close[i:].all():
            return i + 1
    return 0
