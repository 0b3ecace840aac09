"""The glossary: every term a chapter mentions is linked to it at its first mention."""

import json
import re
from pathlib import Path

import pytest

from glossary_links import GLOSSARY, ROOT, events, first_mentions, glossary_entries, prose_mask
from llm_napkin import ledger

CHAPTERS = [ROOT / "book" / f"{t.chapter}.ipynb" for t in ledger.TOPICS if t.chapter]
LINKED = CHAPTERS + [ROOT / "book" / "deepseek_served.ipynb"]  # the chapters and the interlude
ENTRIES = glossary_entries()


def test_the_glossary_has_the_terms_the_issue_names_each_pointing_to_a_page():
    terms = {t.lower() for entry in ENTRIES for t in entry}
    for term in ("ridge point", "knee", "drain time", "decode step", "prefill", "KV cache", "HBM",
                 "scale-up", "scale-out", "scale-up domain", "expert parallelism", "all-to-all",
                 "pipeline bubble", "MLA", "GQA", "MQA", "Feistel network", "RevNet", "avalanche",
                 "strict avalanche criterion", "Chinchilla-optimal", "roofline", "sparsity",
                 "arithmetic intensity", "context limit", "sparse attention", "micro-batch",
                 "tensor parallelism", "data parallelism", "pipeline parallelism"):
        assert term.lower() in terms, term
    assert len(terms) == sum(len(e) for e in ENTRIES), "a term is listed twice"
    block = re.search(r"^```\{glossary\}\n(.*?)^```", GLOSSARY.read_text(), re.M | re.S).group(1)
    definitions = re.findall(r"((?:^  .*\n)+)", block, re.M)
    assert len(definitions) == len(ENTRIES)
    for definition in definitions:
        sentences = len(re.findall(r"[.!?](?:\s|$)", definition.replace("e.g.", "")))
        assert 1 <= sentences <= 4, definition  # one to three, and the "See ..." pointer
        assert "{doc}" in definition or "{ref}" in definition, f"no pointer: {definition}"


@pytest.mark.parametrize("path", LINKED, ids=lambda p: p.name)
def test_each_term_is_linked_at_its_first_mention(path):
    unlinked = [f"{e.entry[0]!r} first appears unlinked in cell {e.cell}: {e.text!r}"
                for e in first_mentions(path, ENTRIES).values() if not e.linked]
    assert not unlinked, "\n".join(unlinked)


def markdown_sources():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                yield path.name, "".join(cell["source"])
    for path in sorted((ROOT / "book").glob("*.md")):
        yield path.name, path.read_text()


def test_every_term_role_names_a_glossary_term():
    terms = {t.lower() for entry in ENTRIES for t in entry}
    roles = [(name, target) for name, source in markdown_sources()
             for _, _, target in prose_mask(source)[1]]
    assert len(roles) > 100
    missing = [(name, target) for name, target in roles if target.lower() not in terms]
    assert not missing


def notebook(tmp_path, *sources):
    path = tmp_path / "nb.ipynb"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": s} for s in sources]
    path.write_text(json.dumps({"cells": cells}))
    return path


def test_the_check_finds_unlinked_first_mentions_and_skips_what_is_not_prose(tmp_path):
    entries = [("KV cache",), ("decode", "decode step"), ("avalanche",),
               ("strict avalanche criterion",)]
    path = notebook(tmp_path,
                    "# The KV cache\n\n(kv-label)=\nCode `decode` and $avalanche$ are not prose.",
                    "```{exercise} Decode (easy, 5 min)\n:label: decode-ex\n\nThe KV-caches grow"
                    " with each {term}`step <decode step>`; decoded tokens do not count.\n```",
                    "```python\navalanche = 1\n```\nThe strict avalanche criterion, then an\n"
                    "Avalanche.")
    first = first_mentions(path, entries)
    assert first[("KV cache",)].linked is False and first[("KV cache",)].text == "KV-caches"
    assert first[("decode", "decode step")].linked is True
    assert first[("strict avalanche criterion",)].text == "strict avalanche criterion"
    assert first[("avalanche",)].text == "Avalanche" and first[("avalanche",)].cell == 2
    assert len(events(path, entries)) == 4
