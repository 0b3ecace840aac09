"""Structure every chapter notebook must have (nbval checks their outputs)."""

import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def code_cells(path):
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_installs_the_package_from_the_configured_repository(path):
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    first = code_cells(path)[0]
    assert f'git+{url}"' in "".join(first["source"]), \
        f"{path.name}: the install cell must use repository.url from _config.yml ({url})"
    assert "remove-cell" in first["metadata"].get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_complete_and_error_free(path):
    for cell in code_cells(path):
        assert cell["execution_count"] is not None, "run make notebooks and commit the outputs"
        assert all(o["output_type"] != "error" for o in cell["outputs"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_widget_cells_skip_output_comparison(path):
    for cell in code_cells(path):
        tags = cell["metadata"].get("tags", [])
        if "nbval-ignore-output" in tags:
            assert "remove-output" in tags and "explorer()" in "".join(cell["source"])
