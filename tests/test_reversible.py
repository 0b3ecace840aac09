import operator

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_napkin import reversible as rv


def test_feistel_round_is_undone_whatever_the_round_function():
    L, R = sp.symbols("L R")
    F = sp.Function("F")
    out = rv.feistel_round(L, R, F)
    assert out == (R, L + F(R))
    assert tuple(sp.simplify(e) for e in rv.feistel_inverse(*out, F)) == (L, R)


def test_feistel_round_by_hand_with_xor():
    # f(r) = r * 3 (not invertible mod 8 is not needed: XOR undoes anything); 5 ^ (2*3) = 5 ^ 6 = 3.
    f = lambda r: (r * 3) & 7
    assert rv.feistel_round(5, 2, f, operator.xor) == (2, 3)
    assert rv.feistel_inverse(2, 3, f, operator.xor) == (5, 2)


def test_revnet_block_and_inverse_symbolically():
    x1, x2 = sp.symbols("x1 x2")
    F, G = sp.Function("F"), sp.Function("G")
    y1, y2 = rv.revnet_block(x1, x2, F, G)
    assert y1 == x1 + F(x2) and y2 == x2 + G(x1 + F(x2))
    assert tuple(sp.simplify(e) for e in rv.revnet_inverse(y1, y2, F, G)) == (x1, x2)


def test_revnet_block_by_hand():
    # f(x) = x^2, g(y) = 2y: y1 = 1 + 2^2 = 5, y2 = 2 + 2*5 = 12.
    assert rv.revnet_block(1, 2, lambda x: x * x, lambda y: 2 * y) == (5, 12)
    assert rv.revnet_inverse(5, 12, lambda x: x * x, lambda y: 2 * y) == (1, 2)


def test_bfloat16_rounding_keeps_seven_mantissa_bits():
    # 1 + 2^-7 is a bfloat16; 1 + 2^-8 is halfway to 1 and rounds to even (1); 1 + 3*2^-9 rounds up.
    x = np.array([1 + 2**-7, 1 + 2**-8, 1 + 3 * 2**-9, -3.0], dtype=np.float32)
    assert rv.round_to_bfloat16(x).tolist() == [1 + 2**-7, 1.0, 1 + 2**-7, -3.0]


def test_revnet_reconstructs_its_input_to_float_error():
    err64 = rv.reconstruction_error(8, 32, "fp64")
    err32 = rv.reconstruction_error(8, 32, "fp32")
    err16 = rv.reconstruction_error(8, 32, "bf16")
    assert np.all(err64 < 1e-13)
    assert np.all(err32 < 1e-5) and np.all(err32 > 1e-9)
    assert np.all(err16 > 1e-4)  # bfloat16 loses the input: a real problem in practice
    assert err16[-1] > err16[0]


def test_revnet_forward_and_reconstruct_shapes():
    w = rv.random_revnet(3, 8)
    x = np.ones((2, 8))
    states = rv.revnet_forward(x, w, "fp64")
    assert states.shape == (4, 2, 8)
    assert np.allclose(rv.revnet_reconstruct(states[-1], w, "fp64"), x)


@pytest.mark.parametrize("call, name", [
    (lambda: rv.random_revnet(0, 8), "depth"),
    (lambda: rv.random_revnet(2, 7), "width"),
    (lambda: rv.revnet_forward(np.ones((1, 4)), rv.random_revnet(1, 4), "fp8"), "precision"),
    (lambda: rv.plain_activation_bytes(-1, 1, 1), "layers"),
    (lambda: rv.kv_flops_saved_per_byte(1e9, 0), "kv_bytes_per_token"),
    (lambda: rv.training_flops_per_token(1e9, -1), "recomputed"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_memory_and_compute_by_hand():
    # Llama-3.1-70B-like: 80 layers, d_model 8192, 4096 tokens, 34 bytes per token and width:
    # 80 * 4096 * 8192 * 34 = 91,268,055,040 bytes; reversible: 4096 * 8192 * (34 + 2) bytes.
    assert rv.plain_activation_bytes(80, 4096, 8192) == 80 * 4096 * 8192 * 34
    assert rv.reversible_activation_bytes(80, 4096, 8192) == 4096 * 8192 * 36
    # 6N plain, 8N with one forward recomputed: a third more.
    assert rv.training_flops_per_token(70e9) == 420e9
    assert rv.training_flops_per_token(70e9, 1) == 560e9
    # 2 * 8.6e8 / (8192 * 34) = 6,175 FLOP per byte freed.
    assert rv.recompute_flops_per_byte_freed(8.6e8, 8192) == pytest.approx(6175.5, rel=1e-4)
    # 2 * 70.6e9 / 327,680 bytes = 430,908 FLOP saved per byte of KV cache.
    assert rv.kv_flops_saved_per_byte(70.6e9, 327_680) == pytest.approx(430_908, rel=1e-5)
    # 80e9 bytes / (80 * 8192 * 34) bytes per token = 3,590 tokens.
    assert rv.tokens_that_fit(80e9, 80, 8192) == pytest.approx(3590.0, rel=1e-3)


def test_memory_formulas_take_symbols():
    L, T, d, N, c = sp.symbols("L T d N c", positive=True)
    assert sp.simplify(rv.plain_activation_bytes(L, T, d, c) / rv.reversible_activation_bytes(
        L, T, d, c, 2) - L * c / (c + 2)) == 0
    r = sp.Symbol("r", nonnegative=True)
    overhead = sp.simplify(rv.training_flops_per_token(N, r) / rv.training_flops_per_token(N) - 1)
    assert overhead == r / 3
    assert rv.kv_flops_saved_per_byte(N, c) == 2 * N / c


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.sampled_from([2, 4, 8, 16]), st.integers(0, 100))
def test_any_random_revnet_inverts_in_fp64(depth, width, seed):
    assert rv.reconstruction_error(depth, width, "fp64", batch=3, seed=seed).max() < 1e-12


def test_trade_on_a_catalog_model_and_chip_by_hand():
    t = rv.trade("Llama 3.1 70B", "H100 SXM")
    # 80 layers x 2 x 8 KV heads x 128 x 2 bytes = 327,680 bytes per token;
    # 2 x 70,552,387,584 active parameters / 327,680 = 430,617.6 FLOP per byte.
    assert t.kv_flops_per_byte == pytest.approx(430_617.6)
    assert t.ridge_point == pytest.approx(989.4e12 / 3.35e12)
    # 2 x (70,552,387,584 / 80) / (8192 x 34) = 6,332.6 FLOP per byte freed.
    assert t.recompute_flops_per_byte == pytest.approx(6332.6, rel=1e-4)
    with pytest.raises(ValueError, match="GPT-5"):
        rv.trade("GPT-5", "H100 SXM")
