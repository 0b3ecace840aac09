"""Structure every notebook must have (nbval checks their outputs), the chapter plan, and the
claims ledger's agreement with the chapters."""

import json
import re
from pathlib import Path

import pytest
import yaml

from chapter_structure import hidden_dependencies, problems, source
from llm_napkin import ledger
from llm_napkin.show import page

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
TEMPLATE = ROOT / "templates" / "chapter.ipynb"
TOPICS_WRITTEN = [t for t in ledger.TOPICS if t.chapter]


def cells(path):
    return json.loads(path.read_text())["cells"]


def code_cells(path):
    return [c for c in cells(path) if c["cell_type"] == "code"]


def toc_order() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_there_are_chapters():
    assert NOTEBOOKS and TOPICS_WRITTEN


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_installs_the_package_from_the_configured_repository(path):
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    first = code_cells(path)[0]
    assert f'git+{url}"' in "".join(first["source"]), \
        f"{path.name}: the install cell must use repository.url from _config.yml ({url})"
    assert "remove-cell" in first["metadata"].get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_complete_and_error_free(path):
    for cell in code_cells(path):
        assert cell["execution_count"] is not None, "run make notebooks and commit the outputs"
        assert all(o["output_type"] != "error" for o in cell["outputs"])


BENCH_CALL = "numpy_sweep."


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_widget_cells_skip_output_comparison(path):
    # Two kinds of output are volatile: a widget's (its state lives in the browser), and the
    # timings of the reader's own machine that book/measure_your_machine runs (they change on
    # every run). Such a timing cell must call the bench itself, so that no number the prose
    # relies on hides behind the tag.
    for cell in code_cells(path):
        tags = cell["metadata"].get("tags", [])
        if "nbval-ignore-output" in tags:
            text = "".join(cell["source"])
            widget = "explorer()" in text
            assert widget or BENCH_CALL in text


@pytest.mark.parametrize("path", NOTEBOOKS + [TEMPLATE], ids=lambda p: p.name)
def test_no_visible_cell_reads_a_name_only_a_hidden_cell_defines(path):
    assert hidden_dependencies(cells(path)) == []


@pytest.mark.parametrize("topic", TOPICS_WRITTEN, ids=lambda t: t.key)
def test_chapter_follows_the_plan(topic):
    order = toc_order()
    name = f"book/{topic.chapter}"
    assert name in order, f"{name} is not in _toc.yml"
    at = order.index(name)
    following = order[at + 1] if at + 1 < len(order) else None
    found = problems(cells(ROOT / f"{name}.ipynb"), topic.key, f"/{order[at - 1]}",
                     following and f"/{following}")
    assert found == []


def test_the_template_follows_the_plan():
    assert problems(cells(TEMPLATE), "TOPIC", "/book/PREVIOUS", "/book/NEXT") == []


def test_every_chapter_in_the_contents_has_a_ledger_topic():
    chapters = [f for f in toc_order() if re.match(r"book/\d\d_", f)]
    assert sorted(chapters) == sorted(f"book/{t.chapter}" for t in TOPICS_WRITTEN)


def stored_markdown(cell) -> str:
    return "".join("".join(o.get("data", {}).get("text/markdown", "")) for o in cell["outputs"])


@pytest.mark.parametrize("topic", TOPICS_WRITTEN, ids=lambda t: t.key)
def test_chapter_checks_table_is_the_ledger(topic):
    calls = [c for c in code_cells(ROOT / "book" / f"{topic.chapter}.ipynb")
             if f'ledger.table("{topic.key}")' in source(c)]
    assert len(calls) == 1
    assert stored_markdown(calls[0]) == page.markdown(ledger.table_markdown(topic.key)).data


def test_ledger_page_lists_every_claim_of_the_lecture():
    shown = "".join(stored_markdown(c) for c in code_cells(ROOT / "book" / "ledger.ipynb"))
    assert shown == page.markdown(ledger.page_markdown()).data
    for claim in ledger.claims():
        assert claim.claim.replace("|", "\\|") in shown
    unwritten = [c for t in ledger.TOPICS if not t.chapter for c in ledger.claims(t.key)]
    assert all(c.verdict == "not yet checked" for c in unwritten)
