"""`monitor screen`: one-off and batch screening of names and BICs, with explanations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, get_args

import click

from monitor.cli import main
from monitor.matching.api import NameMatch, PartyKind
from monitor.screening.core import Screener

KINDS = list(get_args(PartyKind))


def build(lists: tuple[str, ...], matcher: str, threshold: float | None) -> Screener:
    from monitor.matching.api import get_matcher
    from monitor.stream.holder import load_configured

    params = {} if threshold is None else {"threshold": threshold}
    try:  # before the lists load: a misspelt name is told at once, not after seconds
        chosen = get_matcher(matcher, **params)
    except ValueError as exc:  # unknown matcher (or parameter): a usage error, not a traceback
        raise click.UsageError(str(exc)) from None
    return Screener(load_configured(list(lists)), chosen)


def name_hit(m: NameMatch) -> dict[str, Any]:
    e = m.entry
    return {
        "entry_id": e.entry_id,
        "source": e.source,
        "entry_type": e.entry_type.value,
        "primary_name": e.primary_name,
        "matched": m.matched_name,
        "score": round(m.score, 2),
        "kind": "name",
        "programs": list(e.programs),
        "explanation": m.explanation,
    }


def bic_hits(screener: Screener, bic: str) -> list[dict[str, Any]]:
    out = []
    for e, listed, why in screener.lookup_bic(bic):
        out.append({
            "entry_id": e.entry_id, "source": e.source, "entry_type": e.entry_type.value,
            "primary_name": e.primary_name, "matched": listed, "score": 100.0, "kind": "bic",
            "programs": list(e.programs), "explanation": why,
        })  # fmt: skip
    return out


def print_hits(query: str, hits: list[dict[str, Any]]) -> None:
    if not hits:
        click.echo(f"{query}: no hits")
        return
    click.echo(f"{query}: {len(hits)} hit(s)")
    for h in hits:
        click.echo(
            f"  {h['score']:6.1f}  {h['kind']:<4} {h['source']}:{h['entry_id']} "
            f"{h['primary_name']!r} [{', '.join(h['programs'])}] ({h['entry_type']})"
        )
        click.echo(f"          matched {h['matched']!r}: {h['explanation']}")


@main.command()
@click.argument("name", required=False)
@click.option("--bic", help="screen a BIC (8 or 11 characters)")
@click.option("--kind", type=click.Choice(KINDS), default="any", show_default=True)
@click.option(
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="one name per line; one result line per input line, in order",
)
@click.option(
    "--list",
    "lists",
    multiple=True,
    help="list path or bundled name, repeatable (default: the bundled default set)",
)
@click.option("--matcher", default="default", show_default=True)
@click.option("--threshold", type=float, help="default: the matcher's own")
@click.option("--json", "as_json", is_flag=True, help="JSON lines output")
def screen(
    name: str | None,
    bic: str | None,
    kind: PartyKind,
    file: Path | None,
    lists: tuple[str, ...],
    matcher: str,
    threshold: float | None,
    as_json: bool,
) -> None:
    """Screen a NAME and/or --bic, or every line of --file, against the sanctions lists."""
    if not (name or bic or file):
        raise click.UsageError("give a NAME, --bic or --file")
    screener = build(lists, matcher, threshold)
    queries: list[str] = [name] if name else []
    if file:
        queries = file.read_text(encoding="utf-8").splitlines()
    results = []
    for q in queries:
        results.append(
            (q, [name_hit(m) for m in screener.search_name(q, kind)] if q.strip() else [])
        )
    if bic:
        results.append((bic, bic_hits(screener, bic)))
    for i, (q, hits) in enumerate(results):
        if as_json:
            sys.stdout.write(json.dumps({"line": i + 1, "query": q, "hits": hits}) + "\n")
        else:
            print_hits(q, hits)
