import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import attention, moe, parameters, roofline, serving

H100 = dict(flops=989.4e12, bandwidth=3.35e12)
H100_RIDGE = 989.4e12 / 3.35e12  # 295.3 FLOP/byte


def test_sparsity_of_deepseek_v3_by_hand():
    assert moe.sparsity(671e9, 37e9) == pytest.approx(18.135, abs=1e-3)
    assert moe.sparsity(70e9, 70e9) == 1


def test_tokens_per_expert_pads_to_whole_tokens():
    # The H200 MoE sweep: 64 experts, top-4; batch 8 gives 32 routed tokens, half a token each.
    assert moe.tokens_per_expert(8, 4, 64) == 1
    assert moe.tokens_per_expert(8, 4, 64, padded=False) == 0.5
    assert moe.tokens_per_expert(4096, 8, 64) == 512
    assert moe.tokens_per_expert(np.array([100, 200]), 8, 64).tolist() == [13, 25]


def test_moe_step_time_by_hand():
    # 64 experts of 7168 x 2048 bf16 weights on an H100: reading 1.88 GB takes 0.561 ms.
    expert = 7168 * 2048
    kwargs = dict(experts=64, top_k=4, expert_params=expert, bytes_per_param=2, **H100)
    assert moe.moe_step_time(64, **kwargs) == pytest.approx(64 * expert * 2 / 3.35e12)
    # Batch 65,536: 4,096 tokens per expert, 2 FLOP per weight, compute bound.
    assert moe.moe_step_time(65536, **kwargs) == pytest.approx(
        2 * 4096 * 64 * expert / 989.4e12)


def test_dense_layer_is_an_moe_with_one_expert():
    for batch in (1, 100, 10_000):
        layer = moe.moe_step_time(batch, experts=1, top_k=1, expert_params=70.6e9,
                                     bytes_per_param=2, **H100)
        dense = roofline.decode_step_time(batch, weight_bytes=141.2e9, active_params=70.6e9,
                                          **H100)
        assert layer == pytest.approx(dense)


def test_moe_knee_is_the_ridge_point_times_experts_over_top_k():
    assert moe.moe_knee_batch(experts=256, top_k=8, bytes_per_param=2, **H100) == \
        pytest.approx(H100_RIDGE * 32)
    # fp8 weights at twice the FLOP/s: the knee in tokens does not move.
    assert moe.moe_knee_batch(experts=256, top_k=8, bytes_per_param=1, flops=2 * 989.4e12,
                                   bandwidth=3.35e12) == pytest.approx(H100_RIDGE * 32)


def test_moe_knee_matches_sympy_solve_of_the_step_time():
    B, E, k, P, b, F, beta = sp.symbols("B E k P b F beta", positive=True)
    read = roofline.weight_fetch_time(E * P * b, beta)
    multiply = roofline.matmul_time(E * moe.tokens_per_expert(B, k, E, padded=False), P, F)
    solved = sp.solve(sp.Eq(read, multiply), B)[0]
    closed = moe.moe_knee_batch(experts=E, top_k=k, bytes_per_param=b, flops=F,
                                     bandwidth=beta)
    assert sp.simplify(solved - closed) == 0
    # The step time itself keeps the padding as a ceiling.
    step = moe.moe_step_time(B, experts=E, top_k=k, expert_params=P, bytes_per_param=b,
                                  flops=F, bandwidth=beta)
    assert step.has(sp.ceiling)


def test_context_limit_by_hand_and_symbolically():
    # Llama 3.1 70B on an H100: 2 x 70.6e9 FLOP per token against 327,680 bytes of cache per
    # context token: 141.2e9 / 295.3 / 327,680 = 1,459 tokens.
    limit = attention.context_limit(active_params=70.6e9, kv_bytes_per_token=327_680, **H100)
    assert limit == pytest.approx(141.2e9 / H100_RIDGE / 327_680)
    knee = roofline.knee_batch(weight_bytes=141.2e9, active_params=70.6e9, **H100,
                               context=np.array([0.999, 1.001]) * limit,
                               kv_bytes_per_token=327_680)
    assert np.isfinite(knee[0]) and knee[1] == np.inf
    W, N, F, beta, L, K = sp.symbols("W N F beta L K", positive=True)
    symbolic = roofline.knee_batch(weight_bytes=W, active_params=N, flops=F, bandwidth=beta,
                                   context=L, kv_bytes_per_token=K)
    denominator = sp.fraction(sp.together(symbolic))[1]
    root = sp.solve(denominator, L)[0]
    assert sp.simplify(root - attention.context_limit(active_params=N, kv_bytes_per_token=K,
                                                     flops=F, bandwidth=beta)) == 0


