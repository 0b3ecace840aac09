"""The introduction explains the terms the chapters use, draws a decode step with the model's
numbers, and maps every topic of the lecture to its chapter or to its claims in the ledger."""

import json
from pathlib import Path

import pytest

from llm_napkin import ledger, serving
from llm_napkin.show import diagrams

ROOT = Path(__file__).resolve().parents[1]
CELLS = json.loads((ROOT / "book/intro.ipynb").read_text())["cells"]


def text(cell) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("label", ["intro-prefill", "intro-decode", "intro-kv-cache", "intro-hbm"])
def test_each_term_has_a_label_chapters_can_link(label):
    assert any(f"({label})=" in text(c) for c in CELLS if c["cell_type"] == "markdown")


def test_the_decode_step_figure_is_numbered_and_captioned():
    figures = [c["metadata"]["mystnb"]["figure"] for c in CELLS
               if "figure" in c["metadata"].get("mystnb", {})]
    assert [f["name"] for f in figures] == ["fig-intro-decode-step"]
    assert len(figures[0]["caption"]) >= 40


def test_the_map_links_every_topic_to_its_chapter_or_its_claims():
    shown = "".join("".join(o["data"].get("text/markdown", "")) for c in CELLS
                    if c["cell_type"] == "code" for o in c.get("outputs", []) if "data" in o)
    for topic in ledger.TOPICS:
        if topic.chapter:
            assert f"</book/{topic.chapter}>`" in shown, topic.key
        else:
            assert f"<ledger-{topic.key}>`" in shown, topic.key
            assert f"(ledger-{topic.key})=" in ledger.page_markdown()


def test_the_diagram_labels_come_from_the_model():
    d = serving.deploy("H100 SXM", "Llama 3.1 70B", "bf16")
    picture = diagrams.decode_step(d, 64, 1024)
    labels = " ".join(t.get_text() for t in picture.figure.axes[0].texts)
    # 141.2 GB of weights + 64 x 1,024 x 327,680 B = 21.5 GB of cache, read at 4 x 3.35 TB/s:
    # 162.7 GB in 12.1 ms; 2 x 70.6e9 x 64 = 9.04 TFLOP at 4 x 989.4 TFLOP/s in 2.28 ms.
    for number in ("141 GB", "21.5 GB", "163 GB", "12.1 ms", "9.04 TFLOP", "2.28 ms",
                   "320 GB, 13.4 TB/s", "memory bound"):
        assert number in labels
    assert repr(picture).startswith("Diagram(one decode step of Llama 3.1 70B on 4")
    assert picture._repr_png_().startswith(b"\x89PNG")
    # At a batch past the knee the same drawing says the step is compute bound.
    big = diagrams.decode_step(d, 1024, 1)
    assert "compute bound" in " ".join(t.get_text() for t in big.figure.axes[0].texts)
