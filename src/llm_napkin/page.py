"""Prose and tables whose numbers come from the model: rendered as Markdown in the notebook and
on the site, so a changed number shows in the stored outputs and fails nbval until re-read."""

from collections.abc import Sequence

from IPython.display import Markdown, display


def say(text: str) -> None:
    """Show `text` (Markdown, usually an f-string quoting computed numbers)."""
    display(Markdown(text))


def table_markdown(headers: Sequence[str], rows: Sequence[Sequence]) -> str:
    """A Markdown table; cells are shown with str()."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def table(headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Show a Markdown table."""
    say(table_markdown(headers, rows))
