import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import sparse_attention as sa
from llm_napkin.catalogs import sparse_schemes as ss


def test_tokens_read_by_hand():
    assert sa.dense_tokens(100_000) == 100_000
    assert sa.window_tokens(100_000, 4096) == 4096 and sa.window_tokens(1000, 4096) == 1000
    assert sa.top_k_tokens(1_000_000, 2048) == 2048
    # 1M / 16 summaries + 16 blocks x 64 + 512 window = 62,500 + 1,024 + 512
    assert sa.nsa_tokens(1_000_000, ss.NSA) == 62_500 + 1024 + 512
    # 2 sqrt(16 x 1M) = 2 x 4,000 = 8,000
    assert sa.square_root_tokens(1_000_000, 16) == pytest.approx(8000)
    assert sa.tokens_read("square root", 1_000_000, top_blocks=16) == pytest.approx(8000)


def test_best_block_minimises_the_two_level_read_symbolically():
    C, b, k = sp.symbols("C b k", positive=True)
    best = sp.solve(sp.diff(sa.two_level_tokens(C, b, k), b), b)[0]
    assert sp.simplify(best - sa.best_block(C, k)) == 0
    assert sp.simplify(sa.two_level_tokens(C, best, k) - sa.square_root_tokens(C, k)) == 0


def test_indexer_costs_and_crossover_by_hand():
    # DSA: 64 heads x 128 x 2 = 16,384 FLOP and 128 fp8 bytes per cached token per layer.
    assert sa.indexer_costs(ss.DSA_V32) == (128, 16_384)
    # MLA reads 1,152 bytes per selected token per layer: 2,048 x 1,152 / 128 = 18,432 tokens.
    assert sa.indexer_crossover(2048, 1152, 128) == 18_432
    assert sa.bytes_per_decoded_token(2048, 1152, 100_000, 128) == 2048 * 1152 + 100_000 * 128
    assert sa.flops_per_decoded_token(10, 5, 100, 2) == 250


def test_v4_pro_hybrid_cache_is_about_a_tenth_of_v32():
    # Per token: 29 layers x 512 / 4 x 2 B + 31 x 512 / 128 x 2 B + 29 x 128 / 4 x 1 B = 8,600 B.
    assert sa.hybrid_cache_bytes(1, ss.V4_PRO) == pytest.approx(29 * 256 + 31 * 8 + 29 * 32)
    # V3.2 in the same units: 61 x (576 x 2 + 128) = 78,080 B; the paper says about 10%.
    assert sa.hybrid_cache_bytes(1e6, ss.V4_PRO) / (1e6 * 61 * (576 * 2 + 128)) == \
        pytest.approx(0.11, abs=0.01)


def test_hybrid_read_is_linear_beyond_the_top_k():
    a, b = (sa.hybrid_bytes_read(c, ss.V4_PRO) for c in (1e6, 2e6))
    # slope: 29 x 128 / 4 + 31 x 1,024 / 128 = 928 + 248 = 1,176 bytes per cached token
    assert (b - a) / 1e6 == pytest.approx(1176)
    assert sa.hybrid_flops(0, ss.V4_PRO, 128) == 0


def test_symbols_pass_through():
    C = sp.Symbol("C", positive=True)
    assert sa.dense_tokens(C) == C
    assert sa.window_tokens(C, 4096) == sp.Min(C, 4096)
    assert sa.bytes_per_decoded_token(2048, 1152, C, 128) == 2048 * 1152 + 128 * C
    assert isinstance(sa.hybrid_bytes_read(C, ss.V4_PRO), sp.Expr)
    assert isinstance(sa.nsa_tokens(C, ss.NSA), sp.Expr)


def test_bad_input():
    with pytest.raises(ValueError, match="window must be greater than 0, got 0"):
        sa.window_tokens(10, 0)
    with pytest.raises(ValueError, match="context must be 0 or more"):
        sa.top_k_tokens(-1, 2048)
    with pytest.raises(ValueError, match="kind must be one of 'dense'"):
        sa.tokens_read("linear", 10)
    with pytest.raises(ValueError, match="needs design="):
        sa.tokens_read("NSA", 10)


@given(st.floats(1e3, 1e9), st.integers(1, 64))
def test_sparse_reads_never_exceed_dense_beyond_their_constant(context, blocks):
    assert sa.top_k_tokens(context, 2048) <= sa.dense_tokens(context)
    assert sa.square_root_tokens(context, blocks) <= context + 2 * np.sqrt(blocks * context)
