"""The environment: the lock agrees with pyproject.toml, Binder installs the lock, the code runs on
every Python the package declares, and every notebook's first cell installs the package."""

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
sys.path.insert(0, str(ROOT / "tools"))

import check_python  # noqa: E402  (tools/, put on the path above)
import check_wheels  # noqa: E402
import install_cell  # noqa: E402

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pyproject_requirements() -> list[Requirement]:
    extras = PROJECT["optional-dependencies"].values()
    return [Requirement(r) for r in PROJECT["dependencies"] + [r for e in extras for r in e]]


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """{normalised name: (version specifier, hashes)} of every requirement in the lock."""
    text = re.sub(r"\\\n", " ", LOCK.read_text())  # join each entry's continued lines
    entries = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split()
        requirement = Requirement(words[0])
        hashes = [w.removeprefix("--hash=") for w in words[1:] if w.startswith("--hash=")]
        assert len(hashes) == len(words) - 1, f"the lock's line {line!r} holds more than hashes"
        assert canonicalize_name(requirement.name) not in entries, f"{requirement.name} twice"
        entries[canonicalize_name(requirement.name)] = (str(requirement.specifier), hashes)
    return entries


def lock_command() -> str:
    """The command the lock's header says made it."""
    return re.search(r"^#\s+(uv pip compile .*)$", LOCK.read_text(), re.M).group(1)


def test_every_dependency_is_pinned_exactly():
    for requirement in pyproject_requirements():
        assert re.fullmatch(r"==[\w.]+", str(requirement.specifier)), requirement


def test_every_lock_entry_is_pinned_and_hashed():
    entries = lock_entries()
    assert len(entries) > len(pyproject_requirements())  # the indirect ones are there too
    for name, (specifier, hashes) in entries.items():
        assert re.fullmatch(r"==[\w.]+", specifier), f"{name} is not pinned: {specifier!r}"
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), name


def test_every_pin_of_pyproject_is_in_the_lock_at_the_same_version():
    entries = lock_entries()
    for requirement in pyproject_requirements():
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{name} is missing from the lock: run make lock"
        assert entries[name][0] == str(requirement.specifier), \
            f"{name}: pyproject.toml pins {requirement.specifier}, the lock {entries[name][0]}"


def test_the_lock_covers_every_extra_for_the_python_make_uses():
    command = lock_command()
    assert command.startswith("uv pip compile pyproject.toml ")
    assert set(re.findall(r"--extra (\S+)", command)) == set(PROJECT["optional-dependencies"])
    assert "--generate-hashes" in command
    python = re.search(r"--python-version (\S+)", command).group(1)
    assert python == "3.11"
    assert f"sys.version_info[:2] != ({python.replace('.', ', ')})" in \
        (ROOT / "Makefile").read_text(), "the Makefile must refuse a Python other than the lock's"
    assert tuple(map(int, python.split("."))) == check_python.declared_minors(
        PROJECT["requires-python"])[0], "the lock is for the oldest Python the package declares"


