"""The price inversion: hand-worked numbers, round trips through the model, symbols, bad input."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import attention, price_inversion as pi, roofline
from llm_napkin.catalogs import hardware, memory_tiers, models, prices
from llm_napkin.ledger import prices as ledger_prices


def test_lecture_inversion_by_hand():
    # 2 x 100e9 FLOP per token / (200,000 tokens x 600 FLOP/byte) = 2e11 / 1.2e8 = 1,666.7 B
    assert pi.kv_bytes_at_crossover(200_000, active_params=100e9, flops=600,
                                    bandwidth=1) == pytest.approx(1666.67, rel=1e-4)
    # read as the surcharge's share of the compute time: half of it
    assert ledger_prices.lecture_kv_bytes(0.5) == pytest.approx(833.33, rel=1e-4)


@given(st.floats(1e3, 1e5), st.floats(1e9, 1e12))
def test_inversion_recovers_the_kv_bytes_the_model_started_from(kv, active):
    h100 = hardware.get("H100 SXM")
    rates = dict(active_params=active, flops=h100.flops("fp8"), bandwidth=h100.hbm_bandwidth)
    threshold = attention.context_limit(kv_bytes_per_token=kv, **rates)
    assert pi.kv_bytes_at_crossover(threshold, **rates) == pytest.approx(kv, rel=1e-9)


def test_prefill_and_decode_by_hand():
    # 2 x 10e9 FLOP / 1e15 FLOP/s = 20 us per prompt token
    assert pi.prefill_time_per_token(active_params=10e9, flops=1e15) == pytest.approx(20e-6)
    # batch 10, weights 20 GB at 2 TB/s = 10 ms a step, compute 10 x 20 us = 0.2 ms: memory
    # bound, 1 ms per token, 50 times a prompt token's 20 us
    args = dict(weight_bytes=20e9, active_params=10e9, flops=1e15, bandwidth=2e12)
    assert pi.decode_time_per_token(10, **args) == pytest.approx(1e-3)
    assert pi.output_over_input(10, **args) == pytest.approx(50)
    assert pi.output_over_input(1e6, **args) == pytest.approx(1)  # past the knee


@given(st.floats(1.01, 100), st.floats(0, 1e5))
def test_batch_for_ratio_inverts_output_over_input(ratio, context):
    args = dict(weight_bytes=1e12, active_params=37e9, flops=2e15, bandwidth=3.35e12,
                context=context, kv_bytes_per_token=2e3)
    batch = pi.batch_for_ratio(ratio, **args)
    if np.isfinite(batch):
        assert pi.output_over_input(batch, **args) == pytest.approx(ratio, rel=1e-9)
    else:  # the KV read alone already costs `ratio` prefill tokens
        assert roofline.kv_fetch_time(1, context, 2e3, 3.35e12) >= ratio * 37e9 * 2 / 2e15


def test_cache_costs_by_hand():
    # 1 MB held 1 hour in an 100 GB device rented at $2/h: 1e-5 of $2 = $2e-5
    assert pi.holding_cost(1e6, 3600, capacity=100e9, price_per_hour=2) == pytest.approx(2e-5)
    # recomputing: 20 us at $3.6/h = 20e-6 x 1e-3 $/s = $2e-8
    assert pi.recompute_cost(active_params=10e9, flops=1e15,
                             price_per_hour=3.6) == pytest.approx(2e-8)
    # breakeven: 20 us x 100e9 B / 1e6 B = 2 s
    assert pi.breakeven_hold(1e6, active_params=10e9, flops=1e15,
                             capacity=100e9) == pytest.approx(2)


def test_tiers_by_drain_time():
    assert [pi.tier_for_retention(s, memory_tiers.TIERS) for s in (0.02, 3, 300, 86_400)] == [
        "HBM", "host DDR", "NVMe flash", "hard disk"]
    # Exos X20: 20e12 B / 285e6 B/s = 70,175 s, about 19.5 hours
    disk = memory_tiers.get("disk")
    assert roofline.drain_time(disk.capacity, disk.bandwidth) == pytest.approx(70_175, rel=1e-4)


def test_deepseek_day_by_hand():
    day = ledger_prices.deepseek_day()
    # 226.75 nodes x 8 GPUs x $2 x 24 h = $87,072, as published
    assert day["cost"] == pytest.approx(87_072)
    # 342e9 x 0.14 + 266e9 x 0.55 + 168e9 x 2.19 (per M) = 47,880 + 146,300 + 367,920
    assert day["revenue"] == pytest.approx(562_100)
    assert day["margin"] == pytest.approx(562_100 / 87_072 - 1)
    # $16 per node-hour / 3600 / 14,800 tokens/s = $3.0e-7 per output token
    assert day["output_cost"] == pytest.approx(16 / 3600 / 14_800)
    # the nodes the throughputs imply add up to the published average within 0.1%
    assert day["prefill_nodes"] + day["decode_nodes"] == pytest.approx(226.75, rel=1e-3)


def test_prices_catalog():
    g = prices.get("Gemini 2.5 Pro")
    assert g.surcharge("input") == pytest.approx(1.0) and g.surcharge("output") == pytest.approx(0.5)
    assert prices.get("Claude Opus 4.5").cache_write_1h / prices.get("Claude Opus 4.5").input == 2
    assert all(p.read and p.sources for p in prices.PRICES)
    assert {p.provider for p in prices.PRICES} >= {"Google", "Anthropic", "OpenAI", "DeepSeek"}
    assert prices.get("Claude Opus 4.5").surcharge("input") is None


def test_symbols():
    T, N, F, B, W, kv, r = sp.symbols("T N F B W kappa r", positive=True)
    k = pi.kv_bytes_at_crossover(T, active_params=N, flops=F, bandwidth=B)
    assert sp.simplify(k - 2 * N * B / (F * T)) == 0
    assert sp.simplify(pi.prefill_time_per_token(active_params=N, flops=F) - 2 * N / F) == 0
    ratio = pi.output_over_input(sp.Symbol("b", positive=True), weight_bytes=W, active_params=N,
                                 flops=F, bandwidth=B)
    assert ratio.has(sp.Max)
    b = pi.batch_for_ratio(r, weight_bytes=W, active_params=N, flops=F, bandwidth=B, context=T,
                           kv_bytes_per_token=kv)
    assert sp.simplify(b - (W / B) / (r * 2 * N / F - T * kv / B)) == 0
    assert pi.breakeven_hold(kv, active_params=N, flops=F, capacity=W).equals(2 * N / F * W / kv)
    assert pi.day_cost(sp.Symbol("n", positive=True), gpus_per_node=8,
                       price_per_gpu_hour=2).free_symbols


def test_bad_input():
    with pytest.raises(ValueError, match="threshold"):
        pi.kv_bytes_at_crossover(0, active_params=1e9, flops=1e15, bandwidth=1e12)
    with pytest.raises(ValueError, match="ratio"):
        pi.batch_for_ratio(0.5, weight_bytes=1e9, active_params=1e9, flops=1e15, bandwidth=1e12)
    with pytest.raises(ValueError, match="cached_tokens"):
        pi.revenue(input_tokens=1, cached_tokens=2, output_tokens=0, input_price=1,
                   cached_price=1, output_price=1)
    with pytest.raises(ValueError, match="tiers"):
        pi.tier_for_retention(300, [])
    with pytest.raises(ValueError, match="unknown price list"):
        prices.get("GPT-9")


def test_amortized_rent_and_tier_prices():
    # $1,000 over 1,000 hours: $1 an hour
    assert pi.amortized_rent(1000, 1000 * 3600) == pytest.approx(1)
    with pytest.raises(ValueError, match="lifetime"):
        pi.amortized_rent(1000, 0)
    flash, disk = memory_tiers.get("flash"), memory_tiers.get("disk")
    # 15.36e12 B x $0.085e-9 = $1,305.6 for the drive
    assert flash.price_per_byte * flash.capacity == pytest.approx(1305.6)
    assert disk.price_per_byte < flash.price_per_byte
    assert memory_tiers.get("HBM").price_per_byte is None


def test_every_formula_takes_symbols():
    x, y, z = sp.symbols("x y z", positive=True)
    assert sp.simplify(pi.amortized_rent(x, y) - 3600 * x / y) == 0
    assert sp.simplify(pi.holding_cost(x, y, capacity=z, price_per_hour=3600) - x * y / z) == 0
    assert sp.simplify(pi.recompute_cost(active_params=x, flops=y, price_per_hour=3600)
                       - 2 * x / y) == 0
    assert sp.simplify(pi.revenue(input_tokens=x, cached_tokens=y, output_tokens=z, input_price=1,
                                  cached_price=0, output_price=2) - (x - y + 2 * z)) == 0
    assert sp.simplify(pi.cost_per_token(x, y) - x / (3600 * y)) == 0
    assert sp.simplify(pi.nodes_busy(x, y) - x / (86_400 * y)) == 0
    assert sp.simplify(pi.margin(x, y) - (x / y - 1)) == 0
    assert pi.decode_time_per_token(x, weight_bytes=y, active_params=z, flops=1,
                                    bandwidth=1).has(sp.Max)
