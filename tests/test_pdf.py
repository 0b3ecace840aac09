"""Checks of the PDF (`make pdf`, then `make classroom` runs these with --classroom).

Text is read with pdftotext and the images listed with pdfimages (Debian's poppler-utils, which
.ci/run installs with the TeX packages).
"""

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "book.pdf"
pytestmark = pytest.mark.classroom


def toc_notebooks() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def pdftotext(*options: str) -> str:
    assert PDF.exists(), f"{PDF} was not built; run make pdf"
    return subprocess.run(["pdftotext", *options, str(PDF), "-"], check=True,
                          capture_output=True, text=True).stdout


def plain(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


@pytest.fixture(scope="module")
def text() -> str:
    return plain(pdftotext())


@pytest.mark.parametrize("path", [p for p in toc_notebooks() if re.match(r"\d\d_", p.name)],
                         ids=lambda p: p.stem)
def test_every_chapter_title_is_printed(path, text):
    first = json.loads(path.read_text())["cells"][0]
    title = re.search(r"^# (.+)$", "".join(first["source"]), re.M).group(1)
    assert plain(title) in text, f"chapter title {title!r} missing from the PDF"


def test_figures_are_embedded():
    figures = sum(1 for p in toc_notebooks() for c in json.loads(p.read_text())["cells"]
                  if c.get("metadata", {}).get("mystnb", {}).get("figure"))
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], check=True,
                             capture_output=True, text=True).stdout.splitlines()[2:]
    assert len(listing) >= figures >= 8


def test_no_missing_characters():
    log = (LATEX / "book.log").read_text(errors="replace")
    assert "Missing character" not in log


def test_the_print_edition_leaves_out_widgets_launch_prose_and_solutions(text):
    tex = (LATEX / "book.tex").read_text()
    # no widget call among the printed code (the API reference still documents explorer())
    assert r"\PYG{n}{explorer}\PYG{p}{(}\PYG{p}{)}" not in tex
    assert "rocket" not in text and "Try it." not in text and "live session" not in text
    assert "Solution to Exercise" not in text
    assert "Exercise" in text and "Bibliography" in text


def test_no_table_text_is_clipped_or_off_the_page():
    # A word wider than its table column sticks out over the next one: LaTeX reports it as an
    # overfull box at the line where the table ends (tabulary sets the whole table there).
    tex = (LATEX / "book.tex").read_text().splitlines()
    ends = {n for n, line in enumerate(tex, 1) if re.match(r"\\end\{(tabulary|longtable)\}", line)}
    log = (LATEX / "book.log").read_text(errors="replace")
    log = log.split("(./book.ind")[0]  # the index comes last; its line numbers are its own file's
    overfull = [(float(width), int(line)) for width, line in re.findall(
        r"Overfull \\hbox \(([\d.]+)pt too wide\) in paragraph at lines (\d+)--\d+", log)]
    clipped = [(width, line) for width, line in overfull if line in ends and width > 2.0]
    assert not clipped, f"table text wider than its column (pt, line of book.tex): {clipped}"
    # and no word box past the page's right edge
    for page in pdftotext("-bbox").split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', page)]
        assert not right or max(right) <= width, "text past the page's right edge"


def test_no_solution_prose_is_printed(text):
    from test_student import CHAPTERS, secrets

    for path in CHAPTERS:
        prose = [s for s in secrets(path) if re.fullmatch(r"[A-Za-z' ,.;:]+", s)]
        assert len(prose) >= 10
        leaked = [s for s in prose if plain(s) in text]
        assert not leaked, f"{path.name}: solution text in the PDF: {leaked[:3]}"
