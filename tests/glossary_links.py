"""Find the glossary's terms in a notebook's Markdown, and whether each first mention is linked.

A *mention* of a term is a case-insensitive match on word boundaries (a space inside a term also
matches a hyphen or a line break; a plural "s" or "es" may follow) in the Markdown cells' prose.
Headings, labels, directive lines and options, code, math, links and the text of other roles
are not prose and are skipped. Where terms overlap ("strict avalanche criterion" contains
"avalanche") the longest wins. A {term} role counts as a linked mention of its target's entry,
whatever its shown text says. Terms that share one glossary entry are one term here.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"


def glossary_entries(path: Path = GLOSSARY) -> list[tuple[str, ...]]:
    """The glossary's entries, each the tuple of its terms (synonyms), in the page's order."""
    text = path.read_text()
    block = re.search(r"^```\{glossary\}[^\n]*\n(.*?)^```\s*$", text, re.M | re.S)
    assert block, f"{path} has no glossary directive"
    entries, current = [], []
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            if current:
                entries.append(tuple(current))
                current = []
            continue
        if line[0].isspace():
            if current:
                entries.append(tuple(current))
                current = []
        else:
            current.append(line.strip())
    if current:
        entries.append(tuple(current))
    return entries


def term_pattern(term: str) -> str:
    words = [re.escape(w) for w in term.split()]
    body = r"(?:\s+|-)".join(words)
    return rf"(?<![\w-]){body}(?:e?s)?(?![\w-])"


@dataclass(frozen=True)
class Event:
    cell: int
    start: int
    end: int
    entry: tuple[str, ...] | None  # None: a {term} role whose target is not in the glossary
    linked: bool
    text: str


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})\s*(\{[^}]*\})?(.*)$")
NOT_PROSE_DIRECTIVES = {"{code-block}", "{code}", "{code-cell}", "{math}", "{eval-rst}",
                        "{bibliography}", "{raw}", "{glossary}"}


def prose_mask(source: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`source` with everything but prose blanked out (same length), and its {term} roles as
    (start, end, target)."""
    chars = list(source)
    stack: list[tuple[str, bool]] = []  # (fence, body is prose)
    pos = 0
    after_directive = False
    for line in source.splitlines(keepends=True):
        end = pos + len(line)
        stripped = line.rstrip("\n")
        m = FENCE.match(stripped)
        in_prose = all(prose for _, prose in stack)
        if m and stack and m.group(1) == stack[-1][0] and not m.group(2) and not m.group(3).strip():
            stack.pop()
            _mask(chars, pos, end)
            after_directive = False
        elif m and (m.group(2) or m.group(1)[0] != ":"):
            prose = bool(m.group(2)) and m.group(2) not in NOT_PROSE_DIRECTIVES
            stack.append((m.group(1), prose and in_prose))
            _mask(chars, pos, end)
            after_directive = bool(m.group(2))
        elif not in_prose:
            _mask(chars, pos, end)
        elif after_directive and re.match(r"^:[\w-]+:", stripped):
            _mask(chars, pos, end)
        elif re.match(r"^\s*#{1,6}\s", stripped) or re.match(r"^\s*\([^)]*\)=\s*$", stripped):
            _mask(chars, pos, end)
            after_directive = False
        else:
            after_directive = False
        pos = end
    text = "".join(chars)
    roles = []
    inline = re.compile(
        r"\\\$|\$\$.*?\$\$|\$[^$\n]+?\$"  # escaped dollars, display and inline math
        r"|\{(?P<role>[\w:-]+)\}(?P<tick>`+)(?P<body>.*?)(?P=tick)"  # roles
        r"|(?P<code>`+).*?(?P=code)"  # inline code
        r"|!?\[[^\]]*\]\([^)]*\)|<!--.*?-->|<[^>\s]+>",  # links, comments, tags
        re.S)
    for m in inline.finditer(text):
        if m.group("role") == "term":
            body = m.group("body")
            target = re.search(r"<([^<>]+)>\s*$", body)
            roles.append((m.start(), m.end(), (target.group(1) if target else body).strip()))
        _mask(chars, m.start(), m.end())
    return "".join(chars), roles


def markdown_cells(path: Path) -> list[tuple[int, str]]:
    cells = json.loads(path.read_text())["cells"]
    return [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "markdown"]


def events(path: Path, entries: list[tuple[str, ...]]) -> list[Event]:
    """Every mention and every {term} role in the notebook's Markdown, in reading order."""
    by_term = {t.lower(): e for e in entries for t in e}
    terms = sorted(by_term, key=len, reverse=True)
    pattern = re.compile("|".join(f"(?P<t{i}>{term_pattern(t)})" for i, t in enumerate(terms)),
                         re.I)
    found = []
    for index, source in markdown_cells(path):
        prose, roles = prose_mask(source)
        for start, end, target in roles:
            found.append(Event(index, start, end, by_term.get(target.lower()), True,
                               source[start:end]))
        for m in pattern.finditer(prose):
            term = terms[int(m.lastgroup[1:])]
            found.append(Event(index, m.start(), m.end(), by_term[term], False, m.group()))
    return sorted(found, key=lambda e: (e.cell, e.start))


def first_mentions(path: Path, entries: list[tuple[str, ...]]) -> dict[tuple[str, ...], Event]:
    first: dict[tuple[str, ...], Event] = {}
    for event in events(path, entries):
        if event.entry is not None:
            first.setdefault(event.entry, event)
    return first
