"""MLA's arithmetic against the DeepSeek-V2 and V3 papers, and the context limit that counts
attention's own FLOP."""

import numpy as np
import pytest
import sympy as sp

from llm_napkin import attention
from llm_napkin.catalogs import hardware, models

V3, LLAMA = models.get("DeepSeek-V3"), models.get("Llama 3.1 70B")
H800 = hardware.get("H800")


def test_mla_cache_and_flop_match_the_papers():
    # DeepSeek-V2 report, table 1: MLA caches (d_c + d_h^R) values per layer = 512 + 64 = 576;
    # V3 keeps kv_lora_rank 512, rope 64, 128 heads (config.json).
    assert attention.kv_values_per_token_per_layer("MLA", kv_lora_rank=512, rope_dim=64) == 576
    # bf16, 61 layers: 61 x 576 x 2 = 70,272 bytes per token.
    assert attention.kv_bytes_per_token(V3) == 70_272
    # Absorbed form, per head: score over 576 values, weighted sum over 512: 2 x 1,088 FLOP.
    assert attention.flops_per_cached_token_per_layer(
        "MLA", heads=128, kv_lora_rank=512, rope_dim=64) == 128 * 2 * 1088
    # Intensity: 278,528 / 1,152 = 241.8 FLOP per byte, against 8 x 4 x 128 / (2 x 2 x 128) = 8
    # (query heads per KV head x 2 / bytes) for Llama's GQA.
    assert attention.intensity(V3) == pytest.approx(278_528 / 1152)
    assert attention.intensity(LLAMA) == pytest.approx(8.0)


def test_context_limit_with_attention_by_hand():
    kw = dict(active_params=37e9, kv_bytes_per_token=70_272,
              attention_flops_per_token=61 * 278_528, flops=1978.9e12,
              attention_flops=989.4e12, bandwidth=3.35e12)
    # 2N/F = 37.40 us; K/beta = 20.98 ns; a/F_a = 17.17 ns; L = 37.40 us / 3.80 ns = 9,829.
    weights = 2 * 37e9 / 1978.9e12
    gap = 70_272 / 3.35e12 - 61 * 278_528 / 989.4e12
    assert attention.context_limit_with_attention(**kw) == pytest.approx(weights / gap)
    assert attention.context_limit_with_attention(**kw) == pytest.approx(9829, abs=1)
    # Without attention's FLOP it is the old limit, 1,783.
    assert attention.context_limit_with_attention(**(kw | dict(attention_flops_per_token=0))) \
        == pytest.approx(attention.context_limit(active_params=37e9, kv_bytes_per_token=70_272,
                                                 flops=1978.9e12, bandwidth=3.35e12))
    # At 4 times the bandwidth the bf16 ridge is 73.8 FLOP per byte, below MLA's 241.8:
    # attention alone is compute bound, and no context stops a batch being compute bound.
    assert attention.context_limit_with_attention(**(kw | dict(bandwidth=4 * 3.35e12))) == np.inf


def test_gqa_attention_flop_changes_little():
    llama = dict(active_params=70.6e9, kv_bytes_per_token=attention.kv_bytes_per_token(LLAMA),
                 flops=989.4e12, bandwidth=3.35e12)
    with_attention = attention.context_limit_with_attention(
        attention_flops_per_token=attention.flops_per_cached_token(LLAMA), **llama)
    without = attention.context_limit(**llama)
    # GQA's 8 FLOP per byte is 2.7% of the ridge: the limit moves by about 2.8%.
    assert with_attention / without == pytest.approx(1 / (1 - 8 / 295.36), rel=1e-3)


def test_symbols():
    N, K, a, F, beta = sp.symbols("N K a F beta", positive=True)
    limit = attention.context_limit_with_attention(active_params=N, kv_bytes_per_token=K,
                                                   attention_flops_per_token=a, flops=F,
                                                   bandwidth=beta)
    # Finite while the cache read outlasts attention's arithmetic, infinite beyond.
    (finite, condition), (beyond, _) = limit.args
    assert sp.simplify(finite - 2 * N / F / (K / beta - a / F)) == 0
    assert beyond == sp.oo
    assert attention.attention_ridge_ratio(V3, F, beta).free_symbols == {F, beta}


@pytest.mark.parametrize("bad, match", [(dict(attention_flops_per_token=-1),
                                         "attention_flops_per_token"),
                                        (dict(kv_bytes_per_token=0), "kv_bytes_per_token"),
                                        (dict(attention_flops=0), "flops"),
                                        (dict(memory_efficiency=2), "memory_efficiency")])
def test_bad_input(bad, match):
    kw = dict(active_params=37e9, kv_bytes_per_token=70_272, attention_flops_per_token=1e7,
              flops=1e15, bandwidth=3e12) | bad
    with pytest.raises(ValueError, match=match):
        attention.context_limit_with_attention(**kw)


def test_h800_is_an_h100_with_slower_nvlink():
    h100 = hardware.get("H100")
    for field in ("bf16_flops", "fp8_flops", "hbm_bytes", "hbm_bandwidth", "scaleout_bandwidth"):
        assert getattr(H800, field) == getattr(h100, field)
    # 400 GB/s both directions: 200 per direction.
    assert H800.scaleup_bandwidth == 200e9
    assert hardware.get("h800-sxm5") is H800
