import json
from pathlib import Path

import numpy as np
import pytest

from llm_napkin import measurements

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "h200_roofline.json"


def test_dense_sweep_is_consistent_with_its_description():
    sweep = measurements.dense_sweep()
    assert sweep.weight_bytes == 2 * sweep.params == 2 * 2**30  # bf16, 2 GiB
    assert np.all(np.diff(sweep.batch) > 0) and np.all(sweep.step_time > 0)
    assert measurements.h200()["name"] == "NVIDIA H200"


@pytest.mark.skipif(not SHARED.exists(), reason="no shared/ checkout beside this repository")
def test_packaged_copy_matches_the_shared_measurements():
    assert measurements.h200() == json.loads(SHARED.read_text())
