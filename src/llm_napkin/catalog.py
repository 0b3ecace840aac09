"""Name lookup shared by the hardware and model catalogs: forgiving of case, spaces and dashes."""

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def normalize(name: str) -> str:
    """Lower case with spaces, dashes, dots and underscores removed: 'H100-SXM' -> 'h100sxm'."""
    return re.sub(r"[\s\-_.]", "", name).lower()


def lookup(kind: str, entries: Iterable[T], name) -> T:
    """The entry whose name or alias matches `name`; ValueError listing the known names if none."""
    entries = list(entries)
    if isinstance(name, str):
        key = normalize(name)
        for entry in entries:
            if key in {normalize(n) for n in (entry.name, *entry.aliases)}:
                return entry
    known = ", ".join(entry.name for entry in entries)
    raise ValueError(f"unknown {kind} {name!r}; known {kind}s: {known}")
