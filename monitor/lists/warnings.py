"""Problems that leave a list usable, recorded on `SanctionsTable.warnings`.

Each warning is one line `source: code: detail`, one per occurrence, so that operators can count
them by code (`count_warnings`) and still see which rows were affected. Codes: orphan-alias,
orphan-address, orphan-comment, duplicate-id, unknown-program, unknown-type, empty-name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


class Warnings:
    """Collects the warnings of one source while it is parsed."""

    __slots__ = ("source", "items")

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, code: str, detail: str) -> None:
        self.items.append(f"{self.source}: {code}: {detail}")

    def __len__(self) -> int:
        return len(self.items)


def warning_code(warning: str) -> str:
    """`ofac-sdn: orphan-alias: ...` -> `ofac-sdn: orphan-alias`."""
    return ": ".join(warning.split(": ", 2)[:2])


def count_warnings(warnings: Iterable[str]) -> dict[str, int]:
    """Counts by `source: code`, for `monitor lists show` and for alerting on list health."""
    return dict(sorted(Counter(map(warning_code, warnings)).items()))
