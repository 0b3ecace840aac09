import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import pipelining
from llm_napkin.catalogs import hardware, systems

V3_STAGE = dict(top_k=8, d_model=7168, gpus_per_domain=8)


def test_boundary_and_all_to_all_bytes_by_hand():
    assert pipelining.stage_boundary_bytes(7168) == 14_336  # 7,168 bf16 values
    # 14.5 MoE layers per stage (58 over 4 stages), 2 x 8 copies of 14,336 bytes, 7/8 remote:
    # 14.5 x 16 x 14,336 x 0.875 = 2,910,208 bytes
    assert pipelining.stage_all_to_all_bytes(moe_layers_per_stage=14.5, **V3_STAGE) == \
        pytest.approx(2_910_208)


def test_scaleup_over_scaleout_by_hand_and_symbolically():
    # H100 server: 2 x 8 x 14.5 x 7/8 = 203 times the bytes, at 9 times the bandwidth: 22.6.
    ratio = pipelining.scaleup_over_scaleout(moe_layers_per_stage=14.5, scaleup_bandwidth=450e9,
                                             scaleout_bandwidth=50e9, **V3_STAGE)
    assert ratio == pytest.approx(203 / 9)
    k, L, g, u, o, d = sp.symbols("k L g u o d", positive=True)
    expr = pipelining.scaleup_over_scaleout(top_k=k, d_model=d, moe_layers_per_stage=L,
                                            gpus_per_domain=g, scaleup_bandwidth=u,
                                            scaleout_bandwidth=o)
    assert sp.simplify(expr - 2 * k * L * (g - 1) / g * o / u) == 0


def test_hop_time_by_hand():
    # 128 tokens x 14,336 bytes = 1.835 MB at 50 GB/s = 36.7 us, plus 10 us of latency.
    assert pipelining.hop_time(128, d_model=7168, scaleout_bandwidth=50e9, latency=10e-6) == \
        pytest.approx(1_835_008 / 50e9 + 10e-6)


def test_idle_share_by_hand():
    assert pipelining.idle_share(4, 8) == pytest.approx(3 / 11)
    assert pipelining.idle_share(4, 8, chunks=2) == pytest.approx(3 / 19)
    assert pipelining.idle_share(1, 8) == 0


def test_bubble_times_from_deepseek_v3_table_2():
    # F = 1, B = 2, W = 1, and F&B = 3 (no gain from overlapping), 8 stages:
    assert pipelining.bubble_time_1f1b(8, 1, 2) == 21          # 7 x 3
    assert pipelining.bubble_time_zero_bubble(8, 1, 2, 1) == 7  # 7 x (3 - 2)
    assert pipelining.bubble_time_dualpipe(8, 3, 2, 1) == 6     # 3 x (3 + 2 - 3)


@pytest.mark.parametrize("kind", pipelining.SCHEDULES)
def test_simulated_schedules_match_the_bubble_formula(kind):
    for stages, micro in ((2, 1), (4, 8), (8, 8), (3, 20)):
        tasks = pipelining.schedule(kind, stages, micro)
        span = max(t.end for t in tasks)
        assert span == pytest.approx((micro + stages - 1) * 3)  # F = 1, B = 2
        busy = sum(t.end - t.start for t in tasks) / stages
        assert 1 - busy / span == pytest.approx(pipelining.idle_share(stages, micro))


def test_one_forward_one_backward_bounds_memory_by_the_stages():
    gpipe, ofob = (pipelining.schedule(k, 4, 8) for k in pipelining.SCHEDULES)
    assert [pipelining.peak_in_flight(gpipe, s) for s in range(4)] == [8, 8, 8, 8]
    assert [pipelining.peak_in_flight(ofob, s) for s in range(4)] == [4, 3, 2, 1]


def test_tasks_respect_their_dependencies():
    tasks = {(t.kind, t.stage, t.microbatch): t for t in pipelining.schedule("1f1b", 4, 6)}
    for (kind, stage, micro), task in tasks.items():
        if kind == "F" and stage > 0:
            assert task.start >= tasks[("F", stage - 1, micro)].end
        if kind == "B":
            before = tasks[("B", stage + 1, micro)] if stage < 3 else tasks[("F", stage, micro)]
            assert task.start >= before.end


def test_stages_cancel_for_the_kv_cache():
    W, b, L, K, E, P = sp.symbols("W b L K E P", positive=True)
    per_gpu = pipelining.memory_per_gpu(weight_bytes=W, batch=P * b, context=L,
                                        kv_bytes_per_token=K, expert_ways=E, stages=P)
    kv_part = sp.expand(per_gpu).coeff(W, 0)
    assert sp.simplify(kv_part - b * L * K / E) == 0
    assert sp.diff(kv_part, P) == 0


