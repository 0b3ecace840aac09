"""The book's one citation style: author-year labels, written as ordinary Markdown links.

A citation in a notebook's Markdown is a link whose text is the work's label and whose target
is ``#cite-`` and its key in ``book/references.bib``::

    ... the most important lever ([Pope 2026](#cite-pope2026lecture)).

In a live notebook (JupyterLab, Colab) that reads as the label itself. On the site and in the
PDF this extension turns the link into a sphinxcontrib-bibtex citation, which shows the entry
when hovered and links to it: on the site in the list of references at the end of the page, in
the PDF in the bibliography. The build fails, saying what to write, when a key is unknown or a
link's text is not its entry's label.

A label is the authors' surnames and the year: "Pope 2026", "Biham and Shamir 1991",
"Fedus et al. 2022"; an organisation by its name, or by the entry's ``shortauthor`` field where
that is given. Works that would share a label get a letter after the year, in the order of
their titles: "DeepSeek-AI 2024a", "DeepSeek-AI 2024b". Letters are given over the whole
bibliography, so a work has the same label on every page.

Two pybtex formatting styles use these labels: ``authoryear`` (entries sorted by label; the
bibliography's list, whose label sits beside each entry) and ``authoryear-labelled`` (the same
entry with its label in front). The second lists the works a page cites at its end, where the
page's Markdown has the directive ``references``, with nothing else to write::

    ```{references}
    ```
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from docutils import nodes
from docutils.transforms import Transform
from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.roles import CitationRef

logger = logging.getLogger(__name__)

TARGET = re.compile(r"#cite-(?P<key>[^\s#]+)$")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PLAIN_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")  # undo Sphinx's smart quotes


def _plain(latex: str) -> str:
    """A BibTeX name or field as plain text: braces and accents resolved."""
    return Text.from_latex(latex).render_as("text")


def names(entry: Entry) -> str:
    """The names part of `entry`'s label: "Pope", "Biham and Shamir", "Fedus et al."."""
    if "shortauthor" in entry.fields:
        return _plain(entry.fields["shortauthor"])
    people = entry.persons.get("author") or entry.persons.get("editor")
    if not people:
        raise ValueError(f"bibliography entry {entry.key!r} has no author, editor or "
                         f"shortauthor to label it by")
    surnames = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."


def author_year_labels(entries: Iterable[Entry]) -> dict[str, str]:
    """{key: label} for `entries`, with letters after the year where labels would repeat."""
    groups = defaultdict(list)
    for entry in entries:
        if "year" not in entry.fields:
            raise ValueError(f"bibliography entry {entry.key!r} has no year")
        groups[f"{names(entry)} {entry.fields['year']}"].append(entry)
    labels = {}
    for base, group in groups.items():
        if len(group) == 1:
            labels[group[0].key] = base
            continue
        if len(group) > len(LETTERS):
            raise ValueError(f"{len(group)} works would share the label {base!r}; at most "
                             f"{len(LETTERS)} can be lettered apart")
        group.sort(key=lambda e: _plain(e.fields.get("title", "")).lower())
        for letter, entry in zip(LETTERS, group, strict=False):
            labels[entry.key] = base + letter
    return labels


class AuthorYearLabels(BaseLabelStyle):
    """Author-year labels, lettered over the whole bibliography (set by `use_bibliography`)."""

    bibliography: dict[str, str] = {}

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        known = all(e.key in self.bibliography for e in entries)
        labels = self.bibliography if known else author_year_labels(entries)
        return (labels[e.key] for e in entries)


def use_bibliography(entries: Iterable[Entry]) -> None:
    """Letter the labels over `entries`, the whole bibliography, from now on."""
    AuthorYearLabels.bibliography = author_year_labels(entries)


class AuthorYearStyle(UnsrtStyle):
    """pybtex's unsrt entries, labelled author-year and sorted by label."""

    default_label_style = AuthorYearLabels

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sort = self.sort_by_label  # pybtex sets `sort` per instance, from a sorting style

    def sort_by_label(self, entries):
        entries = list(entries)
        labels = dict(zip((e.key for e in entries), self.format_labels(entries), strict=True))
        return sorted(entries, key=lambda e: labels[e.key].lower())


class LabelledAuthorYearStyle(AuthorYearStyle):
    """The same entries with the label in front, for lists that show no labels of their own."""

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        return FormattedEntry(formatted.key, Text(f"[{label}] ", formatted.text), formatted.label)


class References(BibliographyDirective):
    """The works the page cites, as a bulleted list, each entry led by its label."""

    optional_arguments = 0
    has_content = False
    option_spec = {}

    def run(self):
        self.options = {"list": "bullet", "filter": "docname in docnames",
                        "style": "authoryear-labelled"}
        return super().run()


class CitationLinks(Transform):
    """Turn each ``[label](#cite-key)`` link into a citation of `key`.

    Runs before MyST resolves ``#`` links (priority 879), while the page is read, so that
    sphinxcontrib-bibtex knows the page cites the work (its ``docname in docnames`` filter).
    """

    default_priority = 870

    def apply(self, **kwargs) -> None:
        env = self.document.settings.env
        domain = env.get_domain("cite")
        entries = domain.bibdata.data.entries
        for link in list(self.document.findall(nodes.reference)):
            match = TARGET.match(link.get("refuri", "")) if link.get("id_link") else None
            if match is None:
                continue
            key, text = match["key"], link.astext().translate(PLAIN_QUOTES)
            if key not in entries:
                logger.warning(f"citation of {key!r}: no such key in the bibliography",
                               location=link)
                continue
            label = AuthorYearLabels.bibliography.get(key)
            if text != label:
                logger.warning(f"citation of {key!r} reads {text!r}; its label is {label!r}: "
                               f"write [{label}](#cite-{key})", location=link)
            citation = addnodes.pending_xref(
                text, nodes.inline(text, text), refdomain="cite", reftype="alp", reftarget=key,
                refdoc=env.docname, refexplicit=False, refwarn=True)
            citation.source, citation.line = link.source, link.line
            link.replace_self(citation)
            self.document.note_explicit_target(citation, citation)
            domain.citation_refs.append(CitationRef(
                citation_ref_id=citation["ids"][0], docname=env.docname, line=citation.line,
                targets=[CitationTarget(key=key, pre="", post="")]))


class LocalCitations(SphinxPostTransform):
    """On the site, a citation jumps to its entry in the page's own list of references, where
    the page has one, rather than to the bibliography page (the PDF keeps one bibliography)."""

    default_priority = 20  # after sphinxcontrib-bibtex's lists (5) and the references (10)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        listed = {i for item in self.document.findall(nodes.list_item) for i in item["ids"]
                  if i.startswith("cite-")}
        for citation in self.document.findall(nodes.inline):
            if "bibtex-citation" not in citation["classes"]:
                continue
            for link in citation.findall(nodes.reference):
                fragment = link.get("refuri", "").partition("#")[2]
                if fragment in listed:
                    del link["refuri"]
                    link["refid"] = fragment


def letter_labels(app: Sphinx) -> None:
    """Once sphinxcontrib-bibtex has read the .bib files, letter the labels over all of them."""
    use_bibliography(app.env.get_domain("cite").bibdata.data.entries.values())


def setup(app: Sphinx) -> dict:
    register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)
    register_plugin("pybtex.style.formatting", "authoryear-labelled", LabelledAuthorYearStyle)
    app.connect("builder-inited", letter_labels, priority=900)
    app.add_directive("references", References)
    app.add_transform(CitationLinks)
    app.add_post_transform(LocalCitations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
