"""Chapter 2's widget: what its chart draws and its readout says, from the live view."""

import numpy as np
import pytest
from hypothesis import given, settings

from llm_napkin.catalogs import hardware
from llm_napkin.catalogs.precision import PRECISIONS
from llm_napkin.show import charts, live
from llm_napkin.show.views import optimal_batch

from helpers import control_values, item, markers


def test_optimal_batch_view_draws_the_default_figure_and_readout():
    chart, text = optimal_batch.view(**optimal_batch.DEFAULTS)
    fig = charts.draw(chart)
    assert len(fig.axes) == 2
    assert fig.get_suptitle() == "DeepSeek-V3 in fp8 on 32 × H100 SXM, context 1,024"
    # 295 FLOP/byte (bf16) is 591 in fp8, times half a byte per weight, times 671B / 37.6B.
    assert "Knee without KV cache: 5,280 tokens = ridge point 591 FLOP/byte × 0.50" in text
    assert "routed experts turn compute bound at 9,450 tokens" in text
    assert "256/8 times the 295" in text


def test_optimal_batch_knee_rises_with_context_until_none_is_compute_bound():
    short = optimal_batch.view(context=16)[1]
    long = optimal_batch.view(context=4096)[1]
    assert "moves it to 5,330 tokens" in short
    assert "NO batch is compute bound" in long and "beyond 1,810 tokens" in long
    chart = optimal_batch.view(context=4096)[0]
    assert markers(chart, 0) == []  # no knee to mark
    assert len(markers(chart, 1)) == 1  # only the layer-by-layer dot


def test_optimal_batch_readout_follows_its_controls():
    # bf16: twice the bytes per weight, half the FLOP/byte ratio
    assert "5,280 tokens = ridge point 295 FLOP/byte × 1.0" in optimal_batch.view(
        precision="bf16")[1]
    dense = optimal_batch.view(precision="bf16", model="Llama 3.1 70B")[1]
    assert "Knee without KV cache: 295 tokens" in dense and "routed experts" not in dense
    assert "every part's weights turn compute bound at 295" in dense
    half = dict(precision="bf16", model="Llama 3.1 70B", compute_efficiency=0.5)
    assert "Knee without KV cache: 148 tokens" in optimal_batch.view(**half)[1]
    # TPU v6e: 560 FLOP/byte, halved by the efficiency
    assert "Knee without KV cache: 280 tokens = ridge point 280 FLOP/byte" in optimal_batch.view(
        **half, chip="TPU v6e")[1]


def test_optimal_batch_readout_says_plainly_whether_the_knee_fits_in_memory():
    # 32 x 80 GB = 2.56 TB; 671 GB of weights + 12,161 x 1,024 x 70,272 B = 1.55 TB
    assert "weights + KV cache 1.55 TB of 2.56 TB HBM: fits." in optimal_batch.view()[1]
    # Llama 3.1 70B in bf16 on 4 H100s (320 GB) at a 1,024-token context: 141.2 GB of weights
    # over 13.4 TB/s = 10.54 ms; a sequence adds 2 x 70.6e9 / 3.958e15 FLOP/s = 35.68 µs of
    # multiplies and 1,024 x 327,680 B / 13.4 TB/s = 25.04 µs of cache reads, so the knee is
    # 10.54 ms / 10.64 µs = 990 sequences, whose caches need 990 x 335.5 MB = 332 GB beside the
    # weights: 474 GB. Only (320 - 141.2) GB / 335.5 MB = 532 sequences fit.
    text = optimal_batch.view(model="Llama 3.1 70B", precision="bf16")[1]
    assert "weights + KV cache 474 GB of 320 GB HBM: does NOT fit; only 532 sequences" in text
    assert "the knee is out of reach" in text
    none = optimal_batch.view(model="Llama 3.1 70B", precision="bf16", context=4096)[1]
    assert "NO batch is compute bound" in none and "Memory at the knee" not in none


def test_optimal_batch_counts_are_whole_numbers():
    assert optimal_batch.view(context=1000.4)[0].title.endswith("context 1,000")
    assert optimal_batch.LIVE.controls["context"].integer


