"""The JavaScript the book ships comes from npm, as package-lock.json pins it."""

import json
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
SHIPPED = ROOT / "src" / "llm_napkin" / "show" / "js"


def lock() -> dict:
    return json.loads((ROOT / "package-lock.json").read_text())["packages"]


def test_every_dependency_is_pinned_exactly_and_locked_with_a_hash():
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    locked = lock()
    for name, pin in wanted.items():
        assert pin[0].isdigit(), f"{name} must be pinned to one version, not {pin!r}"
        assert locked[f"node_modules/{name}"]["version"] == pin
    assert all("integrity" in entry for key, entry in locked.items() if key)


def test_anywidget_front_end_matches_the_python_package():
    assert lock()["node_modules/anywidget"]["version"] == version("anywidget")


@pytest.mark.parametrize("name", ["uPlot.iife.min.js", "uPlot.min.css"])
def test_the_widgets_copy_of_uplot_is_npms(name):
    if not NODE.is_dir():
        pytest.fail("node_modules is missing: run npm ci (make test does)")
    assert (SHIPPED / name).read_bytes() == (NODE / "uplot" / "dist" / name).read_bytes()


def test_the_widgets_module_parses(tmp_path):
    # A syntax error (a name declared twice, say) would leave every widget blank in the browser.
    from llm_napkin.show import live
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: make needs it for the site's JavaScript")
    module = tmp_path / "live.mjs"
    module.write_text(live.LiveChart._esm)
    result = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
