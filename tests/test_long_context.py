import numpy as np
import pytest
import sympy as sp

from llm_napkin import attention, long_context as lc
from llm_napkin.catalogs import context_limits, memory_generations, models


def test_crossovers_by_hand():
    # Llama 3.1 70B: 80 layers x 64 heads x 4 x 128 = 2,621,440 FLOP per cached token;
    # 2 x 70.6e9 / 2,621,440 = 53,864 tokens; prefill twice that.
    f = attention.flops_per_cached_token(models.get("Llama 3.1 70B"))
    assert f == 2_621_440
    assert lc.flops_crossover(70.6e9, f) == pytest.approx(53_864, abs=1)
    assert lc.prefill_crossover(70.6e9, f) == pytest.approx(2 * 53_864, abs=2)
    # 3 tokens: 2 x 10 x 3 + 4 x 3 x 2 / 2 = 60 + 12
    assert lc.prefill_flops(3, 10, 4) == 72


def test_balanced_context_by_hand():
    # 141.2 GB of weights, 64 sequences of 327,680 B per token: 141.2e9 / (64 x 327,680) = 6,733
    assert lc.balanced_context(64, 141.2e9, 327_680) == pytest.approx(6732.6, rel=1e-4)
    # with no constant read the linear form is attention.context_limit
    kw = dict(active_params=70.6e9, flops=989.4e12, bandwidth=3.35e12)
    assert lc.balanced_context_linear(**kw, slope=327_680) == pytest.approx(
        attention.context_limit(**kw, kv_bytes_per_token=327_680))
    # (2 x 1e9 x 1e12 / 1e15 - 1e6) / 1e3 = (2e6 - 1e6) / 1e3 = 1,000
    assert lc.balanced_context_linear(active_params=1e9, flops=1e15, bandwidth=1e12, slope=1e3,
                                      constant=1e6) == pytest.approx(1000)


def test_at_the_knee_kv_equals_weights_where_kv_equals_compute():
    W, N, F, BW, k = sp.symbols("W N F BW k", positive=True)
    from llm_napkin import roofline
    knee = roofline.knee_batch(weight_bytes=W, active_params=N, flops=F, bandwidth=BW)
    assert sp.simplify(lc.balanced_context(knee, W, k)
                       - lc.balanced_context_linear(active_params=N, flops=F, bandwidth=BW,
                                                    slope=k)) == 0


def test_time_parts_by_hand():
    parts = lc.time_parts(10, weight_bytes=100, active_params=5, flops=10, bandwidth=20,
                          kv_bytes_read=40, attention_flops=30)
    # weights 100 / 20 / 10 = 0.5; KV 40 / 20 = 2; multiplies 2 x 5 / 10 = 1; attention 3
    assert parts == {"weights": 0.5, "KV cache": 2, "weight arithmetic": 1,
                     "attention arithmetic": 3}
    assert lc.time_per_token(parts) == 4
    B = sp.Symbol("B", positive=True)
    assert lc.time_parts(B, weight_bytes=100, active_params=5, flops=10, bandwidth=20,
                         kv_bytes_read=40, attention_flops=30)["weights"] - 5 / B == 0


def test_doubling_time():
    assert lc.doubling_time([2020, 2022], [1, 4]) == pytest.approx(1)
    assert lc.doubling_time([2020, 2024], [4, 1]) == pytest.approx(-2)
    with pytest.raises(ValueError, match="equal-length"):
        lc.doubling_time([2020], [1])
    with pytest.raises(ValueError, match="values must be greater than 0"):
        lc.doubling_time([2020, 2021], [1, 0])


def test_bad_input():
    with pytest.raises(ValueError, match="batch must be greater than 0"):
        lc.balanced_context(0, 1, 1)
    with pytest.raises(ValueError, match="flops_per_cached_token must be greater than 0"):
        lc.flops_crossover(1e9, 0)


def test_attention_sweep_shape():
    sweep = lc.attention_sweep()
    # 16 sequences x 8 heads x 128 x 2 (K and V) x 2 bytes = 65,536 bytes per context token
    assert np.allclose(sweep["kv_bytes"], sweep["context"] * 65_536)
    assert sweep["batch"] == 16 and len(sweep["context"]) == 5


def test_catalogs():
    assert context_limits.get("GPT-4 Turbo").tokens == 128_000
    assert context_limits.get("Claude 2.1").year == pytest.approx(2023 + 10 / 12)
    gens = memory_generations.generations()
    assert [g.year for g in gens] == sorted(g.year for g in gens)
    assert gens.get("H200").hbm_bandwidth == 4.8e12
    assert all(g.sources for g in gens)


def test_by_year():
    years, values = [2023.1, 2023.9, 2024.5], [100, 300, 50]
    assert lc.largest_by_year(years, values) == {2023: 300, 2024: 50}
    assert lc.median_by_year(years, values) == {2023: 200, 2024: 50}
    with pytest.raises(ValueError, match="equal-length"):
        lc.largest_by_year([2023], [1, 2])
