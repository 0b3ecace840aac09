"""One citation style across the book (book/_ext/citations.py): a citation is a Markdown link
[label](#cite-key), every page that cites lists its works at its end, and labels are author-year,
lettered over the whole bibliography. The built pages are checked in test_site.py."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from pybtex.database import Entry, Person, parse_file

from chapter_structure import REFERENCES

ROOT = Path(__file__).resolve().parents[1]
BIB = parse_file(ROOT / "book" / "references.bib")
PAGES = (sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))
         + [ROOT / "templates" / "chapter.ipynb"])
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(#cite-(?P<key>[^)\s]*)\)")
OLD = ("{cite}", "{cite:", "{footcite", "{footbibliography}")

spec = importlib.util.spec_from_file_location("citations", ROOT / "book" / "_ext" / "citations.py")
citations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(citations)
LABELS = citations.author_year_labels(BIB.entries.values())


def markdown(path: Path) -> str:
    """What a page shows as Markdown: its Markdown cells, and the Markdown its code prints."""
    if path.suffix == ".md":
        return path.read_text()
    parts = []
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("data", {}).get("text/markdown", "")))
    return "\n\n".join(parts)


def everything(path: Path) -> str:
    """The page's whole source, code and stored outputs included."""
    return path.read_text() if path.suffix == ".md" else json.dumps(json.loads(path.read_text()))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_page_uses_an_older_citation_syntax(path):
    text = everything(path)
    assert not [old for old in OLD if old in text]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_citation_is_a_link_reading_its_works_label(path):
    text = markdown(path)
    links = list(LINK.finditer(text))
    assert len(links) == text.count("(#cite-"), "a malformed [label](#cite-key) link"
    for link in links:
        assert link["key"] in BIB.entries, f"no work {link['key']!r} in references.bib"
        assert link["text"] == LABELS[link["key"]], link.group()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_page_lists_its_references_at_its_end_exactly_when_it_cites(path):
    text = markdown(path)
    cites = bool(LINK.search(text))
    assert cites == (REFERENCES in text)
    if cites:
        assert text.rstrip().endswith(REFERENCES) and "## References" in text


def test_the_book_cites_works_and_labels_are_unique():
    cited = {m["key"] for path in PAGES for m in LINK.finditer(markdown(path))}
    assert len(cited) >= 40
    assert len(set(LABELS.values())) == len(LABELS) == len(BIB.entries)


def test_every_web_address_in_the_bibliography_is_a_link():
    # pybtex renders url and doi fields, and \url{...} elsewhere, as links; a bare address in
    # howpublished or note would be plain text.
    for key, entry in BIB.entries.items():
        for name, value in entry.fields.items():
            if name.lower() not in ("url", "doi"):
                assert "http" not in re.sub(r"\\url\{[^}]*\}", "", value), (key, name)


def entry(key="k", year="2020", title="A title", people=("Pope, Reiner",), **fields) -> Entry:
    work = Entry("misc", fields={"title": title, **fields},
                 persons={"author": [Person(p) for p in people]} if people else {})
    if year:
        work.fields["year"] = year
    work.key = key
    return work


@pytest.mark.parametrize("people, label", [
    (["Pope, Reiner"], "Pope 2020"),
    (["Biham, Eli", "Shamir, Adi"], "Biham and Shamir 2020"),
    (["Fedus, William", "Zoph, Barret", "Shazeer, Noam"], "Fedus et al. 2020"),
    (["{NVIDIA}"], "NVIDIA 2020"),
    (["{\\L}ukasiewicz, Jan"], "Łukasiewicz 2020"),
    (["van der Berg, Jan"], "van der Berg 2020"),
])
def test_a_label_is_the_surnames_and_the_year(people, label):
    assert citations.author_year_labels([entry(people=people)]) == {"k": label}


def test_a_short_author_field_names_an_organisation_by_its_short_name():
    long = entry(people=["{National Institute of Standards and Technology}"], shortauthor="NIST")
    assert citations.author_year_labels([long]) == {"k": "NIST 2020"}


def test_works_that_would_share_a_label_are_lettered_in_the_order_of_their_titles():
    works = [entry("b", title="Zebra"), entry("a", title="{Apple}"), entry("c", year="2021")]
    assert citations.author_year_labels(works) == {"a": "Pope 2020a", "b": "Pope 2020b",
                                                   "c": "Pope 2021"}


def test_a_work_without_a_year_or_an_author_is_refused_with_its_key():
    with pytest.raises(ValueError, match="'k' has no year"):
        citations.author_year_labels([entry(year=None)])
    with pytest.raises(ValueError, match="'k' has no author"):
        citations.author_year_labels([entry(people=())])


def test_more_works_than_letters_under_one_label_are_refused():
    works = [entry(str(i), title=f"Title {i}") for i in range(27)]
    with pytest.raises(ValueError, match="27 works would share the label 'Pope 2020'"):
        citations.author_year_labels(works)


def test_a_work_keeps_its_letter_on_a_page_that_cites_it_alone():
    works = [entry("a", title="First"), entry("b", title="Second")]
    citations.use_bibliography(works)
    try:
        page = list(citations.AuthorYearLabels().format_labels([works[1]]))
    finally:
        citations.use_bibliography([])
    assert page == ["Pope 2020b"]


def test_the_lists_are_sorted_by_label_and_the_page_list_shows_each_label_first():
    works = [entry("z", people=["Zhao, C."]), entry("a", people=["Austin, J."])]
    style = citations.LabelledAuthorYearStyle()
    formatted = list(style.format_entries(works))
    assert [f.key for f in formatted] == ["a", "z"]
    assert formatted[0].text.render_as("text").startswith("[Austin 2020] J. Austin. A title.")
