"""Prose and tables whose numbers come from the model: rendered as Markdown in the notebook and
on the site, so a changed number shows in the stored outputs and fails nbval until re-read."""

import re
from collections.abc import Sequence

from IPython.display import Markdown, display


def markdown(text: str) -> Markdown:
    """`text` as Markdown, with each dollar amount ('$2.98') escaped so that it is not read as
    the start of a formula; formulas such as '$W/\\beta$' are left alone."""
    return Markdown(re.sub(r"(?<!\\)\$(?=\d)", r"\\$", text))


def say(text: str) -> None:
    """Show `text` (Markdown, usually an f-string quoting computed numbers)."""
    display(markdown(text))


def table_markdown(headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    """A Markdown table; cells are shown with str()."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def table(headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Show a Markdown table."""
    say(table_markdown(headers, rows))


def takeaways_markdown(findings: Sequence[str]) -> str:
    """A "Takeaways" box listing `findings` (Markdown strings, usually quoting computed numbers)."""
    items = "\n".join(f"- {finding}" for finding in findings)
    return f":::{{admonition}} Takeaways\n:class: tip\n\n{items}\n:::"


def takeaways(findings: Sequence[str]) -> None:
    """Show a chapter's takeaways box, at the top of the chapter."""
    say(takeaways_markdown(findings))
