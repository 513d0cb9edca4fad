"""The replay loop: raw records in, the stream's own alerts and decisions out, in input order.

Exactly what the worker does per record (`decode_payment` -> `decide` -> `model_dump_json`), minus
Kafka and minus the wall clock: `screened_at` is the payment's `created_at` (or a fixed `as_of`),
so the same input, lists and configuration give byte-identical output.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from monitor.replay.source import RawRecord
from monitor.screening.core import Screener
from monitor.screening.decode import Rejected, decode_payment
from monitor.screening.emit import decide

EXCERPT_CHARS = 200


class Sink(Protocol):
    """Where replay output goes: files (`replay.sink`) or topics (`replay.kafka`)."""

    def alert(self, key: bytes, value: bytes) -> None: ...

    def decision(self, key: bytes, value: bytes) -> None: ...

    def rejected(self, value: bytes) -> None: ...


@dataclass
class Summary:
    """Counts of one replay. `to_json()` is deterministic (no timings); `text()` adds the rate."""

    list_version: str
    matcher_config: str
    source: str = ""
    records: int = 0
    payments: int = 0
    alerts: int = 0
    holds: int = 0
    clears: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    hits_by_kind: Counter[str] = field(default_factory=Counter)
    alerts_by_kind: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # read but outside the requested time window
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "list_version": self.list_version,
            "matcher_config": self.matcher_config,
            "records": self.records,
            "payments": self.payments,
            "rejected": sum(self.rejected.values()),
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "alerts": self.alerts,
            "holds": self.holds,
            "clears": self.clears,
            "alerts_by_kind": dict(sorted(self.alerts_by_kind.items())),
            "hits_by_kind": dict(sorted(self.hits_by_kind.items())),
            "skipped_outside_window": self.skipped,
        }

    def text(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.alerts_by_kind.items())) or "none"
        rejected = sum(self.rejected.values())
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.rejected.items()))
        why = f": {reasons}" if reasons else ""
        return (
            f"replayed {self.payments} payments ({rejected} rejected{why}) in {self.seconds:.1f}s,"
            f" {self.rate:,.0f} payments/s\n"
            f"alerts {self.alerts} (holds {self.holds}, clears {self.clears});"
            f" alerts by kind: {kinds}\n"
            f"lists {self.list_version}\nmatcher {self.matcher_config}"
        )


def rejected_line(rec: RawRecord, reason: str, error: str) -> bytes:
    """A `rejected.jsonl` line: why, where, and the start of what was there."""
    excerpt = (rec.value or b"")[: EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS]
    row = {"reason": reason, "error": error, **rec.where(), "excerpt": excerpt}
    return json.dumps(row, ensure_ascii=False, sort_keys=True).encode()


def replay(
    records: Iterable[RawRecord],
    screener: Screener,
    sink: Sink,
    *,
    as_of: datetime | None = None,
    progress: Callable[[int], object] | None = None,
    source: str = "",
) -> Summary:
    """Screen every record in order and write its alert (if any) and decision to `sink`."""
    summary = Summary(screener.list_version, screener.config_id, source=source)
    started = time.perf_counter()
    for rec in records:
        summary.records += 1
        _one(rec, screener, sink, as_of, summary)
        if progress is not None:
            progress(1)
    summary.seconds = time.perf_counter() - started
    return summary


def _one(
    rec: RawRecord, screener: Screener, sink: Sink, as_of: datetime | None, summary: Summary
) -> None:
    decoded = decode_payment(rec.value)
    if isinstance(decoded, Rejected):
        summary.rejected[decoded.reason] += 1
        sink.rejected(rejected_line(rec, decoded.reason, decoded.error))
        return
    try:
        alert, decision = decide(screener, decoded, screened_at=as_of or decoded.created_at)
    except Exception as exc:  # a core bug must not stop a replay, nor pass as a clear
        summary.rejected["internal_error"] += 1
        sink.rejected(rejected_line(rec, "internal_error", f"{type(exc).__name__}: {exc}"[:500]))
        return
    summary.payments += 1
    key = decoded.payment_id.encode()
    if alert is not None:
        summary.alerts += 1
        kinds = [h.kind.value for h in alert.hits]
        summary.hits_by_kind.update(kinds)
        summary.alerts_by_kind.update(set(kinds))
        sink.alert(key, alert.model_dump_json().encode())
    if decision.outcome.value == "HOLD":
        summary.holds += 1
    else:
        summary.clears += 1
    sink.decision(key, decision.model_dump_json().encode())
