"""The student edition (tools/student_edition.py, `make student`): exercises kept, solutions gone.

The tests without a mark run in `make test`; those marked `classroom` check the built notebooks
and site (`make classroom`, which .ci/run runs after `make test`).
"""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
STUDENT = ROOT / "_build" / "student"

spec = importlib.util.spec_from_file_location("student_edition",
                                              ROOT / "tools" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text, output=None):
    cell = nbformat.v4.new_code_cell(text)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return cell


def test_a_solution_that_starts_and_ends_mid_cell_is_cut_out_with_its_code_and_output():
    nb = nbformat.v4.new_notebook(cells=[
        code("x = 1", "1\n"),
        md("## Exercises\n\n```{exercise} One (easy, 5 min)\n:label: ex-one\n\nAsk.\n```\n\n"
           "```{solution-start} ex-one\n:class: dropdown\n```\n\nSecret prose."),
        code("print('secret code')", "secret output\n"),
        md("More secret.\n\n```{solution-end}\n```\n\n```{exercise} Two (hard, 9 min)\n"
           ":label: ex-two\n\nAsk again.\n```\n\n```{solution-start} ex-two\n```\n"),
        md("Whole-cell secret.\n\n```{solution-end}\n```"),
        md("## Summary"),
    ])
    student, removed = student_edition.split(nb)
    text = "\n".join(cell.source for cell in student.cells)
    assert [cell.cell_type for cell in student.cells] == ["code", "markdown", "markdown",
                                                          "markdown"]
    assert "{exercise} One" in text and "{exercise} Two" in text and "Ask again." in text
    assert student.cells[0].outputs == nb.cells[0].outputs and student.cells[0].id == nb.cells[0].id
    for secret in ("Secret prose", "secret code", "secret output", "More secret",
                   "Whole-cell secret", "solution-start", "solution-end", "dropdown"):
        assert secret not in text
    assert any("secret output" in r for r in removed) and any("Secret prose" in r for r in removed)
    assert nb.cells[2].source == "print('secret code')"  # the input notebook is left as it was


@pytest.mark.parametrize("source, where", [
    ("```{solution-start} a\n```\n\nNo end.", "no solution-end"),
    ("```{solution-end}\n```", "out of order"),
    ("```{solution-start} a\n```\n```{solution-start} b\n```", "out of order"),
])
def test_unbalanced_markers_raise_naming_the_problem(source, where):
    nb = nbformat.v4.new_notebook(cells=[md(source)])
    with pytest.raises(ValueError, match=where):
        student_edition.split(nb)


def words(text: str) -> str:
    return " ".join(text.split())


def phrases(text: str, n: int = 7) -> set[str]:
    """Runs of n plain words: they read the same in a notebook's source and on a rendered page."""
    tokens = text.split()
    plain = [bool(re.fullmatch(r"[A-Za-z][a-z']*[,.;:]?", t)) for t in tokens]
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1) if all(plain[i:i + n])}


def lines(text: str) -> set[str]:
    return {words(line) for line in text.splitlines() if len(line.strip()) >= 15}


def notebook_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        parts += [student_edition.output_text(o) for o in cell.get("outputs", [])]
    return "\n".join(parts)


def secrets(path: Path) -> set[str]:
    """Phrases and output lines of the chapter's solutions that appear nowhere else in it."""
    nb = nbformat.read(path, as_version=4)
    _, removed = student_edition.split(nb)
    whole, solutions = words(notebook_text(nb)), words("\n".join(removed))
    found = set()
    for text in removed:
        found |= phrases(text) | lines(text)
    found = {s for s in found if whole.count(s) == solutions.count(s)}
    assert len(found) >= 20, f"{path.name}: too few solution phrases to check ({len(found)})"
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebooks_keep_every_exercise_and_no_solution_text(path):
    nb = nbformat.read(path, as_version=4)
    student, removed = student_edition.split(nb)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    exercises = source.count("```{exercise}")
    assert exercises >= 5 and len(removed) >= exercises
    kept = notebook_text(student)
    assert kept.count("```{exercise}") == exercises
    assert "solution-start" not in kept and "solution-end" not in kept
    leaked = [s for s in secrets(path) if s in words(kept)]
    assert not leaked, f"{path.name}: solution text in the student notebook: {leaked[:3]}"


# --- the built edition (make classroom) ---------------------------------------------------------

@pytest.mark.classroom
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_built_student_notebook_runs_and_holds_no_solution(path):
    from nbclient import NotebookClient

    built = STUDENT / "notebooks" / path.name
    assert built.exists(), f"{built} was not built; run make student"
    nb = nbformat.read(built, as_version=4)
    text = words(notebook_text(nb))
    assert not [s for s in secrets(path) if s in text]
    # run top to bottom, where the chapter itself runs (its relative paths), without error
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()


@pytest.mark.classroom
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_site_shows_the_exercises_and_no_solution(path):
    from bs4 import BeautifulSoup

    page = STUDENT / "html" / "book" / f"{path.stem}.html"
    assert page.exists(), f"{page} was not built; run make student"
    html = page.read_text()
    source = path.read_text()
    assert html.count('class="exercise admonition"') == source.count("```{exercise}") >= 5
    assert 'class="solution' not in html
    text = words(BeautifulSoup(html, "html.parser").get_text(" "))
    leaked = [s for s in secrets(path) if s in text]
    assert not leaked, f"{page.name}: solution text on the student site: {leaked[:3]}"