def test_deepseek_v3_knees_by_part():
    d = serving.deploy("H100", "DeepSeek-V3", "bf16", chips=1)
    knees = d.knees_by_part()
    assert set(knees) == {"embeddings", "attention", "dense feed-forward", "router",
                          "shared experts", "routed experts"}
    for name in ("embeddings", "attention", "dense feed-forward", "router", "shared experts"):
        assert knees[name] == pytest.approx(H100_RIDGE)
    assert knees["routed experts"] == pytest.approx(H100_RIDGE * 256 / 8)
    total, active = parameters.sums(d.model)
    assert d.whole_model_knee() == pytest.approx(H100_RIDGE * total / active)
    # The cache is read with the attention only, so only that part's knee moves.
    with_cache = d.knees_by_part(context=100)
    assert with_cache["attention"] > knees["attention"]
    assert with_cache["routed experts"] == knees["routed experts"]


def test_dense_model_has_no_expert_parts():
    d = serving.deploy("H100", "Llama 3.1 70B", chips=1)
    assert set(parameters.parts(d.model)) == {"embeddings", "attention", "dense feed-forward"}
    assert max(d.knees_by_part().values()) == pytest.approx(H100_RIDGE)


def test_layer_by_layer_step_meets_the_whole_step_at_both_ends():
    d = serving.deploy("H100", "DeepSeek-V3", "bf16", chips=1)
    by_part = d.step_time_by_part(np.array([1.0, 5000.0, 1e6]))
    whole = d.step_time_by_part(np.array([1.0, 5000.0, 1e6]), overlap="step")
    assert by_part[0] == pytest.approx(whole[0]) and by_part[2] == pytest.approx(whole[2])
    assert by_part[1] > 1.3 * whole[1]  # between the knees, layer by layer is much slower


@given(batch=st.floats(1, 1e7), context=st.floats(0, 1e5))
def test_layer_by_layer_is_never_faster_than_overlap_across_the_step(batch, context):
    d = serving.deploy("B200", "DeepSeek-V3", "fp8")
    assert (d.step_time_by_part(batch, context)
            >= d.step_time_by_part(batch, context, overlap="step") * (1 - 1e-12))


@given(knee=st.floats(1, 1e4), experts=st.integers(1, 512), top_k=st.integers(1, 16))
def test_moe_layer_is_compute_bound_just_past_its_knee(knee, experts, top_k):
    top_k = min(top_k, experts)
    # 2 bytes per weight read at 1 byte/s against 2 FLOP per weight at `knee` FLOP/s.
    kwargs = dict(experts=experts, top_k=top_k, bytes_per_param=2, flops=knee, bandwidth=1.0)
    batch = moe.moe_knee_batch(**kwargs)
    assert batch == pytest.approx(knee * experts / top_k)
    step = moe.moe_step_time(batch * 1.01, expert_params=1e6, padded=False, **kwargs)
    compute = roofline.matmul_time(batch * 1.01 * top_k, 1e6, knee)
    assert step == pytest.approx(compute)


@pytest.mark.parametrize("call, name", [
    (lambda: moe.sparsity(0, 1), "total_params"),
    (lambda: moe.sparsity(1, -1), "active_params"),
    (lambda: moe.tokens_per_expert(0, 1, 8), "batch"),
    (lambda: moe.tokens_per_expert(8, 0, 8), "top_k"),
    (lambda: moe.tokens_per_expert(8, 9, 8), "top_k must be at most experts"),
    (lambda: moe.tokens_per_expert(8, 1, float("nan")), "experts"),
    (lambda: moe.moe_step_time(8, experts=8, top_k=2, expert_params=0, bytes_per_param=2,
                                    **H100), "expert_params"),
    (lambda: moe.moe_step_time(8, experts=8, top_k=2, expert_params=1, bytes_per_param="2",
                                    **H100), "bytes_per_param"),
    (lambda: moe.moe_knee_batch(experts=8, top_k=2, bytes_per_param=2, flops=0,
                                     bandwidth=1), "flops"),
    (lambda: attention.context_limit(active_params=1e9, kv_bytes_per_token=0, **H100),
     "kv_bytes_per_token"),
    (lambda: attention.context_limit(active_params=1e9, kv_bytes_per_token=1, **H100,
                                    memory_efficiency=2), "memory_efficiency"),
    (lambda: serving.deploy("H100", "Mixtral").step_time_by_part(8, overlap="all"),
     "overlap must be one of 'part', 'step'"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
