"""Check that the book's code runs on every Python that pyproject.toml's requires-python admits.

Only the oldest declared Python runs on the build machines, so two things are checked without
running the others:

- nothing needs a newer Python than the oldest declared: new syntax or a new name in the
  standard library, found by vermin (pinned in the `test` extra) and by parsing every file with
  the running interpreter, which should be that oldest Python;
- nothing imports a standard module that a declared Python no longer has (3.12 and 3.13 removed
  over twenty; REMOVED lists them).

It reads the package, the tests, the tools, the Sphinx extensions and the code cells of every
notebook (IPython turns their magics into Python first):

    python tools/check_python.py [ROOT]

The exit status is 1, with every problem printed, when the check fails; tests/test_environment.py
runs it on the repository.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet

CODE_DIRS = ["src", "tests", "tools", "book/_ext"]
NOTEBOOK_DIRS = ["book", "templates"]

# Standard modules removed from Python, by the first version without them, as "What's New in
# Python 3.12" and "3.13" list them: PEP 594's dead batteries, PEP 632's distutils, and imp,
# lib2to3 and tkinter.tix, deprecated long before.
REMOVED = {
    (3, 12): ["asynchat", "asyncore", "distutils", "imp", "smtpd"],
    (3, 13): ["aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap",
              "msilib", "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau",
              "telnetlib", "tkinter.tix", "uu", "xdrlib"],
}


def declared_minors(requires_python: str) -> list[tuple[int, int]]:
    """The minor versions of Python 3, (3, 12) and so on, of which `requires_python` admits a
    release; tools/check_wheels.py uses it too."""
    spec = SpecifierSet(requires_python)
    minors = [(3, m) for m in range(40) if any(f"3.{m}.{p}" in spec for p in (0, 99))]
    if not minors or minors[-1] == (3, 39):
        raise ValueError(f"requires-python {requires_python!r} must admit Python 3 and name "
                         "an upper bound (\"<3.14\" admits 3.13)")
    return minors


def sources(root: Path) -> dict[str, str]:
    """Every piece of Python the book runs: {name: code}, one entry a file or notebook cell."""
    from IPython.core.inputtransformer2 import TransformerManager  # check_wheels needs none

    found = {}
    for folder in CODE_DIRS:
        for path in sorted((root / folder).rglob("*.py")):
            found[str(path.relative_to(root))] = path.read_text()
    transform = TransformerManager().transform_cell
    for folder in NOTEBOOK_DIRS:
        for path in sorted((root / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text())["cells"]
            for number, cell in enumerate(cells):
                if cell["cell_type"] == "code":
                    name = f"{path.relative_to(root)}/cell_{number:03d}.py"
                    found[name] = transform("".join(cell["source"]))
    return found


def removed_imports(name: str, code: str, newest: tuple[int, int]) -> list[str]:
    """Imports in `code` of modules that Python `newest` or an older declared one lacks."""
    gone = {module: version for version, modules in REMOVED.items() if version <= newest
            for module in modules}
    imported = []
    for node in ast.walk(ast.parse(code, filename=name)):
        if isinstance(node, ast.Import):
            imported += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported += [(node.lineno, node.module)]
            imported += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    problems = []
    for line, module in imported:
        for removed, version in gone.items():
            if module == removed or module.startswith(removed + "."):
                problems.append(f"{name}:{line}: imports {module}, which Python "
                                f"{version[0]}.{version[1]} no longer has")
    return problems


def too_new(code: dict[str, str], oldest: tuple[int, int]) -> list[str]:
    """vermin's report on what in `code` needs a Python newer than `oldest`, or []."""
    vermin = Path(sys.executable).with_name("vermin")
    if not vermin.exists():
        raise FileNotFoundError(f"{vermin} is missing: install the test extra (make test does)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in code.items():
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_text(text)
        run = subprocess.run([str(vermin), "--no-config-file", f"-t={oldest[0]}.{oldest[1]}-",
                              "--violations", "--eval-annotations", "--no-tips", "-vvv", tmp],
                             capture_output=True, text=True)
    if run.returncode == 0:
        return []
    return [run.stdout.replace(tmp + "/", "") + run.stderr]


def problems(root: Path) -> list[str]:
    """Everything in the book's code that some Python of requires-python would not run."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    minors = declared_minors(project["requires-python"])
    oldest, newest = minors[0], minors[-1]
    code = sources(root)
    found = []
    for name, text in code.items():
        try:
            found += removed_imports(name, text, newest)
        except SyntaxError as error:
            found.append(f"{name}:{error.lineno}: Python {sys.version.split()[0]} cannot parse "
                         f"it ({error.msg}); it needs a newer Python than {oldest[0]}.{oldest[1]}")
    return found + too_new(code, oldest)


def main(root: Path) -> int:
    found = problems(root)
    for problem in found:
        print(problem)
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    verdict = "fails" if found else "runs"
    print(f"The code {verdict} on every Python of requires-python {project['requires-python']!r}.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
