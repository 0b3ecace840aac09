import subprocess
import sys

import numpy as np
import pytest

from llm_napkin import measurements
from llm_napkin.bench import numpy_sweep

TINY = dict(repeats=2, warmups=1)


def test_dense_bench_on_a_tiny_size():
    sweep = numpy_sweep.dense(d_model=32, layers=2, batches=(1, 4, 16), **TINY)
    assert sweep.batch.tolist() == [1, 4, 16]
    assert np.all(sweep.step_time > 0)
    # 2 float32 matrices of 32 x 32: 8,192 bytes; 2,048 weights per token.
    assert sweep.weight_bytes == 2 * 32 * 32 * 4 and sweep.params == 2 * 32 * 32
    assert sweep.bytes_per_param == 4
    fit = measurements.fit_roofline(sweep)
    assert fit.bandwidth > 0 and fit.flops > 0


def test_moe_bench_on_a_tiny_size():
    sweep = numpy_sweep.moe(experts=4, d_model=16, d_expert=8, top_k=2, batches=(2, 8, 32),
                            **TINY)
    assert sweep.experts == 4 and sweep.top_k == 2
    assert sweep.weight_bytes == 4 * 16 * 8 * 4 and sweep.expert_params == 16 * 8
    assert sweep.bytes_per_param == 4
    assert np.all(sweep.step_time > 0)


def test_median_seconds_counts_calls():
    calls = []
    numpy_sweep.median_seconds(lambda: calls.append(1), repeats=3, warmups=2)
    assert len(calls) == 5


@pytest.mark.parametrize("kwargs, match", [(dict(d_model=0), "d_model"),
                                           (dict(batches=(4, 2)), "increasing"),
                                           (dict(batches=(1,)), "increasing"),
                                           (dict(repeats=0), "repeats")])
def test_bad_dense_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        numpy_sweep.dense(**({"d_model": 8, "layers": 1, "batches": (1, 2)} | kwargs))


def test_bad_moe_input():
    with pytest.raises(ValueError, match="top_k"):
        numpy_sweep.moe(experts=2, top_k=3, d_model=4, d_expert=4, batches=(1, 2))


def test_torch_sweep_imports_without_torch():
    code = ("import sys, llm_napkin.bench.torch_sweep as t; "
            "assert 'torch' not in sys.modules; assert t.REPEATS == 20 and t.WARMUPS == 3")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_torch_sweep_shapes_match_the_shipped_h200_data():
    from llm_napkin.bench import torch_sweep
    data = measurements.h200()
    assert [p["batch"] for p in data["dense"]["points"]] == list(torch_sweep.DENSE_BATCHES)
    assert [p["batch"] for p in data["moe"]["by_top_k"]["4"]] == list(torch_sweep.MOE_BATCHES)
    assert [p["context"] for p in data["attention"]["points"]] == list(torch_sweep.CONTEXTS)
    assert data["dense"]["d_model"] == torch_sweep.DENSE["d_model"]
    assert data["moe"]["experts"] == torch_sweep.MOE["experts"]
