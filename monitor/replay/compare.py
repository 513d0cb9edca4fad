"""A/B back-testing: the same payments screened with two configurations or two list versions.

Each payment is decoded once and decided by both screeners with the stream's `decide`; the alerts
are reduced to hit facts `(payment_id, role, position, entry key, kind)` and compared as sets, so a
changed list version or threshold shows exactly which findings appear, disappear or stay. Alert ids
are not compared: they carry the list version and config id, which differ by design.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.events import Alert
from monitor.replay.labels import Labels, Scores, score
from monitor.replay.source import RawRecord
from monitor.screening.core import Screener
from monitor.screening.decode import Rejected, decode_payment
from monitor.screening.emit import decide

HitKey = tuple[str, str, int | None, str, str]  # payment_id, role, position, entry key, kind
BREAKDOWNS = ("role", "source", "program", "kind")


@dataclass(frozen=True, slots=True)
class HitInfo:
    source: str
    programs: tuple[str, ...]


@dataclass
class Side:
    """Everything one configuration found on the replayed payments."""

    label: str
    list_version: str
    matcher_config: str
    hits: dict[HitKey, HitInfo] = field(default_factory=dict)
    list_hits: dict[str, set[str]] = field(default_factory=dict)  # payment -> entry keys
    list_hit_ids: dict[str, set[str]] = field(default_factory=dict)  # payment -> entry ids

    def add(self, alert: Alert) -> None:
        for h in alert.hits:
            key = (
                alert.payment_id,
                h.role.value,
                h.position,
                f"{h.source}:{h.entry_id}",
                h.kind.value,
            )
            self.hits.setdefault(key, HitInfo(h.source, tuple(h.programs)))
            if h.source != "policy":
                self.list_hits.setdefault(alert.payment_id, set()).add(key[3])
                self.list_hit_ids.setdefault(alert.payment_id, set()).add(h.entry_id)

    @property
    def payments(self) -> set[str]:
        return {k[0] for k in self.hits}

    def scores(self, labels: Labels, screened: Iterable[str]) -> Scores:
        return score(self.list_hits if labels.by_key else self.list_hit_ids, labels, screened)


@dataclass
class Screened:
    """The sides of a comparison (or a single run) plus what every side shares."""

    sides: list[Side]
    screened: list[str] = field(default_factory=list)  # payment ids, input order
    rejected: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def screen_all(
    records: Iterable[RawRecord],
    screeners: Sequence[tuple[str, Screener]],
    *,
    as_of: datetime | None = None,
    progress: Callable[[int], object] | None = None,
) -> Screened:
    """Decode each record once and decide it with every (label, screener)."""
    out = Screened([Side(label, s.list_version, s.config_id) for label, s in screeners])
    started = time.perf_counter()
    for rec in records:
        decoded = decode_payment(rec.value)
        if isinstance(decoded, Rejected):
            out.rejected[decoded.reason] += 1
        else:
            out.screened.append(decoded.payment_id)
            at = as_of or decoded.created_at
            for side, (_, screener) in zip(out.sides, screeners, strict=True):
                alert, _decision = decide(screener, decoded, screened_at=at)
                if alert is not None:
                    side.add(alert)
        if progress is not None:
            progress(1)
    out.seconds = time.perf_counter() - started
    return out


def _breakdown(keys: Iterable[HitKey], info: dict[HitKey, HitInfo]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {b: Counter() for b in BREAKDOWNS}
    for k in keys:
        out["role"][k[1]] += 1
        out["kind"][k[4]] += 1
        out["source"][info[k].source] += 1
        out["program"].update(info[k].programs or ("(none)",))
    return out


@dataclass
class Comparison:
    a: Side
    b: Side
    screened: int
    only_a: set[HitKey]
    only_b: set[HitKey]
    both: set[HitKey]
    scores: tuple[Scores, Scores] | None = None

    @classmethod
    def of(cls, run: Screened, labels: Labels | None = None) -> Comparison:
        a, b = run.sides
        ka, kb = set(a.hits), set(b.hits)
        scores = (
            (a.scores(labels, run.screened), b.scores(labels, run.screened)) if labels else None
        )
        return cls(a, b, len(run.screened), ka - kb, kb - ka, ka & kb, scores)

    def payments(self) -> dict[str, list[str]]:
        """Payment level: alerted by one side only or by both; and payments with one-sided hits."""
        pa, pb = self.a.payments, self.b.payments
        return {
            "alerted_only_in_a": sorted(pa - pb),
            "alerted_only_in_b": sorted(pb - pa),
            "alerted_in_both": sorted(pa & pb),
            "with_hits_only_in_a": sorted({k[0] for k in self.only_a}),
            "with_hits_only_in_b": sorted({k[0] for k in self.only_b}),
        }

    def breakdowns(self) -> dict[str, dict[str, dict[str, int]]]:
        """breakdown -> value -> {"only_a", "only_b", "both"} counts."""
        info = self.a.hits | self.b.hits
        groups = (("only_a", self.only_a), ("only_b", self.only_b), ("both", self.both))
        parts = {name: _breakdown(keys, info) for name, keys in groups}
        out: dict[str, dict[str, dict[str, int]]] = {}
        for b in BREAKDOWNS:
            values = sorted(set().union(*(parts[p][b] for p in parts)))
            out[b] = {v: {p: parts[p][b][v] for p in parts} for v in values}
        return out

    def to_json(self) -> dict[str, Any]:
        def side(s: Side) -> dict[str, Any]:
            return {
                "label": s.label,
                "list_version": s.list_version,
                "matcher_config": s.matcher_config,
                "hits": len(s.hits),
                "alerted_payments": len(s.payments),
            }

        data: dict[str, Any] = {
            "a": side(self.a),
            "b": side(self.b),
            "payments_screened": self.screened,
            "hits": {
                "only_a": len(self.only_a),
                "only_b": len(self.only_b),
                "both": len(self.both),
            },
            "payments": self.payments(),
            "breakdown": self.breakdowns(),
        }
        if self.scores:
            data["labels"] = {"a": self.scores[0].to_json(), "b": self.scores[1].to_json()}
        return data
