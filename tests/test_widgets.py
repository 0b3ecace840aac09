"""Build each chapter's widget headlessly, move its controls, and check what it shows."""

import time

import matplotlib.pyplot as plt
import pytest

from llm_napkin.views import batching


def test_batching_view_draws_the_default_figure_and_readout():
    fig, text = batching.view(**batching.DEFAULTS)
    assert len(fig.axes) == 2
    assert "4 × H100 SXM" in fig.texts[0].get_text() or "4 × H100 SXM" in fig._suptitle.get_text()
    assert "memory bound" in text and "per M tokens" in text
    plt.close(fig)


def test_batching_explorer_follows_its_controls():
    explorer = batching.explorer()
    assert "Batch 64 " in explorer.readout.value
    explorer.controls["batch"].value = 4096
    assert "Batch 4,096 " in explorer.readout.value
    explorer.controls["context"].value = 128
    assert "compute bound" in explorer.readout.value
    explorer.controls["model"].value = "DeepSeek-V3"
    assert "weights 1.34 TB" in explorer.readout.value


def test_batching_explorer_shows_bad_input_as_a_message():
    explorer = batching.explorer()
    explorer.controls["chip"].value = "TPU v5e"
    explorer.controls["precision"].value = "fp8"
    assert "Cannot show this" in explorer.readout.value
    assert "TPU v5e has no &#x27;fp8&#x27;" in explorer.readout.value
    assert "Traceback" not in explorer.readout.value
    explorer.controls["precision"].value = "bf16"
    assert "Cannot show this" not in explorer.readout.value


def test_batching_redraw_is_fast():
    explorer = batching.explorer()
    times = []
    for batch in (8, 64, 512, 4096, 32, 256, 2048):
        start = time.perf_counter()
        explorer.controls["batch"].value = batch
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[len(times) // 2] < 0.25  # a loose bound for slow CI machines; see the book's note
