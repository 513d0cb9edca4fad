"""What changed between two versions of a list.

The stream's retro-screening re-screens recent payments against `ListDiff.rescreen_keys` (added and
changed entries) after a list update; removals need no re-screening, only an audit record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable

# Every field but the identity (source, entry_id), in declaration order.
COMPARED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Entry) if f.name not in ("source", "entry_id")
)


@dataclass(frozen=True, slots=True)
class EntryChange:
    key: str
    fields: tuple[str, ...]  # names of the Entry fields that differ


@dataclass(frozen=True, slots=True)
class ListDiff:
    old_version: str
    new_version: str
    added: tuple[str, ...]  # entry keys (`source:entry_id`)
    removed: tuple[str, ...]
    changed: tuple[EntryChange, ...]

    @property
    def rescreen_keys(self) -> tuple[str, ...]:
        """Entries a payment may newly match: added ones and changed ones."""
        return self.added + tuple(c.key for c in self.changed)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [{"key": c.key, "fields": list(c.fields)} for c in self.changed],
        }


def diff_tables(old: SanctionsTable, new: SanctionsTable) -> ListDiff:
    """Entries compared by key; an entry is changed when any field other than its key differs."""
    old_by_key = {e.key: e for e in old.entries}
    new_by_key = {e.key: e for e in new.entries}
    added = sorted(new_by_key.keys() - old_by_key.keys(), key=natural_key)
    removed = sorted(old_by_key.keys() - new_by_key.keys(), key=natural_key)
    changed = []
    for key in sorted(old_by_key.keys() & new_by_key.keys(), key=natural_key):
        if old_by_key[key] != new_by_key[key]:
            changed.append(EntryChange(key, changed_fields(old_by_key[key], new_by_key[key])))
    return ListDiff(old.version_id, new.version_id, tuple(added), tuple(removed), tuple(changed))


def changed_fields(old: Entry, new: Entry) -> tuple[str, ...]:
    return tuple(f for f in COMPARED_FIELDS if getattr(old, f) != getattr(new, f))


def natural_key(key: str) -> tuple[str, int, str]:
    """`ofac-sdn:9640` before `ofac-sdn:10001`; UN references (`CDi.001`) sort as text."""
    source, _, entry_id = key.partition(":")
    match = re.fullmatch(r"\d+", entry_id)
    return (source, int(entry_id) if match else -1, entry_id)