def test_binder_installs_the_lock_then_the_package_on_the_locks_python():
    binder = ROOT / "binder"
    requirements = [line for line in (binder / "requirements.txt").read_text().splitlines()
                    if line and not line.startswith("#")]
    assert requirements == ["-r ../requirements.lock"]
    python = re.search(r"--python-version (\S+)", lock_command()).group(1)
    assert (binder / "runtime.txt").read_text().strip() == f"python-{python}"
    post_build = (binder / "postBuild").read_text()
    assert "pip install" in post_build and "--no-deps" in post_build
    assert (binder / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    # repo2docker reads binder/ alone when it exists; an environment.yml there would win.
    assert not (binder / "environment.yml").exists()


def test_jupyter_book_is_version_1():
    assert "jupyter-book==1.0.4.post1" in PROJECT["optional-dependencies"]["book"]


def test_the_declared_pythons_are_3_11_to_3_13():
    assert check_python.declared_minors(PROJECT["requires-python"]) == [(3, 11), (3, 12), (3, 13)]
    with pytest.raises(ValueError, match="upper bound"):
        check_python.declared_minors(">=3.11")


def test_the_code_runs_on_every_declared_python():
    assert check_python.problems(ROOT) == []


def test_the_python_check_finds_newer_syntax_newer_names_and_removed_modules(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.11,<3.14"\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "new.py").write_text("from itertools import batched\n")
    (tmp_path / "src" / "old.py").write_text("import os\nimport imghdr\n")
    (tmp_path / "book").mkdir()
    notebook = {"cells": [{"cell_type": "code", "source": ["%pip install x\n", "type N = int"]}]}
    (tmp_path / "book" / "n.ipynb").write_text(json.dumps(notebook))
    found = "\n".join(check_python.problems(tmp_path))
    assert "src/old.py:2: imports imghdr, which Python 3.13 no longer has" in found
    assert "'itertools.batched' member requires !2, 3.12" in found
    assert "book/n.ipynb/cell_000.py" in found and "type alias" in found
    # Declaring only 3.11 and 3.12 lets imghdr pass, not batched.
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.11,<3.13"\n')
    found = "\n".join(check_python.problems(tmp_path))
    assert "imghdr" not in found and "itertools.batched" in found


def test_the_wheel_check_asks_pip_for_wheels_only_for_that_python():
    command = check_wheels.download_command("3.13", ["numpy==2.4.6"], "/tmp/x")
    assert command[1:4] == ["-m", "pip", "download"]
    assert "--only-binary=:all:" in command
    for option, value in [("--python-version", "3.13"), ("--abi", "cp313"),
                          ("--implementation", "cp"), ("--platform", "manylinux_2_28_x86_64")]:
        assert command[command.index(option) + 1] == value
    assert command[-1] == "numpy==2.4.6"


@pytest.mark.parametrize("path", install_cell.notebooks(ROOT), ids=lambda p: p.name)
def test_the_first_code_cell_is_the_install_cell(path):
    cell = install_cell.first_code_cell(json.loads(path.read_text()))
    assert "".join(cell["source"]) == install_cell.source(ROOT), \
        f"{path.name}: run `python tools/install_cell.py` to rewrite its install cell"


class FakeColab:
    """A kernel without the package, whose %pip moves the given distributions to new versions."""

    def __init__(self, monkeypatch, installed: dict[str, str], upgraded: dict[str, str]):
        import importlib.metadata
        import importlib.util

        self.installed, self.upgraded, self.pip = dict(installed), upgraded, []
        find_spec = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *a: None if name == "llm_napkin" else find_spec(name, *a))
        monkeypatch.setattr(importlib.metadata, "distributions", self.distributions)
        monkeypatch.setattr(importlib.metadata, "packages_distributions",
                            lambda: {name: [name] for name in self.installed})

    def distributions(self):
        return [type("Dist", (), {"name": n, "version": v}) for n, v in self.installed.items()]

    def run_line_magic(self, magic, line):
        self.pip.append((magic, line))
        self.installed.update(self.upgraded)

    def run(self):
        code = TransformerManager().transform_cell(install_cell.source(ROOT))
        exec(code, {"get_ipython": lambda: self})


def test_the_install_cell_asks_for_a_restart_when_pip_replaces_an_imported_package(monkeypatch):
    assert "json" in sys.modules and "no_such_module" not in sys.modules
    colab = FakeColab(monkeypatch, {"json": "1.0", "no_such_module": "1.0"},
                      {"json": "2.0", "no_such_module": "2.0"})
    with pytest.raises(RuntimeError, match=r"replaced json, which .* Restart the session"):
        colab.run()
    url = install_cell.source(ROOT).split("git+")[1].split('"')[0]
    assert colab.pip == [("pip", f'install --quiet "git+{url}"')]


def test_the_install_cell_runs_on_when_nothing_imported_was_replaced(monkeypatch):
    colab = FakeColab(monkeypatch, {"json": "1.0"}, {"no_such_module": "1.0"})
    colab.run()
    assert len(colab.pip) == 1
