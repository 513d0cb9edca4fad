"""`monitor eval`: measure a matcher on labelled data.

monitor eval pairs FILE.csv [--matcher NAME] [--threshold T] [--json] [--errors N]
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click

from monitor.cli import main


@main.group("eval")
def eval_group() -> None:
    """Evaluate matchers on labelled data."""


@eval_group.command("pairs")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--matcher", "matcher_name", default="default", show_default=True)
@click.option("--threshold", type=float, default=None, help="Default: the matcher's own.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--errors", "n_errors", type=int, default=0, help="Also list the N worst errors.")
def pairs(
    path: Path, matcher_name: str, threshold: float | None, as_json: bool, n_errors: int
) -> None:
    """Precision, recall and F1 on a pairs CSV (case_group,schema,name1,name2,is_match,...),
    at the matcher's threshold (or --threshold) and at the best threshold of a 50..99 sweep."""
    from monitor.matching.api import get_matcher
    from monitor.matching.evaluate import evaluate

    try:
        matcher = get_matcher(matcher_name)
    except ValueError as exc:  # unknown matcher (or parameter): a usage error, not a traceback
        raise click.UsageError(str(exc)) from None
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = {"name1", "name2", "is_match"} - set(rows[0] if rows else {})
    if missing:
        raise click.ClickException(f"{path}: missing columns {', '.join(sorted(missing))}")
    result = evaluate(matcher, rows, threshold)
    if as_json:
        out = result.as_dict()
        if n_errors:
            out["errors"] = [
                {"name1": p.name1, "name2": p.name2, "is_match": p.is_match, "score": p.score}
                for p in result.errors()[:n_errors]
            ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    at, best = result.at_threshold, result.best
    click.echo(f"matcher {result.matcher}  pairs {len(result.pairs)}")
    for label, m in (("threshold", at), ("best", best)):
        click.echo(
            f"{label:9} {m.threshold:5.1f}  precision {m.precision:.3f}  recall {m.recall:.3f}"
            f"  F1 {m.f1:.3f}  (tp {m.tp} fp {m.fp} fn {m.fn} tn {m.tn})"
        )
    for p in result.errors()[:n_errors]:
        label = "FN" if p.is_match else "FP"
        click.echo(f"{label} {p.score:5.1f}  {p.name1} | {p.name2}")
