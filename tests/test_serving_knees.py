"""serving.knee_for_sparsity and Deployment.context_limit(active_params): chapter 2's helpers."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import parameters, serving
from llm_napkin.catalogs import hardware

H100 = hardware.get("H100 SXM")
A100 = hardware.get("A100")


def test_knee_for_sparsity_by_hand():
    # H100, bf16: 989.4 TFLOP/s / 3.35 TB/s = 295.3 FLOP/byte; 2 bytes per weight / 2 FLOP = 1.
    assert serving.knee_for_sparsity(H100, "bf16") == pytest.approx(989.4e12 / 3.35e12)
    # DeepSeek-V3's routed experts, 256 / 8 = 32: 295.3 × 32 = 9,451 tokens.
    assert serving.knee_for_sparsity(H100, "bf16", 32) == pytest.approx(9451, abs=1)
    # fp8: 1,978.9 TFLOP/s / 3.35 TB/s = 590.7 FLOP/byte, × 1 byte / 2 FLOP × 32 = 9,452.
    assert serving.knee_for_sparsity(H100, "fp8", 32) == pytest.approx(
        1978.9e12 / 3.35e12 / 2 * 32)
    # A100: 312 / 2.039 = 153 tokens for a dense model.
    assert serving.knee_for_sparsity(A100) == pytest.approx(153.0, abs=0.1)


def test_knee_for_sparsity_is_the_ridge_point_times_the_sparsity_in_bf16():
    for chip in hardware.CHIPS:
        assert serving.knee_for_sparsity(chip, "bf16", 18.1) == pytest.approx(
            serving.ridge_point(chip) * 18.1)


def test_knee_for_sparsity_with_symbols():
    s = sp.Symbol("s", positive=True)
    knee = serving.knee_for_sparsity(H100, "bf16", s)
    assert sp.simplify(knee - s * 989.4e12 / 3.35e12) == 0


def test_knee_for_sparsity_bad_input():
    with pytest.raises(ValueError, match="sparsity must be 1 or more"):
        serving.knee_for_sparsity(H100, "bf16", 1 / 18)  # the notes' active / total
    with pytest.raises(ValueError, match="sparsity must be greater than 0"):
        serving.knee_for_sparsity(H100, "bf16", 0)
    with pytest.raises(ValueError, match="A100 SXM has no 'fp8'"):
        serving.knee_for_sparsity(A100, "fp8")


@given(st.floats(1, 1e3))
def test_knee_for_sparsity_grows_in_proportion(sparsity):
    assert serving.knee_for_sparsity(H100, "fp8", 2 * sparsity) == pytest.approx(
        2 * serving.knee_for_sparsity(H100, "fp8", sparsity))


def test_context_limit_by_hand():
    d = serving.deploy("H100 SXM", "DeepSeek-V3", "fp8", chips=1)
    # 2 FLOP × 37B active × 3.35 TB/s / (1,978.9 TFLOP/s × 70,272 B per token) = 1,783 tokens;
    # 70,272 = 61 layers × (512 + 64) cached values × 2 bytes (bf16).
    assert d.kv_bytes_per_token == 70_272
    assert d.context_limit() == pytest.approx(2 * 37e9 * 3.35e12 / (1978.9e12 * 70_272))
    assert d.context_limit(1e9) == pytest.approx(2 * 1e9 * 3.35e12 / (1978.9e12 * 70_272))


def test_context_limit_is_where_the_whole_model_knee_runs_off():
    d = serving.deploy("H100 SXM", "DeepSeek-V3", "fp8", chips=1)
    limit = d.context_limit(parameters.sums(d.model)[1])
    assert np.isfinite(d.whole_model_knee(0.999 * limit))
    assert np.isinf(d.whole_model_knee(1.001 * limit))
    assert np.isinf(d.knee_batch(1.001 * d.context_limit()))


def test_context_limit_with_symbols():
    d = serving.deploy("H100 SXM", "Llama 3.1 70B", chips=1)
    n = sp.Symbol("N", positive=True)
    assert sp.simplify(d.context_limit(n) - 2 * n * d.bandwidth / (
        d.flops * d.kv_bytes_per_token)) == 0


def test_context_limit_bad_input():
    d = serving.deploy("H100 SXM", "Llama 3.1 70B", chips=1)
    with pytest.raises(ValueError, match="active_params must be greater than 0"):
        d.context_limit(0)
