"""The first matcher: ASCII-folded token-sort similarity over every list name (brute force).

Kept as a registered reference point for replay comparisons and benchmarks; the default matcher
is the engine in `monitor.matching.engine`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz, process

from monitor.lists.table import SanctionsTable
from monitor.matching.api import NameMatch, PartyKind, register

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()


@dataclass(frozen=True)
class BaselineIndex:
    table: SanctionsTable
    threshold: float
    _choices: list[str]
    _refs: list[tuple[int, int]]

    def search(
        self, name: str, kind: PartyKind = "any", threshold: float | None = None
    ) -> list[NameMatch]:
        cutoff = self.threshold if threshold is None else threshold
        query = fold(name)
        if not query:
            return []
        best: dict[str, NameMatch] = {}
        for _, score, i in process.extract(
            query, self._choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=50
        ):
            ei, ni = self._refs[i]
            entry = self.table.entries[ei]
            alias = entry.names[ni].text
            prev = best.get(entry.key)
            if prev is None or score > prev.score:
                best[entry.key] = NameMatch(
                    entry, alias, float(score), f"token-sort similarity {score:.0f} with {alias!r}"
                )
        return sorted(best.values(), key=lambda m: -m.score)


@register("baseline")
@dataclass(frozen=True)
class BaselineMatcher:
    threshold: float = 88.0
    name: str = "baseline"

    def params(self) -> dict[str, Any]:
        return {"threshold": self.threshold}

    def index(self, table: SanctionsTable) -> BaselineIndex:
        choices, refs = [], []
        for ei, entry in enumerate(table.entries):
            for ni, n in enumerate(entry.names):
                choices.append(fold(n.text))
                refs.append((ei, ni))
        return BaselineIndex(table, self.threshold, choices, refs)

    def compare(self, query: str, candidate: str, kind: PartyKind = "any") -> float:
        return float(fuzz.token_sort_ratio(fold(query), fold(candidate)))
