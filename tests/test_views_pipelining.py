"""Chapter 4's widget: memory per GPU and time per token against pipeline stages."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_napkin import attention, pipelining
from llm_napkin.catalogs import hardware, models
from llm_napkin.show.views import pipelining as view_module

from helpers import REDRAW_BUDGET_S, median_redraw


def lines(panel):
    return [item for item in panel.items if hasattr(item, "x") and hasattr(item, "y")]


def test_memory_panel_draws_the_lecture_formula():
    chart, text = view_module.view(**view_module.DEFAULTS)
    grown, fixed, weights_only, dot = lines(chart.panels[0])
    k2 = models.get("Kimi K2")
    # Kimi K2 in fp8 (1.04 TB) over one stage of 72 GPUs: 14.4 GB per GPU for the weights.
    assert weights_only.y[0] == pytest.approx(1.04e12 / 72 / 1e9)
    # With 256 sequences per stage the cache part stays put: 256 x 32,768 x KV bytes / 72.
    kv_gb = 256 * 32_768 * attention.kv_bytes_per_token(k2) / 72 / 1e9
    assert np.allclose(grown.y - weights_only.y, kv_gb)
    # With 512 sequences in all, the cache part falls as 1/stages.
    assert np.allclose((fixed.y - weights_only.y) * view_module.STAGES, 2 * kv_gb)
    assert dot.y == pytest.approx(grown.y[1])
    assert "fits in 186 GB" in text


def test_time_panel_shows_stages_add_no_speed():
    chart, _ = view_module.view(**view_module.DEFAULTS)
    pipelined, one_domain, _ = lines(chart.panels[1])
    # The first stage count is the same deployment both ways.
    assert pipelined.y[0] == pytest.approx(one_domain.y[0])
    # Pipelined, the time per token hardly moves; in one domain it falls until reading the
    # KV cache, which grows with the batch, is most of the step.
    assert pipelined.y[-1] / pipelined.y[0] == pytest.approx(1, abs=0.01)
    assert np.all(np.diff(one_domain.y) < 0) and one_domain.y[-1] < pipelined.y[-1] / 2
    gb200, k2 = hardware.get("GB200 NVL72"), models.get("Kimi K2")
    floor = pipelining.domain_weight_read_time(k2.weight_bytes("fp8"), 72, gb200.hbm_bandwidth)
    assert pipelined.y[0] / 1e3 > floor  # never faster than reading the weights once


def test_explorer_follows_its_controls_and_reports_bad_input():
    explorer = view_module.explorer()
    assert "2 stages × 72 GPUs" in explorer.readout.value
    explorer.controls["model"].value = "Llama 3.1 405B"
    assert "is dense" in explorer.readout.value
    explorer.controls["chip"].value = "TPU v5e"
    explorer.controls["precision"].value = "fp8"
    assert "Cannot show this" in explorer.readout.value


def test_redraw_is_fast():
    explorer = view_module.explorer()
    assert median_redraw(explorer, "stages", (1, 2, 4, 8, 3, 6, 12)) < REDRAW_BUDGET_S


@settings(max_examples=25)
@given(st.sampled_from(hardware.names()), st.sampled_from(models.names()),
       st.sampled_from(("bf16", "fp8", "fp4")), st.integers(1, 16), st.integers(1, 576),
       st.floats(1, 2**16), st.floats(128, 2**20))
def test_random_controls_never_raise_anything_but_a_clear_error(chip, model, precision, stages,
                                                                 ways, batch, context):
    try:
        view_module.view(chip=chip, model=model, precision=precision, stages=stages,
                         expert_ways=ways, batch=batch, context=context)
    except ValueError as error:
        assert "precision" in str(error) or "matmul" in str(error)