def test_memory_per_gpu_by_hand():
    # 671 GB of fp8 weights and 64 x 4,096 x 70,272 bytes of cache over 8 x 2 GPUs
    total = 671e9 + 64 * 4096 * 70_272
    assert pipelining.memory_per_gpu(weight_bytes=671e9, batch=64, context=4096,
                                     kv_bytes_per_token=70_272, expert_ways=8, stages=2) == \
        pytest.approx(total / 16)


def test_largest_weights_by_hand_and_on_the_catalog():
    # 8 H100s reading 3.35 TB/s each for 20 ms: 536 GB, within their 640 GB.
    h100 = hardware.get("H100 SXM")
    assert pipelining.largest_weights(0.02, gpus=8, bandwidth_per_gpu=h100.hbm_bandwidth,
                                      hbm_bytes_per_gpu=h100.hbm_bytes) == pytest.approx(536e9)
    # At 50 ms the memory, 640 GB, binds instead.
    assert pipelining.largest_weights(0.05, gpus=8, bandwidth_per_gpu=3.35e12,
                                      hbm_bytes_per_gpu=80e9) == pytest.approx(640e9)
    rubin = systems.get("Vera Rubin NVL72")
    assert rubin.source("hbm_bandwidth_per_gpu").startswith("NVIDIA's preliminary")
    assert pipelining.domain_weight_read_time(536e9, 8, 3.35e12) == pytest.approx(0.02)


def test_every_formula_takes_symbols():
    x = sp.Symbol("x", positive=True)
    results = [
        pipelining.stage_boundary_bytes(x),
        pipelining.hop_time(x, d_model=x, scaleout_bandwidth=x, latency=x),
        pipelining.idle_share(x, x, x),
        pipelining.bubble_time_1f1b(x, x, x),
        pipelining.bubble_time_zero_bubble(x, x, x, x),
        pipelining.bubble_time_dualpipe(x, x, x, x),
        pipelining.memory_per_gpu(weight_bytes=x, batch=x, context=x, kv_bytes_per_token=x,
                                  expert_ways=x, stages=x),
        pipelining.domain_weight_read_time(x, x, x),
        pipelining.largest_weights(x, gpus=x, bandwidth_per_gpu=x, hbm_bytes_per_gpu=x),
    ]
    assert all(isinstance(r, sp.Basic) for r in results)


@given(st.integers(1, 64), st.integers(1, 256), st.integers(1, 8))
def test_idle_share_shrinks_with_microbatches_and_chunks(stages, micro, chunks):
    share = pipelining.idle_share(stages, micro, chunks)
    assert 0 <= share < 1
    assert pipelining.idle_share(stages, micro + 1, chunks) <= share
    assert pipelining.idle_share(stages, micro, chunks + 1) <= share


@pytest.mark.parametrize("bad, message", [
    (lambda: pipelining.schedule("interleaved", 4, 8), "kind"),
    (lambda: pipelining.schedule("gpipe", 0, 8), "stages"),
    (lambda: pipelining.schedule("gpipe", 4, 2.5), "microbatches"),
    (lambda: pipelining.idle_share(4, 0), "microbatches"),
    (lambda: pipelining.bubble_time_zero_bubble(4, 1, 2, 3), "weight_backward"),
    (lambda: pipelining.memory_per_gpu(weight_bytes=1, batch=-1, context=1,
                                       kv_bytes_per_token=1, expert_ways=1, stages=1), "batch"),
    (lambda: pipelining.largest_weights(0.02, gpus=8, bandwidth_per_gpu=1, hbm_bytes_per_gpu=1,
                                        weight_share=1.5), "weight_share"),
    (lambda: pipelining.hop_time(8, d_model=7168, scaleout_bandwidth=0), "scaleout_bandwidth"),
])
def test_bad_input_names_the_parameter(bad, message):
    with pytest.raises(ValueError, match=message):
        bad()


def test_numpy_arrays_pass_through():
    shares = pipelining.idle_share(np.array([2, 4, 8]), 8)
    assert shares.shape == (3,) and np.all(np.diff(shares) > 0)


def test_stage_step_time_by_hand():
    # 671 GB of fp8 weights over 2 stages of 8 H100s: each stage reads 335.5 GB at 8 x 3.35 TB/s
    # = 12.5 ms; 64 sequences with no cache are far below the knee, so memory binds.
    step = dict(batch=64, stages=2, expert_ways=8, weight_bytes=671e9, active_params=37e9,
                flops=1978.9e12, bandwidth=3.35e12)
    assert pipelining.stage_step_time(**step) == pytest.approx(335.5e9 / 26.8e12)
    # One token passes both stages and one boundary of 50 us.
    assert pipelining.time_per_token(hop=50e-6, **step) == pytest.approx(
        2 * 335.5e9 / 26.8e12 + 50e-6)
    # Far past the knee the stage is compute bound: 2 x 18.5e9 x 500,000 FLOP at 8 x 1,979 TFLOP/s.
    big = dict(step, batch=1e6)
    assert pipelining.stage_step_time(**big) == pytest.approx(2 * 18.5e9 * 5e5 / (8 * 1978.9e12))
