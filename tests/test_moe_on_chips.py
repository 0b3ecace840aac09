"""The chapter 3 helpers that take catalog chips and models: demand, sparsity, the spanning
slowdown and one MoE layer's times at the knee batch."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import expert_parallel, moe
from llm_napkin.catalogs import hardware, models

H100, GB200 = hardware.get("H100 SXM"), hardware.get("GB200 NVL72")
V3 = models.get("DeepSeek-V3")


def test_least_demand_by_hand():
    # H100 bf16 ridge 989.4e12 / 3.35e12 = 295.34; DeepSeek-V3 671/37 = 18.135; knee 5,356
    # tokens; at 20 ms per token that is 5,356 / 0.02 = 267,800 tokens/s.
    assert moe.least_demand(V3, H100, 0.02) == pytest.approx(295.343 * 18.1351 / 0.02, rel=1e-4)
    assert moe.least_demand(V3, H100, 0.02) == pytest.approx(267_805, rel=1e-4)


def test_max_sparsity_on_by_hand():
    # 100,000 tokens/s at 20 ms is 2,000 users at once; over the ridge 295.34: 6.772.
    assert moe.max_sparsity_on(H100, 1e5, 0.02) == pytest.approx(2000 / 295.343, rel=1e-4)
    # fp8: half the bytes, 1978.9/989.4 times the FLOP/s, so nearly the same bound.
    assert moe.max_sparsity_on(H100, 1e5, 0.02, "fp8") == pytest.approx(6.7714, rel=1e-4)


def test_least_demand_and_max_sparsity_are_inverse():
    limit = moe.max_sparsity_on(H100, moe.least_demand(V3, H100, 0.05), 0.05)
    assert limit == pytest.approx(moe.model_sparsity(V3))


def test_bytes_per_forward_by_hand():
    # 8 copies x 7,168 values x 2 bytes = 114,688 B per dispatch; dispatch and combine, 58 MoE
    # layers: 2 x 114,688 x 58 = 13,303,808 B.
    assert expert_parallel.bytes_per_forward(V3) == 13_303_808
    assert expert_parallel.bytes_per_forward(V3, activation_bytes=1) == 13_303_808 / 2


def test_spanning_slowdown_on_by_hand():
    # H100 servers of 8 at 450 / 50 GB/s, top-8. One server: 8 x 7/8 = 7 copies over NVLink,
    # 7/450. Two servers: 8 x 1/2 = 4 copies over the slow network, 4/50, which dominates
    # (NVLink carries 3.5). Slowdown (4/50) / (7/450) = 36/7 = 5.143.
    assert expert_parallel.spanning_slowdown_on(H100, 2, 8) == pytest.approx(36 / 7)
    assert expert_parallel.spanning_slowdown_on(H100, 1, 8) == pytest.approx(1)
    # GB200 racks of 72 at 900 / 50: (4/50) / (8 x 71/72 / 900) = 9.127.
    assert expert_parallel.spanning_slowdown_on(GB200, 2, 8) == pytest.approx(
        (4 / 50) / (8 * 71 / 72 / 900))


def test_layer_times_at_knee_by_hand():
    # fp8 on H100: knee = 1978.9e12 / (2 x 3.35e12) x 671e9 / 37e9 = 5,356 tokens, 334.77 on
    # each of 16 GPUs (2 servers). Compute: 2 x 334.77 x 585,302,016 / 1978.9e12 = 198.0 us.
    # All-to-all: 4 copies of 14,336 B out, and back, over 50 GB/s: 2 x 334.77 x 4 x 14,336 /
    # 50e9 = 767.9 us, 3.88 times the compute.
    times = expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2)
    tokens = 1978.9e12 / (2 * 3.35e12) * 671 / 37 / 16
    assert times.tokens_per_gpu == pytest.approx(tokens)
    assert times.compute == pytest.approx(2 * tokens * 585_302_016 / 1978.9e12)
    assert times.all_to_all == pytest.approx(2 * tokens * 4 * 14_336 / 50e9)
    assert times.ratio == pytest.approx(3.8776, rel=1e-4)


def test_layer_times_at_knee_takes_a_custom_layout():
    # Deduplicated over 2 servers: (2 - 1)(1 - (1/2)^8) = 0.996 copies cross instead of 4;
    # NVLink carries 8 x 7/8 = 7 copies at 450 GB/s: 7/450 = 0.0156 against 0.996/50 = 0.0199,
    # so the slow network still dominates and the all-to-all shrinks by 0.996/4.
    plain = expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2)
    dedup = expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2, deduplicate=True)
    assert dedup.all_to_all / plain.all_to_all == pytest.approx((1 - 0.5 ** 8) / 50 / (4 / 50))
    fast = expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2, scaleout_bandwidth=100e9)
    assert fast.all_to_all == pytest.approx(plain.all_to_all / 2)
    wide = expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2, gpus_per_domain=16)
    assert wide.tokens_per_gpu == pytest.approx(plain.tokens_per_gpu / 2)


@given(st.integers(1, 64), st.sampled_from([4, 8, 72]))
def test_layer_ratio_is_the_comm_to_compute_formula(domains, g):
    times = expert_parallel.layer_times_at_knee(V3, H100, "fp8", domains, gpus_per_domain=g)
    ratio = expert_parallel.comm_to_compute(
        active_params_per_layer=expert_parallel.active_params_per_moe_layer(V3),
        flops=H100.fp8_flops, top_k=8, d_model=7168, gpus_per_domain=g, domains=domains,
        scaleup_bandwidth=H100.scaleup_bandwidth, scaleout_bandwidth=H100.scaleout_bandwidth)
    assert times.ratio == pytest.approx(ratio)
    assert times.tokens_per_gpu * domains * g == pytest.approx(5356.6, rel=1e-4)  # the fp8 knee


def test_symbols():
    D, t, R = sp.symbols("D t R", positive=True)
    assert float(moe.least_demand(V3, H100, t) * t) == pytest.approx(5356.09, rel=1e-5)
    assert moe.max_sparsity_on(H100, D, t).free_symbols == {D, t}
    assert expert_parallel.spanning_slowdown_on(H100, R, 8).subs(R, 2) == pytest.approx(36 / 7)
    times = expert_parallel.layer_times_at_knee(V3, H100, "fp8", R)
    assert float(times.all_to_all.subs(R, 2)) == pytest.approx(
        expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2).all_to_all)
    assert float(times.ratio.subs(R, 2)) == pytest.approx(3.8776, rel=1e-4)


def test_arrays():
    times = expert_parallel.layer_times_at_knee(V3, H100, "fp8", np.array([1, 2, 4]))
    assert np.all(np.diff(times.ratio) > 0)  # spanning more domains costs more per compute


@pytest.mark.parametrize("bad, message", [
    (lambda: moe.least_demand(V3, H100, 0), "step_time must be greater than 0"),
    (lambda: moe.max_sparsity_on(H100, -1, 0.02), "demand must be greater than 0"),
    (lambda: moe.max_sparsity_on(hardware.get("TPU v5e"), 1e5, 0.02, "fp8"), "fp8"),
    (lambda: expert_parallel.layer_times_at_knee(V3, H100, "fp8", 0), "domains"),
    (lambda: expert_parallel.layer_times_at_knee(V3, H100, "fp8", 2, gpus_per_domain=0),
     "gpus_per_domain"),
    (lambda: expert_parallel.layer_times_at_knee(models.get("Llama 3.1 70B"), H100, "fp8", 1),
     "mixture-of-experts"),
    (lambda: expert_parallel.bytes_per_forward(models.get("Llama 3.1 70B")),
     "mixture-of-experts"),
    (lambda: expert_parallel.spanning_slowdown_on(H100, 0, 8), "domains"),
])
def test_bad_input_names_the_parameter(bad, message):
    with pytest.raises(ValueError, match=message):
        bad()
