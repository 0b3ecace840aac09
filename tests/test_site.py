"""Checks of the built site (run by `make test` after the build, with --site)."""

import re
from html import escape, unescape
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

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
    assert 'id="references"' in html and html.count('<li id="cite-') >= 1


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


BIB = parse_file(ROOT / "book" / "references.bib").entries
CITATION = re.compile(r'<span class="bibtex-citation" id="[^"]*"><a class="reference internal" '
                      r'href="#cite-(?P<key>[^"]+)" title="[^"]*">(?P<label>[^<]+)</a></span>')
ENTRY = re.compile(r'<li id="cite-(?P<key>[^"]+)"><p>(?P<body>.*?)</p></li>'
                   r'|<div class="citation" id="cite-(?P<bkey>[^"]+)" role="doc-biblioentry">'
                   r'(?P<bbody>.*?)</div>', re.S)


def entries(html: str) -> dict[str, str]:
    """{key: entry's HTML} of a page's reference list or of the bibliography."""
    return {m["key"] or m["bkey"]: m["body"] or m["bbody"] for m in ENTRY.finditer(html)}


def prose(html: str, inline_code: bool = False) -> str:
    """The text of a page's article, without its code blocks (and inline code unless asked),
    with straight quotes."""
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    hidden = "script|style|pre" if inline_code else "script|style|pre|code"
    article = re.sub(rf"<({hidden})\b.*?</\1>", " ", article, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", article)).replace("\u2019", "'")
    return " ".join(text.split())


@pytest.mark.parametrize("name", toc_files())
def test_every_citation_shows_its_label_and_jumps_to_its_entry_on_the_same_page(name):
    html = page(name)
    cited = list(CITATION.finditer(html))
    assert len(cited) == html.count('class="bibtex-citation"') == html.count('href="#cite-')
    assert 'role="doc-footnote"' not in html
    listed = entries(html)
    if name == "book/bibliography":
        assert not cited and len(listed) == len(BIB)
        return
    assert set(listed) == {m["key"] for m in cited}
    for m in cited:
        assert unescape(listed[m["key"]]).startswith(f"[{unescape(m['label'])}] ")


@pytest.mark.parametrize("name", toc_files())
def test_every_listed_work_links_its_web_address(name):
    for key, body in entries(page(name)).items():
        fields = BIB[key].fields
        if "url" in fields:
            assert f'href="{escape(fields["url"])}"' in body, key
        if "doi" in fields:
            assert f'href="https://doi.org/{escape(fields["doi"])}"' in body, key
        assert "http" not in re.sub(r"<a\b.*?</a>|<[^>]+>", "", body), key


@pytest.mark.parametrize("name", toc_files())
def test_no_page_names_a_work_by_its_bibliography_key(name):
    keys = "|".join(re.escape(key) for key in BIB)
    assert not re.search(rf"\b({keys})\b", prose(page(name)))


@pytest.mark.parametrize("name", toc_files())
def test_no_page_points_to_files_the_reader_lacks(name):
    # the project's working folders (the lecture notes, the data's README) and repository paths
    assert not re.search(r"shared/|lecture folder|shared lecture|data's README|\.\./shared|"
                         r"/work/|src/llm_napkin", prose(page(name), inline_code=True), re.I)
