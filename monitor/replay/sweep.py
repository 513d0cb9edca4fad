"""Threshold sweep: alert volume and precision/recall for every threshold in a range, in one pass.

The payments are screened once, at the lowest threshold, keeping every hit's raw score; each
threshold then keeps the name hits scoring at or above it. BIC, IMO and jurisdiction hits have no
threshold and are kept at every point. This equals screening again at each threshold as long as
the matcher's threshold is a pure cut-off on scores (true of the registered matchers; a unit test
checks it against real replays).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from monitor.events import MatchKind
from monitor.replay.labels import Labels, Scores, score
from monitor.replay.source import RawRecord
from monitor.screening.core import Screener
from monitor.screening.decode import Rejected, decode_payment


def parse_range(spec: str) -> list[float]:
    """`70:100:2` -> 70, 72, ..., 100 (the end is included when the step lands on it)."""
    try:
        parts = [float(x) for x in spec.split(":")]
        lo, hi, step = parts if len(parts) == 3 else (*parts, 1.0)
    except ValueError:
        raise ValueError(f"bad sweep {spec!r}: use LOW:HIGH[:STEP], e.g. 70:100:2") from None
    if not (0 <= lo <= hi <= 100 and step > 0):
        raise ValueError(f"bad sweep {spec!r}: need 0 <= LOW <= HIGH <= 100 and STEP > 0")
    n = int((hi - lo) / step + 1e-9)
    return [round(lo + i * step, 6) for i in range(n + 1)]


@dataclass(frozen=True, slots=True)
class Kept:
    """One hit of one payment, reduced to what thresholds and labels need."""

    score: float
    thresholded: bool  # name hits only
    entry_key: str | None  # None for policy (jurisdiction) hits
    entry_id: str | None


@dataclass
class SweepRun:
    list_version: str
    matcher_config: str
    hits: dict[str, list[Kept]] = field(default_factory=dict)  # payment -> hits at the lowest
    screened: list[str] = field(default_factory=list)
    rejected: int = 0
    seconds: float = 0.0


def collect(
    records: Iterable[RawRecord],
    screener: Screener,
    *,
    progress: Callable[[int], object] | None = None,
) -> SweepRun:
    """Screen every record once with `screener` (built at the lowest threshold of the sweep)."""
    run = SweepRun(screener.list_version, screener.config_id)
    started = time.perf_counter()
    for rec in records:
        decoded = decode_payment(rec.value)
        if isinstance(decoded, Rejected):
            run.rejected += 1
        else:
            run.screened.append(decoded.payment_id)
            hits = screener.screen(decoded)
            if hits:
                run.hits[decoded.payment_id] = [
                    Kept(h.score, h.kind == MatchKind.NAME,
                         h.entry.key if h.entry else None, h.entry.entry_id if h.entry else None)
                    for h in hits
                ]  # fmt: skip
        if progress is not None:
            progress(1)
    run.seconds = time.perf_counter() - started
    return run


@dataclass(frozen=True)
class Point:
    threshold: float
    alerts: int  # payments with at least one hit: each is a HOLD for review
    name_hits: int
    other_hits: int  # BIC, IMO, jurisdiction: the same at every threshold
    scores: Scores | None

    def to_json(self, screened: int) -> dict[str, Any]:
        data: dict[str, Any] = {
            "threshold": self.threshold,
            "alerts": self.alerts,
            "alert_rate": round(self.alerts / screened, 6) if screened else None,
            "name_hits": self.name_hits,
            "other_hits": self.other_hits,
        }
        if self.scores is not None:
            data["labels"] = self.scores.to_json()
        return data


def point(run: SweepRun, threshold: float, labels: Labels | None) -> Point:
    alerts = name_hits = other = 0
    predicted: dict[str, set[str]] = {}
    for pid, hits in run.hits.items():
        kept = [h for h in hits if not h.thresholded or h.score >= threshold]
        if not kept:
            continue
        alerts += 1
        name_hits += sum(h.thresholded for h in kept)
        other += sum(not h.thresholded for h in kept)
        if labels is not None:
            ids = {(h.entry_key if labels.by_key else h.entry_id) for h in kept}
            predicted[pid] = {i for i in ids if i is not None}
    scores = score(predicted, labels, run.screened) if labels is not None else None
    return Point(threshold, alerts, name_hits, other, scores)


def sweep(run: SweepRun, thresholds: Iterable[float], labels: Labels | None = None) -> list[Point]:
    return [point(run, t, labels) for t in thresholds]
