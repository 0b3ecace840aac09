"""The first code cell of every notebook: install the book's package where it is missing.

Outside this repository (on Colab, say) the package `llm_napkin` is not installed, so the cell
installs it with pip from `repository.url` in _config.yml. pip may replace packages that the
running kernel has already imported (Colab comes with numpy and matplotlib, for one); the old
versions stay loaded until the kernel restarts, so the cell then stops with an error that says to
restart, rather than let the notebook run on a mix of versions. After the restart the package is
found and the cell does nothing.

    python tools/install_cell.py [ROOT]

rewrites that cell in every notebook of book/ and templates/ from _config.yml, keeping its
metadata and outputs (it prints nothing where the package is installed, so no notebook needs
re-executing); tests/test_environment.py fails while a notebook's cell differs from `source`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

NOTEBOOK_DIRS = ["book", "templates"]

CELL = '''\
# Outside this repository (on Colab, say) install the book's package first. Should pip replace a
# package this session has already imported, the session must restart to load the new version.
import importlib.metadata, importlib.util, sys
if importlib.util.find_spec("llm_napkin") is None:
    versions = lambda: {d.name: d.version for d in importlib.metadata.distributions()}
    before = versions()
    %pip install --quiet "git+REPOSITORY_URL"
    importlib.invalidate_caches()
    owners = importlib.metadata.packages_distributions()
    loaded = {name for module in list(sys.modules) for name in owners.get(module, [])}
    replaced = sorted(n for n, v in versions().items() if n in loaded and before.get(n, v) != v)
    if replaced:
        raise RuntimeError(
            f"Installing the book's package replaced {', '.join(replaced)}, which this session "
            "had already imported. Restart the session (on Colab: Runtime > Restart session) and "
            "run the notebook again; this cell will then find the package and skip the install.")'''


def source(root: Path) -> str:
    """The install cell's code for the repository that _config.yml under `root` names."""
    url = yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]
    return CELL.replace("REPOSITORY_URL", url)


def notebooks(root: Path) -> list[Path]:
    return sorted(p for folder in NOTEBOOK_DIRS for p in (root / folder).glob("*.ipynb"))


def first_code_cell(notebook: dict) -> dict:
    return next(c for c in notebook["cells"] if c["cell_type"] == "code")


def rewrite(path: Path, code: str) -> bool:
    """Give the notebook at `path` `code` as its first code cell; True when that changed it."""
    notebook = json.loads(path.read_text())
    cell = first_code_cell(notebook)
    lines = code.splitlines(keepends=True)
    if cell["source"] == lines:
        return False
    cell["source"] = lines
    # The layout Jupyter itself writes, so that the diff holds only the cell.
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return True


def main(root: Path) -> int:
    code = source(root)
    for path in notebooks(root):
        if rewrite(path, code):
            print(f"rewrote the install cell of {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
