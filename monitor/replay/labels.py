"""Labelled payments and precision/recall: how many of the alerts were right, how many were missed.

Labels are JSONL rows `{"payment_id": ..., "entry_ids": [...]}` (as `monitor generate --labels`
writes, optionally with `entry_keys` = `source:entry_id`, which are preferred when present since an
OFAC and a UN entry may share a number). Only list hits count as predictions: jurisdiction
findings are policy, and labels name listed parties.

Two levels, because compliance asks both questions:
- hit level: (payment, entry) pairs. Precision = right pairs / predicted pairs; recall = right
  pairs / labelled pairs.
- payment level: a payment is flagged if it has any list hit. Precision = flagged payments that are
  labelled / flagged payments; recall = labelled payments that are flagged / labelled payments.
Labels for payments that were not in the replay are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Labels:
    expected: Mapping[str, frozenset[str]]  # payment_id -> entry keys (or ids)
    by_key: bool  # True: values are `source:entry_id`; False: bare entry ids


def read_labels(path: str | Path) -> Labels:
    expected: dict[str, frozenset[str]] = {}
    by_key = True
    rows: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or "payment_id" not in row:
                raise ValueError(f"{path}:{n}: expected an object with payment_id")
            rows.append(row)
            by_key = by_key and "entry_keys" in row
    field = "entry_keys" if by_key else "entry_ids"
    for row in rows:
        values = frozenset(str(v) for v in row.get(field, ()))
        expected[str(row["payment_id"])] = (
            expected.get(str(row["payment_id"]), frozenset()) | values
        )
    return Labels(expected, by_key)


@dataclass(frozen=True)
class PR:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def to_json(self) -> dict[str, Any]:
        r = self.recall
        p = self.precision
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": None if p is None else round(p, 6),
                "recall": None if r is None else round(r, 6)}  # fmt: skip


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


@dataclass(frozen=True)
class Scores:
    hits: PR
    payments: PR

    def to_json(self) -> dict[str, Any]:
        return {"hits": self.hits.to_json(), "payments": self.payments.to_json()}


def score(
    predicted: Mapping[str, Iterable[str]], labels: Labels, screened: Iterable[str]
) -> Scores:
    """`predicted`: payment_id -> list-hit entry keys (or ids, matching `labels.by_key`);
    `screened`: every payment id the replay decided on."""
    seen = set(screened)
    expected = {pid: e for pid, e in labels.expected.items() if pid in seen and e}
    tp = fp = fn = 0
    for pid in set(predicted) | set(expected):
        pred = set(predicted.get(pid, ()))
        exp = expected.get(pid, frozenset())
        tp += len(pred & exp)
        fp += len(pred - exp)
        fn += len(exp - pred)
    flagged = {pid for pid, p in predicted.items() if p}
    labelled = set(expected)
    payments = PR(len(flagged & labelled), len(flagged - labelled), len(labelled - flagged))
    return Scores(PR(tp, fp, fn), payments)
