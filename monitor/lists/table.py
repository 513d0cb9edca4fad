"""A loaded, immutable sanctions table: entries from one or more sources, and their version.

A table is built once and never mutated; a list update builds a new table and swaps the
reference, so no payment is ever screened against a half-loaded table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from monitor.lists.entry import Entry


@dataclass(frozen=True, slots=True)
class SourceVersion:
    """One source's contribution: its content hash, and its publication date where known."""

    source: str
    content_hash: str  # sha256 hex of the raw published bytes
    published: str | None  # ISO date
    entry_count: int

    @property
    def label(self) -> str:
        date = self.published or "undated"
        return f"{self.source}@{date}+{self.content_hash[:12]}"


@dataclass(frozen=True, slots=True)
class ListVersion:
    sources: tuple[SourceVersion, ...]

    @property
    def version_id(self) -> str:
        """Stable id of the combination, e.g. `ofac-sdn@2024-12-16+3f2a9c0d1e4b`."""
        return ",".join(s.label for s in sorted(self.sources, key=lambda s: s.source))


@dataclass(frozen=True)
class SanctionsTable:
    entries: tuple[Entry, ...]
    version: ListVersion
    warnings: tuple[str, ...] = ()
    _by_key: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update((e.key, e) for e in self.entries)

    @property
    def version_id(self) -> str:
        return self.version.version_id

    def get(self, key: str) -> Entry | None:
        """Look up by `source:entry_id`."""
        return self._by_key.get(key)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def merge(cls, tables: Sequence[SanctionsTable]) -> SanctionsTable:
        """Several lists screen together; each entry keeps its own source."""
        entries: list[Entry] = []
        sources: list[SourceVersion] = []
        warnings: list[str] = []
        for t in tables:
            entries.extend(t.entries)
            sources.extend(t.version.sources)
            warnings.extend(t.warnings)
        return cls(tuple(entries), ListVersion(tuple(sources)), tuple(warnings))


def content_hash(chunks: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(c)
    return h.hexdigest()
