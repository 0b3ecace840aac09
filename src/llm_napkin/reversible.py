"""Reversible layers: the Feistel round of block ciphers, the RevNet block, and what they save.

A **Feistel round** splits its state into two halves and returns (R, L + F(R)): whatever the
round function F, the input comes back as (R' - F(L'), L') from the output. Ciphers build
invertible permutations this way from round functions that are not invertible; the RevNet of
Gomez et al. (2017) builds invertible residual blocks the same way,

    y1 = x1 + F(x2),  y2 = x2 + G(y1),   and back:   x2 = y2 - G(y1),  x1 = y1 - F(x2),

so training need not store activations: the backward pass rebuilds each block's input from its
output. The functions here are written once and take numbers, NumPy arrays or SymPy expressions
(pass `sp.Function('F')` as the round function to derive the inverse for every F).

The last part prices the trade: activation bytes a plain network keeps against a reversible one,
the extra FLOP of recomputation, and the KV cache's opposite trade. Units: bytes, FLOP, tokens.
"""

import operator
from dataclasses import dataclass

import numpy as np

from . import attention, checks, parameters, serving
from .catalogs import hardware, models

# -- the blocks, written once ------------------------------------------------------------------


def _same(x):
    return x


def feistel_round(left, right, f, combine=operator.add):
    """One Feistel round: (left, right) -> (right, left ⊕ f(right)), with ⊕ = `combine`
    (addition for real numbers and symbols, `operator.xor` for bits)."""
    return right, combine(left, f(right))


def feistel_inverse(left, right, f, uncombine=operator.sub):
    """Undo `feistel_round`: the round's input from its output (`uncombine` undoes `combine`;
    `operator.xor` is its own inverse). `f` is only ever run forwards."""
    return uncombine(right, f(left)), left


def revnet_block(x1, x2, f, g, rounding=_same):
    """A reversible residual block (Gomez et al. 2017): y1 = x1 + f(x2), y2 = x2 + g(y1).
    `rounding` rounds every stored result to a number format (identity: exact arithmetic)."""
    y1 = rounding(x1 + rounding(f(x2)))
    return y1, rounding(x2 + rounding(g(y1)))


def revnet_inverse(y1, y2, f, g, rounding=_same):
    """The block's input from its output (Gomez et al. 2017): x2 = y2 - g(y1),
    x1 = y1 - f(x2)."""
    x2 = rounding(y2 - rounding(g(y1)))
    return rounding(y1 - rounding(f(x2))), x2


# -- a RevNet in NumPy, in three number formats ------------------------------------------------


def round_to_bfloat16(x):
    """`x` rounded to the nearest bfloat16 (ties to even), returned as float32: bfloat16 keeps
    float32's 8 exponent bits and only 7 of its 23 mantissa bits."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    return bits.astype(np.uint32).view(np.float32)


ROUNDING = {
    "fp64": lambda x: np.asarray(x, dtype=np.float64),
    "fp32": lambda x: np.asarray(x, dtype=np.float32),
    "bf16": round_to_bfloat16,
}
"""Number formats a NumPy RevNet can store its activations in, each as a rounding function."""


def random_revnet(depth: int, width: int, seed: int = 0) -> np.ndarray:
    """Weights of a random RevNet: shape (depth, 2, width/2, width/2), one matrix for f and one
    for g in each block, drawn N(0, 2/width) so each half keeps its scale."""
    checks.positive("depth", depth)
    checks.positive("width", width)
    if width % 2:
        raise ValueError(f"width must be even (two halves), got {width!r}")
    half = width // 2
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1 / np.sqrt(half), size=(int(depth), 2, half, half))


def _branch(weights, rounding):
    return lambda h: np.tanh(rounding(h) @ weights)


def revnet_forward(x, weights, precision: str = "fp32") -> np.ndarray:
    """Run `x` (batch, width) through the blocks; returns the state after each block,
    shape (depth + 1, batch, width), starting with `x` itself."""
    checks.one_of("precision", precision, ROUNDING)
    rounding = ROUNDING[precision]
    half = np.shape(x)[-1] // 2
    x1, x2 = rounding(x[..., :half]), rounding(x[..., half:])
    states = [np.concatenate([x1, x2], axis=-1)]
    for wf, wg in weights:
        x1, x2 = revnet_block(x1, x2, _branch(wf, rounding), _branch(wg, rounding), rounding)
        states.append(np.concatenate([x1, x2], axis=-1))
    return np.stack(states)


def revnet_reconstruct(y, weights, precision: str = "fp32") -> np.ndarray:
    """Rebuild the input of `weights`' blocks from their output `y`, running each inverse once."""
    checks.one_of("precision", precision, ROUNDING)
    rounding = ROUNDING[precision]
    half = np.shape(y)[-1] // 2
    y1, y2 = rounding(y[..., :half]), rounding(y[..., half:])
    for wf, wg in weights[::-1]:
        y1, y2 = revnet_inverse(y1, y2, _branch(wf, rounding), _branch(wg, rounding), rounding)
    return np.concatenate([y1, y2], axis=-1)