def test_optimal_batch_refuses_a_chip_without_the_precision_with_a_message():
    with pytest.raises(ValueError, match="TPU v5p has no 'fp8'"):
        optimal_batch.view(chip="TPU v5p")
    chip_table = live.compile_view(optimal_batch.LIVE)["tables"][0]
    key = f"{hardware.names().index('TPU v5p')},{PRECISIONS.index('fp8')}"
    assert "TPU v5p has no 'fp8'" in chip_table["rows"][key]["error"]


# -- What the chart draws ------------------------------------------------------------------------
# DeepSeek-V3 in fp8 on 32 H100s (3.35 TB/s and 1,978.9 TFLOP/s of fp8 each: 107.2 TB/s and
# 6.3325e16 FLOP/s together), counted part by part from its architecture:
# 671,025,397,760 weights (1 byte each), of which a token multiplies 37,551,276,032
# (17,116,626,944 outside the routed experts + 58 layers x 8 experts x 44,040,192).
# Its MLA cache holds 61 layers x (512 + 64) values x 2 bytes = 70,272 bytes per token.
W, N = 671_025_397_760, 37_551_276_032
BW, F = 32 * 3.35e12, 32 * 1978.9e12


def test_the_memory_and_compute_lines_are_the_roofline_terms():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    weights = item(chart, 0, "read weights")
    assert np.allclose(weights.y, W / BW * 1e3)  # 671.0 GB / 107.2 TB/s = 6.26 ms, flat
    multiply = item(chart, 0, "multiply")
    # 2 FLOP x 37.55e9 weights x batch / 6.3325e16 FLOP/s = 1.186 µs per token of the batch
    assert np.allclose(multiply.y, 2 * N * multiply.x / F * 1e3)
    with_kv = item(chart, 0, "read weights + KV cache")
    # each sequence adds 1,024 x 70,272 bytes = 71.96 MB, 0.671 µs at 107.2 TB/s
    assert np.allclose(with_kv.y, (W + with_kv.x * 1024 * 70_272) / BW * 1e3)


def test_the_knee_is_where_the_memory_and_compute_lines_cross():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    knee, = markers(chart, 0)
    # 6.260 ms / (1.186 µs - 0.671 µs) = 12,161 tokens, where either line reads 14.42 ms
    expected = (W / BW) / (2 * N / F - 1024 * 70_272 / BW)
    assert knee.x == pytest.approx(expected) and knee.x == pytest.approx(12_161, abs=1)
    assert knee.y == pytest.approx(2 * N * expected / F * 1e3)
    assert knee.y == pytest.approx((W + expected * 1024 * 70_272) / BW * 1e3)


def test_throughput_levels_off_at_the_compute_ceiling():
    chart, _ = optimal_batch.view(**optimal_batch.DEFAULTS)
    ceiling = item(chart, 1, "compute ceiling").y
    assert ceiling == pytest.approx(F / (2 * N))  # 6.3325e16 / 7.51e10 = 843,178 tokens/s
    step, layers = item(chart, 1, "overlap across the step"), item(chart, 1, "overlap layer by layer")
    assert np.all(step.y <= ceiling * (1 + 1e-9)) and np.all(layers.y <= step.y * (1 + 1e-9))
    assert step.y[-1] == pytest.approx(ceiling)  # batch 262,144 is compute bound
    # Layer by layer, the attention stays memory bound at a 1,024-token context (its limit is
    # lower), so even the largest batch falls short of the ceiling.
    assert layers.y[-1] < 0.9 * ceiling
    assert step.y[0] == pytest.approx(1 / ((W + 1024 * 70_272) / BW))  # batch 1: one read


@given(values=control_values(optimal_batch.explorer().controls))
@settings(max_examples=25)
def test_random_control_values_draw_or_refuse_with_a_message(values):
    try:
        chart, text = optimal_batch.view(**values)
    except ValueError as error:
        assert "has no" in str(error)
    else:
        charts.draw(chart)
        assert text.startswith("Knee without KV cache: ")
