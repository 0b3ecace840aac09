import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import roofline

H100 = dict(flops=989.4e12, bandwidth=3.35e12)
LLAMA70 = dict(weight_bytes=2 * 70.6e9, active_params=70.6e9)


def test_step_time_by_hand_memory_and_compute_bound():
    # Batch 1: reading 141.2 GB at 3.35 TB/s takes 42.1 ms; the matmul takes 0.14 ms.
    t1 = roofline.decode_step_time(1, **LLAMA70, **H100)
    assert t1 == pytest.approx(141.2e9 / 3.35e12)
    # Batch 4096: 2 x 4096 x 70.6e9 FLOP at 989.4 TFLOP/s = 0.5845 s, compute bound.
    t4096 = roofline.decode_step_time(4096, **LLAMA70, **H100)
    assert t4096 == pytest.approx(2 * 4096 * 70.6e9 / 989.4e12)


def test_no_overlap_adds_the_two_times():
    both = roofline.decode_step_time(100, **LLAMA70, **H100, overlap=False)
    assert both == pytest.approx(141.2e9 / 3.35e12 + 2 * 100 * 70.6e9 / 989.4e12)


def test_efficiency_derates_peaks():
    slow = roofline.decode_step_time(1, **LLAMA70, **H100, memory_efficiency=0.5)
    assert slow == pytest.approx(2 * 141.2e9 / 3.35e12)


def test_kv_cache_adds_memory_time():
    t = roofline.decode_step_time(8, **LLAMA70, **H100, context=10_000, kv_bytes_per_token=327_680)
    assert t == pytest.approx((141.2e9 + 8 * 10_000 * 327_680) / 3.35e12)


def test_knee_of_a_dense_bf16_model_is_the_ridge_point():
    # 2 bytes per parameter and 2 FLOP per parameter cancel: the knee is FLOP/s over bytes/s.
    assert roofline.knee_batch(**LLAMA70, **H100) == pytest.approx(989.4e12 / 3.35e12)


def test_knee_is_infinite_when_kv_reads_outrun_compute():
    # Per sequence, compute takes 2N/F; KV reading takes context x kv / BW. Make the latter larger.
    knee = roofline.knee_batch(**LLAMA70, **H100, context=10**6, kv_bytes_per_token=327_680)
    assert knee == np.inf
    knees = roofline.knee_batch(**LLAMA70, **H100, context=np.array([0, 10**6]),
                                kv_bytes_per_token=327_680)
    assert np.isfinite(knees[0]) and knees[1] == np.inf


def test_knee_matches_sympy_solve_of_the_step_time_model():
    B, W, N, F, BW, L, K = sp.symbols("B W N F BW L K", positive=True)
    memory = roofline.weight_fetch_time(W, BW) + roofline.kv_fetch_time(B, L, K, BW)
    compute = roofline.matmul_time(B, N, F)
    solved = sp.solve(sp.Eq(memory, compute), B)[0]
    closed = roofline.knee_batch(weight_bytes=W, active_params=N, flops=F, bandwidth=BW,
                                 context=L, kv_bytes_per_token=K)
    assert sp.simplify(solved - closed) == 0


def test_cost_and_throughput_by_hand():
    # 8 chips at $2/h for a 20 ms step that emits 1,000 tokens.
    assert roofline.tokens_per_second(1000, 0.02) == pytest.approx(50_000)
    assert roofline.cost_per_token(1000, 0.02, 8, 2.0) == pytest.approx(16 / 3600 / 50_000)


def test_ridge_and_drain():
    assert roofline.ridge_point(989.4e12, 3.35e12) == pytest.approx(295.34, abs=0.01)
    assert roofline.drain_time(80e9, 3.35e12) == pytest.approx(0.02388, abs=1e-5)


@pytest.mark.parametrize("kwargs, name", [
    (dict(batch=0), "batch"), (dict(batch=-3), "batch"), (dict(context=-1), "context"),
    (dict(flops=0), "flops"), (dict(bandwidth=float("nan")), "bandwidth"),
    (dict(memory_efficiency=1.5), "memory_efficiency"), (dict(weight_bytes="big"), "weight_bytes"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(batch=1, **LLAMA70, **H100) | kwargs
    with pytest.raises(ValueError, match=name):
        roofline.decode_step_time(args.pop("batch"), **args)


positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@given(b1=st.integers(1, 10**6), b2=st.integers(1, 10**6), context=st.integers(0, 10**6),
       overlap=st.booleans())
def test_step_time_never_falls_as_batch_grows(b1, b2, context, overlap):
    lo, hi = sorted((b1, b2))
    kwargs = dict(**LLAMA70, **H100, context=context, kv_bytes_per_token=327_680, overlap=overlap)
    assert roofline.decode_step_time(lo, **kwargs) <= roofline.decode_step_time(hi, **kwargs)


@given(b1=st.integers(1, 10**6), b2=st.integers(1, 10**6))
def test_cost_per_token_never_rises_as_batch_grows_without_kv(b1, b2):
    lo, hi = sorted((b1, b2))
    cost = [roofline.cost_per_token(b, roofline.decode_step_time(b, **LLAMA70, **H100), 4, 2.0)
            for b in (lo, hi)]
    assert cost[1] <= cost[0] * (1 + 1e-12)


@given(batch=positive, weight=positive, active=positive, flops=positive, bw=positive,
       context=positive, kv=positive)
def test_symbolic_and_numeric_paths_agree(batch, weight, active, flops, bw, context, kv):
    syms = sp.symbols("b w n f bw l k", positive=True)
    values = (batch, weight, active, flops, bw, context, kv)
    expr = roofline.decode_step_time(syms[0], weight_bytes=syms[1], active_params=syms[2],
                                     flops=syms[3], bandwidth=syms[4], context=syms[5],
                                     kv_bytes_per_token=syms[6])
    numeric = roofline.decode_step_time(batch, weight_bytes=weight, active_params=active,
                                        flops=flops, bandwidth=bw, context=context,
                                        kv_bytes_per_token=kv)
    assert float(expr.subs(dict(zip(syms, values)))) == pytest.approx(float(numeric), rel=1e-9)
