"""Per-record parse results kept from one parse of a list to the next.

A new version of a sanctions list repeats nearly every record of the one before it (the 16 Dec
2024 SDN update added 16 entries to ~15,000), and a worker parses each new version while it
screens on the old one: reusing the entries of unchanged records takes most of the parse off a
list swap. Records are keyed by their raw fields, so a changed record is parsed afresh; only the
records of the latest parse of each source are kept, so the memo never outgrows one list.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from monitor.lists.warnings import Warnings

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class RecordMemo(Generic[K, V]):
    """Memo of a pure `parse(key, warnings) -> value` over the records of one list source.

    The warnings a record raised are stored with its value and raised again when it is reused, so
    a table's warnings do not depend on what was parsed before."""

    def __init__(self) -> None:
        self._last: dict[str, dict[K, tuple[V, tuple[str, ...]]]] = {}
        self._lock = threading.Lock()

    def parser(self, source: str) -> RecordParse[K, V]:
        with self._lock:
            previous = self._last.get(source, {})
        return RecordParse(self, source, previous)

    def _keep(self, source: str, records: dict[K, tuple[V, tuple[str, ...]]]) -> None:
        with self._lock:
            self._last[source] = records

    def clear(self) -> None:
        with self._lock:
            self._last.clear()


class RecordParse(Generic[K, V]):
    """One parse of one source: `get` each record, then `done` to keep them for the next parse."""

    __slots__ = ("_memo", "_source", "_previous", "_current", "reused")

    def __init__(
        self, memo: RecordMemo[K, V], source: str, previous: dict[K, tuple[V, tuple[str, ...]]]
    ) -> None:
        self._memo = memo
        self._source = source
        self._previous = previous
        self._current: dict[K, tuple[V, tuple[str, ...]]] = {}
        self.reused = 0

    def get(self, key: K, parse: Callable[[Warnings], V], warnings: Warnings) -> V:
        found = self._previous.get(key)
        if found is None:
            local = Warnings(warnings.source)
            found = (parse(local), tuple(local.items))
        else:
            self.reused += 1
        self._current[key] = found
        warnings.items.extend(found[1])
        return found[0]

    def done(self) -> None:
        self._memo._keep(self._source, self._current)
