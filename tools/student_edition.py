"""The student edition: the book with every exercise kept and every solution removed.

`make student` runs this script, then builds a site from its output:

    python tools/student_edition.py [SOURCE_ROOT] [OUT_DIR]

It copies the book (``_config.yml``, ``_toc.yml``, ``_static/``, ``book/``) into OUT_DIR (default
``_build/student/src``) and rewrites every notebook there without its solutions. A chapter writes a
solution as a markdown cell holding ```` ```{solution-start} LABEL ```` (with its options), then any
code and markdown cells, then a markdown cell holding ```` ```{solution-end} ````; the start and the
end may sit in the middle of a cell, after an exercise or before the next one. Everything between
the two markers goes: the solution's prose, its code cells and their outputs. Everything else (the
exercise directives, the chapter's code and stored outputs, cell ids) stays, so each student
notebook runs from the top down to every exercise.

This is build tooling, not part of the model, so it lives in ``tools/`` rather than in the
``llm_napkin`` package that readers install on Colab.
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat
import yaml

# ```{solution-start} LABEL, its :option: lines, and the closing fence
START = re.compile(r"^```\{solution-start\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*[ \t]*```[ \t]*(?:\n|$)", re.M)
END = re.compile(r"^```\{solution-end\}[^\n]*\n[ \t]*```[ \t]*(?:\n|$)", re.M)


def split(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[str]]:
    """Return (the notebook without solutions, the removed solutions' texts).

    The removed texts are the solutions' markdown (between the markers), their code, and the
    text of their outputs; a test checks none of them reaches the student edition.
    Raises ValueError naming the cell where a solution never ends or ends without a start.
    """
    student = copy.deepcopy(nb)
    cells, removed = [], []
    inside = False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            if inside:
                removed.append(cell.source)
                removed += [output_text(o) for o in cell.get("outputs", [])]
            else:
                cells.append(copy.deepcopy(cell))
            continue
        text, kept, pos = cell.source, [], 0
        while True:
            marker = (END if inside else START).search(text, pos)
            stray = (START if inside else END).search(text, pos)
            if stray and (marker is None or stray.start() < marker.start()):
                raise ValueError(f"cell {index}: solution marker {stray.group(0).split()[0]!r} "
                                 f"out of order (inside a solution: {inside})")
            if marker is None:
                (removed if inside else kept).append(text[pos:])
                break
            (removed if inside else kept).append(text[pos:marker.start()])
            pos, inside = marker.end(), not inside
        source = "".join(kept).strip("\n")
        if source.strip():
            new = copy.deepcopy(cell)
            new.source = source
            cells.append(new)
    if inside:
        raise ValueError("the last solution has a solution-start but no solution-end")
    student.cells = cells
    return student, [text for text in removed if text.strip()]


def output_text(output: dict) -> str:
    """The text an output shows (stream text, or its text/plain, text/markdown, text/html)."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(str(data[k]) for k in ("text/plain", "text/markdown", "text/html") if k in data)


def build(root: Path, out: Path) -> list[Path]:
    """Copy the book from `root` to `out`, strip every notebook; return the student notebooks."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy2(root / "_toc.yml", out / "_toc.yml")
    # The stored outputs are the chapters' own (nbval checks them), so the copy is not executed.
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    shutil.copytree(root / "_static", out / "_static")  # the site's style, script and favicon
    shutil.copytree(root / "book", out / "book",
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    notebooks = sorted((out / "book").glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        student, _ = split(nb)
        nbformat.write(student, path)
    return notebooks


def main(argv: list[str]) -> None:
    root = Path(argv[1]) if len(argv) > 1 else Path(".")
    out = Path(argv[2]) if len(argv) > 2 else root / "_build" / "student" / "src"
    notebooks = build(root.resolve(), out.resolve())
    print(f"{len(notebooks)} notebooks, without solutions, in {out / 'book'}")


if __name__ == "__main__":
    main(sys.argv)