def reconstruction_error(depth: int, width: int = 64, precision: str = "fp32", batch: int = 16,
                         seed: int = 0) -> np.ndarray:
    """Relative error of the input rebuilt from the output of 1, 2, ..., `depth` random blocks:
    ||x_rebuilt - x|| / ||x||, one value per depth."""
    weights = random_revnet(depth, width, seed)
    x = np.random.default_rng(seed + 1).normal(size=(int(batch), int(width)))
    states = revnet_forward(x, weights, precision)
    start = states[0].astype(np.float64)
    return np.array([np.linalg.norm(revnet_reconstruct(states[d], weights[:d], precision) - start)
                     / np.linalg.norm(start) for d in range(1, int(depth) + 1)])


# -- memory against compute ---------------------------------------------------------------------

TRANSFORMER_ACTIVATION_BYTES = 34
"""Bytes of activations a transformer layer stores per token and per unit of model width for the
backward pass, in 16-bit formats with the attention scores recomputed (FlashAttention): the
34 s b h of Korthikanti et al. 2022, eq. 1, without its 5 a s^2 b term."""


def plain_activation_bytes(layers, tokens, d_model,
                           bytes_per_width=TRANSFORMER_ACTIVATION_BYTES):
    """Bytes of activations a plain network keeps for the backward pass: every layer's, for every
    token in flight (bytes)."""
    return (checks.positive("layers", layers) * checks.positive("tokens", tokens)
            * checks.positive("d_model", d_model)
            * checks.positive("bytes_per_width", bytes_per_width))


def reversible_activation_bytes(layers, tokens, d_model,
                                bytes_per_width=TRANSFORMER_ACTIVATION_BYTES, bytes_per_value=2):
    """Bytes a reversible network keeps: the top layer's output (d_model values per token) and
    the working activations of the one layer being rebuilt, whatever the depth (bytes).
    `layers` is accepted to match `plain_activation_bytes`; the result does not depend on it."""
    checks.positive("layers", layers)
    return (checks.positive("tokens", tokens) * checks.positive("d_model", d_model)
            * (checks.positive("bytes_per_width", bytes_per_width)
               + checks.positive("bytes_per_value", bytes_per_value)))


def training_flops_per_token(params, recomputed=0):
    """Training FLOP per token: 2 per parameter forward, 4 backward, and 2 more for each
    forward pass recomputed (`recomputed` = 1 for a RevNet or full activation checkpointing)."""
    return (6 + 2 * checks.non_negative("recomputed", recomputed)) * checks.positive("params",
                                                                                    params)


def recompute_flops_per_byte_freed(params_per_layer, d_model,
                                   bytes_per_width=TRANSFORMER_ACTIVATION_BYTES):
    """FLOP a reversible network spends recomputing a layer, per byte of activations it no longer
    stores (FLOP/byte): 2 FLOP per parameter per token over the bytes per token."""
    return (2 * checks.positive("params_per_layer", params_per_layer)
            / (checks.positive("d_model", d_model)
               * checks.positive("bytes_per_width", bytes_per_width)))


def kv_flops_saved_per_byte(active_params, kv_bytes_per_token):
    """FLOP the KV cache saves per byte it stores, on every decode step: without the cache each
    earlier token's keys and values would be rebuilt by running the model over it again, about
    2 FLOP per active parameter (FLOP/byte)."""
    return (2 * checks.positive("active_params", active_params)
            / checks.positive("kv_bytes_per_token", kv_bytes_per_token))


def tokens_that_fit(memory_bytes, layers, d_model, bytes_per_width=TRANSFORMER_ACTIVATION_BYTES):
    """Tokens whose activations a plain network can keep in `memory_bytes` (tokens)."""
    return checks.positive("memory_bytes", memory_bytes) / plain_activation_bytes(
        layers, 1, d_model, bytes_per_width)


@dataclass(frozen=True)
class Trade:
    """Both trades for one model on one chip, in FLOP per byte, set against the chip's ridge
    point; activation bytes are per sequence of `tokens` tokens, in 16-bit formats."""

    model: str
    chip: str
    tokens: int
    kv_flops_per_byte: float  #: FLOP the KV cache saves per byte it stores and reads, per step
    recompute_flops_per_byte: float  #: FLOP a reversible network spends per byte it frees
    ridge_point: float  #: the chip's FLOP per byte of HBM traffic
    plain_bytes: float  #: activations a plain network keeps for the sequence
    reversible_bytes: float  #: activations a reversible one keeps
    hbm_bytes: float  #: the chip's memory
    tokens_that_fit: float  #: tokens whose plain activations fill the chip's memory


def trade(model: str, chip: str, tokens: int = 4096) -> Trade:
    """The KV cache's trade and a reversible network's for `model` (a catalog name) on `chip`.
    Parameters per layer are the active parameters over the layers (every layer alike)."""
    m, c = models.get(model), hardware.get(chip)
    active = parameters.sums(m)[1]
    return Trade(
        model=m.name, chip=c.name, tokens=tokens,
        kv_flops_per_byte=kv_flops_saved_per_byte(active, attention.kv_bytes_per_token(m)),
        recompute_flops_per_byte=recompute_flops_per_byte_freed(active / m.layers, m.d_model),
        ridge_point=serving.ridge_point(c),
        plain_bytes=plain_activation_bytes(m.layers, tokens, m.d_model),
        reversible_bytes=reversible_activation_bytes(m.layers, tokens, m.d_model),
        hbm_bytes=c.hbm_bytes,
        tokens_that_fit=tokens_that_fit(c.hbm_bytes, m.layers, m.d_model))
