"""The claims ledger: every claim of the lecture, where the book checks it, and the verdict.

Each topic of the lecture has a module here (`batching`, `optimal_batch`, ...) whose `CLAIMS`
are `Claim` records: the claim in the book's words, what the model computes for it, a verdict on
one fixed scale, and the sources. A chapter renders its "Checking the lecture" table with
`table(topic)`; the ledger page renders every topic with `page()`. A finding is a function that
computes its text from the model when it is rendered, so a changed formula changes the chapter and
the ledger page alike (and nbval fails until both are re-read).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .. import checks
from ..show import page as show_page

VERDICTS = {
    "holds": "the model and the sources agree with the claim as the lecture meant it",
    "holds with a caveat": "it agrees under a reading or an assumption that the finding states",
    "off by a factor": "the direction is right but a number is off by the factor stated",
    "arithmetic slip": "the lecture's own inputs give a different number than it states",
    "source not found": "the evidence the lecture cites could not be found as stated",
    "not testable here": "the book's model and data cannot settle it",
    "not yet checked": "the chapter that checks it is not written yet",
}
"""The book's fixed verdict scale, in order, with what each verdict means."""


@dataclass(frozen=True)
class Topic:
    """One topic of the lecture and the chapter that checks it."""

    key: str
    title: str
    chapter: str | None  #: the chapter's file name in book/ without suffix; None if not written


TOPICS = (
    Topic("batching", "Batching: cost and latency", "01_batching"),
    Topic("optimal-batch", "The optimal batch size", "02_optimal_batch"),
    Topic("moe", "Mixture of experts on GPUs and racks", "03_moe"),
    Topic("pipelining", "Pipelining and memory capacity", "04_pipelining"),
    Topic("overtraining", "Over-training beyond Chinchilla", "05_overtraining"),
    Topic("prices", "Reading costs out of API prices", "06_prices"),
    Topic("context", "Context length and sparse attention", "07_context"),
    Topic("ciphers", "Ciphers, Feistel networks and RevNets", "08_ciphers"),
)


@dataclass(frozen=True)
class Claim:
    """One claim of the lecture, and what the book finds."""

    key: str  #: unique, '<topic>.<short-name>'
    claim: str  #: the lecture's claim, in the book's words, as the lecture meant it
    verdict: str  #: one of VERDICTS
    finding: Callable[[], str] | str = ""  #: what the model computes (a function: numbers now)
    sources: tuple[str, ...] = ()  #: bibliography keys of references.bib, or sources in words
    where: str = ""  #: the label of the chapter section that checks it ('' for the checks table)

    def __post_init__(self):
        checks.one_of("verdict", self.verdict, VERDICTS)
        if self.verdict != "not yet checked" and not self.finding:
            raise ValueError(f"claim {self.key!r} has a verdict but no finding")

    @property
    def topic(self) -> str:
        """The key of the topic the claim belongs to (the part of `key` before the dot)."""
        return self.key.split(".", 1)[0]

    def finding_text(self) -> str:
        """The finding, computed now."""
        return self.finding() if callable(self.finding) else self.finding


def topic(key: str) -> Topic:
    """The topic called `key`."""
    checks.one_of("topic", key, [t.key for t in TOPICS])
    return next(t for t in TOPICS if t.key == key)


def claims(key: str | None = None) -> tuple[Claim, ...]:
    """Every claim of topic `key`, in the lecture's order (every topic's if `key` is None)."""
    from . import (batching, ciphers, context, moe, optimal_batch, overtraining, pipelining,
                   prices)
    by_topic = {"batching": batching, "optimal-batch": optimal_batch, "moe": moe,
                "pipelining": pipelining, "overtraining": overtraining, "prices": prices,
                "context": context, "ciphers": ciphers}
    keys = [t.key for t in TOPICS] if key is None else [topic(key).key]
    return tuple(c for k in keys for c in by_topic[k].CLAIMS)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def table_markdown(key: str) -> str:
    """The "Checking the lecture" table of topic `key`, as Markdown."""
    return show_page.table_markdown(
        ["the lecture says", "what the book finds", "verdict"],
        [[_cell(c.claim), _cell(c.finding_text() or "–"), f"**{c.verdict}**"]
         for c in claims(key)])


def table(key: str) -> None:
    """Show the "Checking the lecture" table of topic `key`."""
    show_page.say(table_markdown(key))


def counts(key: str | None = None) -> dict[str, int]:
    """{verdict: number of claims} for topic `key` (all topics if None), over every verdict."""
    tally = Counter(c.verdict for c in claims(key))
    return {verdict: tally.get(verdict, 0) for verdict in VERDICTS}


def verdict_scale_markdown() -> str:
    """The verdict scale, with what each verdict means and how many claims have it."""
    tally = counts()
    return show_page.table_markdown(["verdict", "meaning", "claims"],
                                    [[f"**{v}**", meaning, tally[v]]
                                     for v, meaning in VERDICTS.items()])


def page_markdown() -> str:
    """The whole ledger as Markdown: the scale with counts, then every topic's claims under a
    heading labelled `ledger-<topic>`, so other pages can link a topic's claims with {ref}."""
    parts = [verdict_scale_markdown()]
    for t in TOPICS:
        tally = ", ".join(f"{n} {v}" for v, n in counts(t.key).items() if n)
        if t.chapter:
            rows = [[_cell(c.claim), _cell(c.finding_text() or "–"), f"**{c.verdict}**",
                     f"{{ref}}`{c.where or t.key + '-checks'}`"] for c in claims(t.key)]
            body = show_page.table_markdown(
                ["the lecture says", "what the book finds", "verdict", "checked in"], rows)
        else:
            body = ("Its chapter is not written yet.\n\n"
                    + show_page.table_markdown(["the lecture says"],
                                               [[_cell(c.claim)] for c in claims(t.key)]))
        parts.append(f"(ledger-{t.key})=\n## {t.title}\n\n{tally}.\n\n{body}")
    return "\n\n".join(parts)


def page() -> None:
    """Show the whole ledger."""
    show_page.say(page_markdown())
