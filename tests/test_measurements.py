import json
from pathlib import Path

import numpy as np
import pytest

from llm_napkin import measurements, moe

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "h200_roofline.json"


def test_dense_sweep_is_consistent_with_its_description():
    sweep = measurements.dense_sweep()
    assert sweep.weight_bytes == 2 * sweep.params == 2 * 2**30  # bf16, 2 GiB
    assert np.all(np.diff(sweep.batch) > 0) and np.all(sweep.step_time > 0)
    assert measurements.h200()["name"] == "NVIDIA H200"


@pytest.mark.skipif(not SHARED.exists(), reason="no shared/ checkout beside this repository")
def test_packaged_copy_matches_the_shared_measurements():
    assert measurements.h200() == json.loads(SHARED.read_text())


def test_moe_sweeps_follow_the_routing_they_describe():
    data = measurements.h200()["moe"]
    for top_k in measurements.MOE_TOP_K:
        sweep = measurements.moe_sweep(top_k)
        assert sweep.experts == 64 and sweep.top_k == top_k
        assert sweep.expert_params == 7168 * 2048 and sweep.bytes_per_param == 2
        assert sweep.weight_bytes == 64 * 7168 * 2048 * 2
        recorded = [p["tokens_per_expert"] for p in data["by_top_k"][str(top_k)]]
        assert moe.tokens_per_expert(sweep.batch, top_k, 64).tolist() == recorded
    with pytest.raises(ValueError, match="top_k must be one of 4, 8; got 2"):
        measurements.moe_sweep(2)


def test_dense_sweep_is_a_single_expert():
    sweep = measurements.dense_sweep()
    assert sweep.experts == sweep.top_k == 1 and sweep.bytes_per_param == 2
    assert sweep.throughput[0] == pytest.approx(1 / sweep.step_time[0])
    # The model of the sweep is the plain roofline step, and its knee the H200's ridge point.
    assert sweep.model_step_time(1, 989.4e12, 4.8e12) == pytest.approx(2**31 / 4.8e12)
    assert sweep.model_knee(989.4e12, 4.8e12) == pytest.approx(989.4 / 4.8)


def test_moe_model_knee_is_experts_over_top_k_times_the_dense_one():
    dense = measurements.dense_sweep().model_knee(989.4e12, 4.8e12)
    assert measurements.moe_sweep(4).model_knee(989.4e12, 4.8e12) == pytest.approx(16 * dense)
    assert measurements.moe_sweep(8).model_knee(989.4e12, 4.8e12) == pytest.approx(8 * dense)


def test_plateau_is_the_median_of_the_tail():
    # tail [9, 10, 20]: median 10, mean 13, largest 20
    assert measurements.plateau([1, 2, 9, 10, 20], tail=3) == 10
    # tail [8, 12, 40, 14]: median (12 + 14) / 2 = 13, mean 18.5
    assert measurements.plateau([3, 8, 12, 40, 14], tail=4) == 13
    assert measurements.plateau([3, 8, 12, 40, 14], tail=1) == 14
    with pytest.raises(ValueError, match="tail must lie between 1 and the number of points"):
        measurements.plateau([1, 2], tail=3)


def test_batch_at_fraction_interpolates_in_log_space():
    batch = [1, 2, 4, 8, 16, 32]
    rate = [1, 2, 4, 8, 8, 8]  # rises in proportion, then levels at 8
    assert measurements.batch_at_fraction(batch, rate, 0.5, tail=3) == pytest.approx(4)
    # 6 lies between 4 (batch 4) and 8 (batch 8); on log axes the line is rate = batch.
    assert measurements.batch_at_fraction(batch, rate, 0.75, tail=3) == pytest.approx(6)
    assert measurements.batch_at_fraction(batch, rate, 1.0, tail=3) == pytest.approx(8)
    assert measurements.batch_at_fraction(batch, [9, 9, 9, 9, 9, 9], 0.9) == 1


@pytest.mark.parametrize("args, message", [
    (([1, 2], [1, 2], 0), "fraction must lie in"),
    (([1, 2], [1, 2], 1.5), "fraction must lie in"),
    (([1, 2, 3], [1, 2], 0.5), "equal-length"),
    (([2, 1], [1, 2], 0.5), "batch must increase"),
    (([1, 2], [1, -2], 0.5), "throughput must be greater than 0"),
])
def test_batch_at_fraction_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        measurements.batch_at_fraction(*args, tail=1)


def test_measured_throughput_reaches_its_plateau_near_the_model_knee():
    # The README: the dense step turns compute bound at about 200 tokens.
    dense = measurements.dense_sweep()
    at_90 = measurements.batch_at_fraction(dense.batch, dense.throughput, 0.9)
    assert 150 < at_90 < 260
    # The MoE knees sit about experts / top_k further right (the padding makes it coarse).
    for top_k in measurements.MOE_TOP_K:
        moe = measurements.moe_sweep(top_k)
        ratio = measurements.batch_at_fraction(moe.batch, moe.throughput, 0.9) / at_90
        assert 0.6 * 64 / top_k < ratio < 1.2 * 64 / top_k


def test_fit_recovers_the_rates_of_a_synthetic_sweep():
    truth = dict(flops=7e14, bandwidth=4e12)
    template = measurements.moe_sweep(8)
    steps = template.model_step_time(template.batch, **truth)
    synthetic = measurements.Sweep(template.batch, steps, template.weight_bytes, template.params,
                                   template.experts, template.top_k)
    fit = measurements.fit_roofline(synthetic)
    assert fit.flops == pytest.approx(truth["flops"]) and fit.bandwidth == pytest.approx(
        truth["bandwidth"])


def test_fit_of_the_measured_sweeps_is_plausible():
    run = measurements.h200()
    for sweep in (measurements.dense_sweep(), *map(measurements.moe_sweep, (4, 8))):
        fit = measurements.fit_roofline(sweep)
        assert 0.75 * 4.8e12 < fit.bandwidth < 4.8e12
        assert 0.8 * run["matmul_flops_per_s"] < fit.flops < 989.4e12
        model = sweep.model_step_time(sweep.batch, fit.flops, fit.bandwidth)
        assert np.median(np.abs(np.log(model / sweep.step_time))) < 0.1
