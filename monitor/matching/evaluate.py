"""Pair evaluation: precision, recall and F1 of a matcher on labelled name pairs.

Use it to compare matcher configurations on the same labelled file (the shape of nomenklatura's
name_bench `cases.csv`: case_group, schema, name1, name2, is_match, ...). Each pair is scored in
isolation with `Matcher.compare`; a pair is predicted a match when its score is at or above the
threshold. Pure: rows in, figures out; reading files is the CLI's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from monitor.matching.api import Matcher, PartyKind

SCHEMA_KINDS: dict[str, PartyKind] = {
    "person": "person",
    "company": "organization",
    "organization": "organization",
    "legalentity": "any",
    "vessel": "vessel",
}
"""FollowTheMoney schema of a pair -> the party kind it is compared as (LegalEntity: either)."""

_TRUE = frozenset({"true", "1", "yes", "y", "t"})


@dataclass(frozen=True, slots=True)
class ScoredPair:
    name1: str
    name2: str
    kind: PartyKind
    is_match: bool
    score: float
    category: str = ""


@dataclass(frozen=True, slots=True)
class Metrics:
    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "threshold": self.threshold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


@dataclass(frozen=True)
class Evaluation:
    """Figures at the matcher's threshold, the best threshold of a sweep, and the errors."""

    matcher: str
    at_threshold: Metrics
    best: Metrics
    sweep: tuple[Metrics, ...]
    pairs: tuple[ScoredPair, ...] = field(repr=False)

    def errors(self) -> list[ScoredPair]:
        """Misclassified pairs at the matcher's threshold, worst first."""
        t = self.at_threshold.threshold
        wrong = [p for p in self.pairs if (p.score >= t) != p.is_match]
        return sorted(wrong, key=lambda p: -abs(p.score - t))

    def errors_by_category(self) -> dict[str, tuple[int, int]]:
        """category -> (false negatives, false positives) at the matcher's threshold."""
        fn: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        for p in self.errors():
            (fn if p.is_match else fp)[p.category or "-"] += 1
        return {c: (fn[c], fp[c]) for c in sorted(set(fn) | set(fp))}

    def as_dict(self) -> dict[str, object]:
        return {
            "matcher": self.matcher,
            "pairs": len(self.pairs),
            "at_threshold": self.at_threshold.as_dict(),
            "best": self.best.as_dict(),
            "errors_by_category": {
                c: {"fn": n, "fp": p} for c, (n, p) in self.errors_by_category().items()
            },
        }


def kind_of(schema: str) -> PartyKind:
    return SCHEMA_KINDS.get(schema.strip().lower(), "any")


def score_pairs(matcher: Matcher, rows: Iterable[Mapping[str, str]]) -> list[ScoredPair]:
    """Score every row (`name1`, `name2`, `is_match`, optional `schema` and `category`)."""
    out: list[ScoredPair] = []
    for row in rows:
        kind = kind_of(row.get("schema", ""))
        score = matcher.compare(row["name1"], row["name2"], kind)
        out.append(
            ScoredPair(
                row["name1"],
                row["name2"],
                kind,
                row["is_match"].strip().lower() in _TRUE,
                float(score),
                row.get("category", "") or "",
            )
        )
    return out


def metrics(pairs: Sequence[ScoredPair], threshold: float) -> Metrics:
    tp = fp = fn = tn = 0
    for p in pairs:
        hit = p.score >= threshold
        if hit and p.is_match:
            tp += 1
        elif hit:
            fp += 1
        elif p.is_match:
            fn += 1
        else:
            tn += 1
    return Metrics(threshold, tp, fp, fn, tn)


def evaluate(
    matcher: Matcher,
    rows: Iterable[Mapping[str, str]],
    threshold: float | None = None,
    sweep: Iterable[float] = range(50, 100),
) -> Evaluation:
    """Figures at `threshold` (the matcher's own when None) and the F1-best threshold of `sweep`."""
    pairs = score_pairs(matcher, rows)
    at = metrics(pairs, matcher.threshold if threshold is None else threshold)
    swept = tuple(metrics(pairs, float(t)) for t in sweep)
    best = max(swept, key=lambda m: (m.f1, m.recall)) if swept else at
    return Evaluation(matcher.name, at, best, swept, tuple(pairs))
