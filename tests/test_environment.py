"""The Binder environment must install exactly what pyproject.toml pins."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyproject_pins() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = set(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        pins |= set(extra)
    return {p.lower() for p in pins}


def environment_pins() -> tuple[set[str], list[str]]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    pip = [m.group(1).lower() for line in lines if (m := re.match(r"\s+- (\S+==\S+)$", line))]
    conda = [line.strip() for line in lines if re.match(r"\s+- python=", line)]
    return set(pip), conda


def test_every_dependency_is_pinned_exactly():
    assert all(re.fullmatch(r"[a-z0-9_.\-\[\]]+==[\w.]+", pin) for pin in pyproject_pins())


def test_binder_environment_matches_pyproject():
    pip, python = environment_pins()
    assert pip == pyproject_pins()
    assert python == ["- python=3.11"]
    assert "- -e ." in (ROOT / "environment.yml").read_text()


def test_jupyter_book_is_version_1():
    assert "jupyter-book==1.0.4.post1" in pyproject_pins()
