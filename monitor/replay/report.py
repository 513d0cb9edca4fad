"""A threshold-sweep report as one self-contained HTML page (inline SVG, no scripts, no network).

Written for a compliance officer choosing a threshold: what each setting costs in alerts to
review and what it buys in sanctioned parties caught, with the configuration it was measured on.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from monitor.replay.labels import pct
from monitor.replay.sweep import Point, SweepRun

W, H = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 70, 30, 50
ALERT_COLOUR, RECALL_COLOUR, PRECISION_COLOUR = "#3b6ea5", "#2e8b57", "#c0504d"

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:900px;margin:2em auto;
color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}
.meta td{text-align:left}.note{color:#555;font-size:.92em}
"""


def _scale(v: float, lo: float, hi: float, a: float, b: float) -> float:
    return a if hi == lo else a + (v - lo) * (b - a) / (hi - lo)


def _polyline(xs: Sequence[float], ys: Sequence[float], colour: str, dash: str = "") -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
                   for x, y in zip(xs, ys, strict=True))  # fmt: skip
    return f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>{dots}'


def chart(points: Sequence[Point]) -> str:
    """Alerts (left axis) and, with labels, hit recall and precision (right axis, %)."""
    ts = [p.threshold for p in points]
    top = max([p.alerts for p in points] + [1])
    x0, x1, y0, y1 = LEFT, W - RIGHT, H - BOTTOM, TOP
    xs = [_scale(t, ts[0], ts[-1], x0, x1) for t in ts]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
             f'role="img" aria-label="alerts and recall by threshold">',
             f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="#fafafa" '
             'stroke="#ccc"/>']  # fmt: skip
    for i in range(5):
        y = _scale(i, 0, 4, y0, y1)
        parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="{ALERT_COLOUR}">{round(top * i / 4):,}</text>')  # fmt: skip
    step = max(1, len(ts) // 10)
    for x, t in list(zip(xs, ts, strict=True))[::step]:
        parts.append(
            f'<text x="{x:.1f}" y="{y0 + 18}" text-anchor="middle" font-size="11">{t:g}</text>'
        )
    parts.append(
        f'<text x="{(x0 + x1) / 2}" y="{H - 8}" text-anchor="middle" font-size="12">'
        "name-match threshold</text>"
    )
    parts.append(_polyline(xs, [_scale(p.alerts, 0, top, y0, y1) for p in points], ALERT_COLOUR))
    if all(p.scores is not None for p in points):
        for i in range(5):
            y = _scale(i, 0, 4, y0, y1)
            parts.append(f'<text x="{x1 + 6}" y="{y + 4:.1f}" font-size="11">{25 * i}%</text>')
        for attr, colour, dash in (
            ("recall", RECALL_COLOUR, ""),
            ("precision", PRECISION_COLOUR, "5,4"),
        ):
            vals = [getattr(p.scores.hits, attr) if p.scores else None for p in points]
            ys = [_scale(v or 0.0, 0, 1, y0, y1) for v in vals]
            parts.append(_polyline(xs, ys, colour, dash))
    parts.append("</svg>")
    return "".join(parts)


def _legend(labelled: bool) -> str:
    items = [(ALERT_COLOUR, "alerts to review (left axis)")]
    if labelled:
        items += [
            (RECALL_COLOUR, "recall: share of planted listed parties caught (right axis)"),
            (PRECISION_COLOUR, "precision: share of list hits that were right (dashed)"),
        ]
    spans = (f'<span style="color:{c}">&#9632;</span> {escape(t)}' for c, t in items)
    return "<p>" + "<br>".join(spans) + "</p>"


def _rows(points: Sequence[Point], screened: int) -> str:
    out = []
    for p in points:
        cells = [f"{p.threshold:g}", f"{p.alerts:,}",
                 f"{100 * p.alerts / screened:.2f}%" if screened else "n/a",
                 f"{p.name_hits:,}", f"{p.other_hits:,}"]  # fmt: skip
        if p.scores is not None:
            cells += [pct(p.scores.hits.recall), pct(p.scores.hits.precision),
                      str(p.scores.hits.fn)]  # fmt: skip
        out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    return "\n".join(out)


def sweep_html(run: SweepRun, points: Sequence[Point], *, title: str, config: str) -> str:
    labelled = bool(points) and all(p.scores is not None for p in points)
    screened = len(run.screened)
    head = ["Threshold", "Alerts", "Alert rate", "Name hits", "Other hits"]
    if labelled:
        head += ["Recall", "Precision", "Missed"]
    meta = [
        ("Configuration", config),
        ("Lists", run.list_version),
        ("Matcher", run.matcher_config),
        ("Payments screened", f"{screened:,}"),
        ("Rejected (unreadable)", f"{run.rejected:,}"),
    ]
    meta_rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in meta)
    labels_note = (
        "<p>Recall and precision come from labelled test traffic: payments on which known listed "
        "parties were planted. <b>Recall</b> is the share of those planted parties the screening "
        "caught; <b>precision</b> the share of list hits that named the planted party. "
        "<b>Missed</b> is how many planted parties went unflagged.</p>"
        if labelled else
        "<p class=note>No labels were supplied, so only alert volume is shown.</p>"
    )  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{escape(title)}</h1>
<p>The same payments were screened at each name-match threshold. A <b>lower</b> threshold accepts
looser spellings of listed names: more alerts for analysts to review, fewer sanctioned parties
missed. A <b>higher</b> threshold cuts review work but risks missing misspelled or transliterated
names. BIC, vessel (IMO) and sanctioned-country findings do not depend on the threshold and are
counted at every point ("other hits").</p>
{labels_note}
<h2>Alerts{" and recall" if labelled else ""} by threshold</h2>
{chart(points) if points else ""}
{_legend(labelled)}
<h2>Figures</h2>
<table><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>
<tbody>
{_rows(points, screened)}
</tbody></table>
<h2>What was measured</h2>
<table class=meta>{meta_rows}</table>
<p class=note>An alert is one payment with at least one finding; each alert holds the payment for
review. Produced by <code>monitor replay --sweep</code>; the same input and configuration always
give the same figures.</p>
</body></html>
"""
