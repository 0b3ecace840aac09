"""Checks of the built site (run by `make test` after the build, with --site)."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
pytestmark = pytest.mark.site


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def page(name: str) -> str:
    path = HTML / f"{name}.html"
    assert path.exists(), f"{path} was not built; run make book"
    return path.read_text()


@pytest.mark.parametrize("name", toc_files())
def test_every_page_is_built_without_errors_or_raw_markup(name):
    html = page(name)
    assert "Traceback" not in html and 'class="output error' not in html
    for raw in ("{footcite}", "{cite}", "{doc}", "{exercise}", "```{", "Explorer(children"):
        assert raw not in html, f"unrendered {raw} in {name}"


def chapters() -> list[str]:
    return [name for name in toc_files() if re.match(r"book/\d\d_", name)]


@pytest.mark.parametrize("name", chapters())
def test_chapters_show_figures_tables_exercises_and_references(name):
    html = page(name)
    assert html.count("<img") >= 2
    assert html.count("<table") >= 2
    exercises = html.count('class="exercise admonition"')
    assert exercises >= 2 and html.count('class="solution dropdown admonition"') == exercises
    assert 'id="references"' in html and html.count('role="doc-footnote"') >= 1


def test_launch_buttons_follow_the_repository_setting():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    html = page(chapters()[0])
    assert f"mybinder.org/v2/gh/{repo}/" in html
    assert f"colab.research.google.com/github/{repo}/" in html


def test_bibliography_lists_every_work_in_references_bib():
    works = len(re.findall(r"^@\w+\{", (ROOT / "book" / "references.bib").read_text(), re.M))
    assert page("book/bibliography").count('role="doc-biblioentry"') == works


def test_formulas_render_offline_from_a_local_mathjax():
    assert (HTML / "_static" / "mathjax" / "tex-chtml.js").exists()
    # (a rebuild over an existing _build adds a checksum, "?v=...", to the address)
    assert re.search(r'src="\.\./_static/mathjax/tex-chtml\.js(\?v=[0-9a-f]+)?"',
                     page(chapters()[0]))


@pytest.mark.parametrize("name", chapters() + ["book/deepseek_served"])
def test_chapters_link_their_terms_to_the_glossary(name):
    glossary = page("book/glossary")
    terms = set(re.findall(r'<dt id="(term-[^"]+)"', glossary))
    links = re.findall(r'href="glossary\.html#(term-[^"]+)"', page(name))
    assert len(links) >= 10 and set(links) <= terms
