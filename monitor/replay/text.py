"""Plain-text tables for the terminal: a comparison and a threshold sweep."""

from __future__ import annotations

from collections.abc import Sequence

from monitor.replay.compare import BREAKDOWNS, Comparison
from monitor.replay.labels import Scores, pct
from monitor.replay.sweep import Point


def table(header: Sequence[str], rows: Sequence[Sequence[object]], indent: str = "") -> str:
    """Left-aligned first column, right-aligned numbers."""
    cells = [[str(c) for c in header], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for r in cells:
        first = r[0].ljust(widths[0])
        rest = "  ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))
        lines.append(f"{indent}{first}  {rest}".rstrip())
    return "\n".join(lines)


def _pr(s: Scores) -> list[str]:
    return [pct(s.hits.precision), pct(s.hits.recall), pct(s.payments.precision),
            pct(s.payments.recall)]  # fmt: skip


def comparison_text(c: Comparison) -> str:
    p = c.payments()
    out = [
        f"A: {c.a.label}\n   lists {c.a.list_version}\n   matcher {c.a.matcher_config}",
        f"B: {c.b.label}\n   lists {c.b.list_version}\n   matcher {c.b.matcher_config}",
        f"payments screened: {c.screened}",
        "",
        table(
            ["", "only in A", "only in B", "in both"],
            [
                [
                    "alerted payments",
                    len(p["alerted_only_in_a"]),
                    len(p["alerted_only_in_b"]),
                    len(p["alerted_in_both"]),
                ],
                [
                    "payments with one-sided hits",
                    len(p["with_hits_only_in_a"]),
                    len(p["with_hits_only_in_b"]),
                    "",
                ],
                ["hits", len(c.only_a), len(c.only_b), len(c.both)],
            ],
        ),  # fmt: skip
    ]
    for name, values in c.breakdowns().items():
        if name not in BREAKDOWNS or not values:
            continue
        rows = [[v, n["only_a"], n["only_b"], n["both"]] for v, n in values.items()]
        out += ["", table([f"hits by {name}", "only in A", "only in B", "in both"], rows)]
    if c.scores:
        rows = [["A", *_pr(c.scores[0])], ["B", *_pr(c.scores[1])]]
        header = ["labels", "hit precision", "hit recall", "payment precision", "payment recall"]
        out += ["", table(header, rows)]
    for side, key in (("A", "with_hits_only_in_a"), ("B", "with_hits_only_in_b")):
        ids = p[key]
        if ids:
            shown = ", ".join(ids[:20]) + (f" ... (+{len(ids) - 20})" if len(ids) > 20 else "")
            out += ["", f"payments with hits only in {side}: {shown}"]
    return "\n".join(out)


def sweep_text(points: Sequence[Point], screened: int) -> str:
    labelled = any(pt.scores is not None for pt in points)
    header = ["threshold", "alerts", "alert rate", "name hits", "other hits"]
    if labelled:
        header += ["hit precision", "hit recall", "payment precision", "payment recall"]
    rows = []
    for pt in points:
        rate = f"{100 * pt.alerts / screened:.2f}%" if screened else "n/a"
        row: list[object] = [f"{pt.threshold:g}", pt.alerts, rate, pt.name_hits, pt.other_hits]
        if pt.scores is not None:
            row += _pr(pt.scores)
        rows.append(row)
    return table(header, rows)
