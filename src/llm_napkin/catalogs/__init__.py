"""Data with sources: the catalogs every formula reads, and nothing else.

Each catalog module holds a `Catalog` of frozen dataclasses, each entry with its sources; the
package docstring's module map lists them all (chips, models, scale-up systems, prices, memory
tiers, published serving reports, training runs, ...). Catalogs import no formulas; formulas take
catalog entries.
"""

import re
from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def normalize(name: str) -> str:
    """Lower case with spaces, dashes, dots and underscores removed: 'H100-SXM' -> 'h100sxm'."""
    return re.sub(r"[\s\-_.]", "", name).lower()


class Catalog(Sequence[T]):
    """Named entries (each with `.name` and `.aliases`), looked up forgiving of case, spaces and
    dashes."""

    def __init__(self, kind: str, entries: Iterable[T]):
        self.kind = kind
        self.entries = tuple(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> T:
        return self.entries[index]

    def get(self, name) -> T:
        """The entry whose name or alias matches `name`; ValueError listing the known names."""
        if isinstance(name, str):
            key = normalize(name)
            for entry in self.entries:
                if key in {normalize(n) for n in (entry.name, *entry.aliases)}:
                    return entry
        raise ValueError(f"unknown {self.kind} {name!r}; known {self.kind}s: "
                         f"{', '.join(self.names())}")

    def names(self) -> list[str]:
        """Every entry's name, in catalog order."""
        return [entry.name for entry in self.entries]
