import numpy as np
import pytest

from llm_napkin import serving


def test_default_chip_count_leaves_half_the_memory_for_the_cache():
    # Llama 3.1 70B in bf16 is 141 GB: 4 H100s (320 GB) is the first power of two with half free.
    assert serving.deploy("H100", "Llama 3.1 70B").chips == 4
    assert serving.deploy("GB200", "DeepSeek-V3", "fp8").chips == 8
    assert serving.fewest_chips(1e9, 80e9) == 1


def test_deployment_aggregates_chips():
    d = serving.deploy("H200", "Mixtral", "bf16", chips=2)
    assert d.bandwidth == 2 * 4.8e12 and d.flops == pytest.approx(2 * 989.4e12)
    assert d.step_time(1) == pytest.approx(2 * 46.7e9 / 9.6e12)


def test_memory_capacity_limits_the_batch():
    d = serving.deploy("H100", "Llama 3.1 70B", chips=4)
    free = 320e9 - 141.2e9
    assert d.largest_batch(4096) == np.floor(free / (4096 * 327_680))
    assert serving.memory_needed(1e9, 10, 100, 1000) == 1e9 + 1e6
    assert serving.largest_batch_in_memory(80e9, 90e9, 1000, 1000) == 0


def test_cost_falls_toward_the_compute_floor():
    d = serving.deploy("H100", "Llama 3.1 70B")
    batches = np.array([1, 16, 256, 4096, 65536])
    cost = d.cost_per_token(batches, 0, 2.0)
    floor = 2.0 * d.chips / 3600 * 2 * d.model.active_params / d.flops
    assert np.all(np.diff(cost) <= 0) and cost[-1] == pytest.approx(floor)


def test_bad_deployments_are_clear():
    with pytest.raises(ValueError, match="TPU v6e has no 'fp8'"):
        serving.deploy("TPU v6e", "Mixtral", "fp8")
    with pytest.raises(ValueError, match="chips must be greater than 0"):
        serving.deploy("H100", "Mixtral", chips=0)
    with pytest.raises(ValueError, match="unknown model"):
        serving.deploy("H100", "Mistral Huge")
