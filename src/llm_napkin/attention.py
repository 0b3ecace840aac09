"""Attention and the KV cache: what each cached token costs in bytes and in arithmetic.

During decoding every new token attends to all the tokens before it. Their keys and values (or,
for multi-head latent attention, one compressed latent per token) sit in the **KV cache**, which
each step reads in full. Per cached token and layer, the formulas here give the values stored, the
FLOP the new token spends on them (scores, then the weighted sum), and the intensity of that work
in FLOP per byte read; from them follows the context beyond which no batch is compute bound.

MHA, GQA and MQA cache a key and a value vector per KV head. MLA (DeepSeek-V2 and later) caches
one latent of `kv_lora_rank` values and a rotary key of `rope_dim` values shared by every head;
in its absorbed form (DeepSeek-V2 report, section 2.1.2) each query head works directly on the
latents, so all `heads` heads score against the same cached bytes: that is why its arithmetic per
byte is far higher. Functions of numbers accept numbers, NumPy arrays or SymPy symbols.
"""

import numpy as np

from . import checks, roofline
from .catalogs.models import ATTENTION_TYPES, Model
from .catalogs.precision import bytes_per_value
from .symbolic import is_symbolic, where


def kv_values_per_token_per_layer(attention, *, kv_heads=0, d_head=0, kv_lora_rank=0, rope_dim=0):
    """Numbers one token adds to the KV cache of one layer: a key and a value of `d_head` per KV
    head (MHA, GQA, MQA), or one latent plus one rotary key (MLA)."""
    checks.one_of("attention", attention, ATTENTION_TYPES)
    if attention == "MLA":
        return checks.positive("kv_lora_rank", kv_lora_rank) + checks.non_negative("rope_dim",
                                                                                   rope_dim)
    return 2 * checks.positive("kv_heads", kv_heads) * checks.positive("d_head", d_head)


def flops_per_cached_token_per_layer(attention, *, heads, d_head=0, kv_lora_rank=0, rope_dim=0):
    """FLOP one new token spends on one cached token in one layer: for every query head, a dot
    product for the score and a multiply-add into the weighted sum (2 FLOP per multiply-add).

    MHA, GQA and MQA: 2 d_head for the score and 2 d_head for the value, per query head. MLA in
    the absorbed form: the score is a dot product over the latent and the rotary key,
    2 (kv_lora_rank + rope_dim), and the weighted sum runs over the latent, 2 kv_lora_rank; the
    up-projections are applied once per new token, not per cached token.
    """
    checks.one_of("attention", attention, ATTENTION_TYPES)
    checks.positive("heads", heads)
    if attention == "MLA":
        return heads * 2 * (2 * checks.positive("kv_lora_rank", kv_lora_rank)
                            + checks.non_negative("rope_dim", rope_dim))
    return heads * 4 * checks.positive("d_head", d_head)


def _shape(model: Model) -> dict:
    return dict(kv_lora_rank=model.kv_lora_rank, rope_dim=model.rope_dim, d_head=model.d_head)


def kv_bytes_per_token(model: Model, precision: str = "bf16") -> float:
    """Bytes one token adds to `model`'s KV cache, all layers, cached in `precision`."""
    per_layer = kv_values_per_token_per_layer(model.attention, kv_heads=model.kv_heads,
                                              **_shape(model))
    return model.layers * per_layer * bytes_per_value(precision)


def flops_per_cached_token(model: Model) -> float:
    """FLOP one new token spends on one cached token of `model`, all layers."""
    return model.layers * flops_per_cached_token_per_layer(model.attention, heads=model.heads,
                                                           **_shape(model))


def intensity(model: Model, precision: str = "bf16") -> float:
    """FLOP per byte of KV cache read during decoding: above a chip's ridge point, reading the
    cache is not what limits attention."""
    return flops_per_cached_token(model) / kv_bytes_per_token(model, precision)


def params_per_layer(model: Model) -> int:
    """Weights of one attention block (projections only; norms are negligible)."""
    d, h = model.d_model, model.heads
    if model.attention == "MLA":
        q_width = h * (model.d_head + model.rope_dim)
        q = (d * model.q_lora_rank + model.q_lora_rank * q_width if model.q_lora_rank
             else d * q_width)
        kv = d * (model.kv_lora_rank + model.rope_dim) + model.kv_lora_rank * h * (
            model.d_head + model.v_head_dim)
        return q + kv + h * model.v_head_dim * d
    return 2 * d * h * model.d_head + 2 * d * model.kv_heads * model.d_head


def context_limit(*, active_params, kv_bytes_per_token, flops, bandwidth, memory_efficiency=1,
                  compute_efficiency=1):
    """The context (tokens) beyond which no batch is compute bound, counting the weights' FLOP
    only (2 per active parameter per token).

    There each sequence's KV-cache read takes as long as its multiplies, so adding sequences adds
    memory time as fast as compute time and the two lines never cross.
    """
    checks.positive("kv_bytes_per_token", kv_bytes_per_token)
    bandwidth, flops = roofline.achieved(bandwidth, flops, memory_efficiency, compute_efficiency)
    return (roofline.matmul_time(1, active_params, flops)
            / roofline.kv_fetch_time(1, 1, kv_bytes_per_token, bandwidth))


def context_limit_with_attention(*, active_params, kv_bytes_per_token, attention_flops_per_token,
                                 flops, bandwidth, attention_flops=None, memory_efficiency=1,
                                 compute_efficiency=1):
    """The context (tokens) beyond which no batch is compute bound, counting attention's own FLOP.

    Per sequence, one decode step computes 2 N FLOP on the weights (`active_params` N, at `flops`
    F) plus `attention_flops_per_token` a per cached token (at `attention_flops`, default F), and
    reads `kv_bytes_per_token` K per cached token at `bandwidth` β. At a context L a sequence
    adds 2N/F + L a/F_a of compute and L K/β of memory time, so the limit is where they are
    equal: L = (2N/F) / (K/β − a/F_a). Where a/K reaches the ridge point F_a/β, attention alone
    is compute bound, every sequence adds more compute than memory time, and there is no limit
    (inf). With a = 0 this is context_limit.
    """
    checks.non_negative("attention_flops_per_token", attention_flops_per_token)
    if attention_flops is None:
        attention_flops = flops
    _, attention_rate = roofline.achieved(bandwidth, attention_flops, memory_efficiency,
                                          compute_efficiency)
    bandwidth, flops = roofline.achieved(bandwidth, flops, memory_efficiency, compute_efficiency)
    weights = roofline.matmul_time(1, active_params, flops)
    read = roofline.kv_fetch_time(1, 1, checks.positive("kv_bytes_per_token", kv_bytes_per_token),
                                  bandwidth)
    attend = attention_flops_per_token / attention_rate
    gap = read - attend
    if is_symbolic(weights, gap):
        return where(gap > 0, weights / gap, float("inf"))
    with np.errstate(divide="ignore"):
        return np.where(gap > 0, weights / np.where(gap > 0, gap, 1), np.inf)[()]


def attention_ridge_ratio(model: Model, chip_flops, bandwidth, precision: str = "bf16"):
    """`model`'s attention intensity (FLOP per byte of KV cache) over a chip's ridge point
    (`chip_flops`/`bandwidth`): at 1 or more, attention alone is compute bound at any context."""
    return intensity(model, precision) / roofline.ridge_point(chip_flops, bandwidth)
