"""`monitor lists ...`: inspect, compare and fetch sanctions lists.

Wherever a list is taken, a path (folder, .tar.xz, UN .xml), a bundled list name, `default`
(the bundled screening set) or `current` (the version in force in the fetch store) is accepted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from monitor.cli import main
from monitor.lists import DEFAULT_LISTS, ListError, bundled_names, load_any
from monitor.lists.diff import ListDiff, diff_tables
from monitor.lists.fetch import FetchConfig, fetch_lists
from monitor.lists.store import default_store
from monitor.lists.summary import summarize
from monitor.lists.table import SanctionsTable

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


@main.group("lists")
def lists() -> None:
    """Sanctions lists: bundled, show, diff, fetch, publish."""


@lists.command("show")
@click.argument("specs", nargs=-1)
@click.option(
    "--programs", "top", default=15, show_default=True, help="Programs listed per source."
)
@JSON_OPTION
def show(specs: tuple[str, ...], top: int, as_json: bool) -> None:
    """Counts by source, entry type and program; version id; warnings. SPECS default: `default`."""
    table = _load_many(specs or ("default",))
    summary = summarize(table)
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    for line in _show_lines(summary, top):
        click.echo(line)


@lists.command("diff")
@click.argument("old")
@click.argument("new")
@JSON_OPTION
def diff(old: str, new: str, as_json: bool) -> None:
    """Entries added, removed and changed (with the changed fields) from OLD to NEW."""
    old_table, new_table = _load(old), _load(new)
    result = diff_tables(old_table, new_table)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    for line in _diff_lines(result, old_table, new_table):
        click.echo(line)


@lists.command("fetch")
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder (default: $MONITOR_LISTS_STORE, else ~/.local/share/monitor/lists).",
)
@click.option("--keep", default=5, show_default=True, help="Versions kept in the store.")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--base-url", default=None, help="Fetch every file from this mirror instead.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds per connection/read.")
@JSON_OPTION
def fetch(
    store: Path | None,
    keep: int,
    sources: tuple[str, ...],
    base_url: str | None,
    timeout: float,
    as_json: bool,
) -> None:
    """Download the lists; publish a new version only if it parses (the old one stays otherwise)."""
    config = FetchConfig(store=store or default_store(), keep=keep, timeout=timeout)
    try:
        config = config.only(sources) if sources else config
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--source") from exc
    config = config.with_base_url(base_url) if base_url else config
    try:
        result = fetch_lists(config)
    except ListError as exc:
        raise click.ClickException(str(exc)) from exc
    report = {
        "version_dir": str(result.version_dir),
        "version_id": result.version_id,
        "changed": result.changed,
        "entries": result.entry_counts,
        "pruned": [str(p) for p in result.pruned],
    }
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    state = "published" if result.changed else "unchanged, still in force:"
    click.echo(f"{state} {result.version_id}  ({result.version_dir})")


@lists.command("bundled")
def bundled() -> None:
    """Lists shipped with the package (* = in the default screening set)."""
    for name in bundled_names():
        click.echo(f"{'*' if name in DEFAULT_LISTS else ' '} {name}")


def _load(spec: str) -> SanctionsTable:
    try:
        return load_any(spec)
    except ListError as exc:
        raise click.ClickException(str(exc)) from exc


def _load_many(specs: tuple[str, ...]) -> SanctionsTable:
    tables = [_load(s) for s in specs]
    return tables[0] if len(tables) == 1 else SanctionsTable.merge(tables)


def _show_lines(summary: dict[str, Any], top: int) -> list[str]:
    lines = [f"version   {summary['version_id']}", f"entries   {summary['entries']}"]
    for s in summary["sources"]:
        source = s["source"]
        lines.append(f"  {source:<10} {s['entries']:>6}  published {s['published'] or '-'}")
        types = ", ".join(f"{k} {v}" for k, v in summary["by_type"].get(source, {}).items())
        lines.append(f"    types     {types}")
        programs = list(summary["by_program"].get(source, {}).items())
        shown = ", ".join(f"{k} {v}" for k, v in programs[:top])
        more = f" (+{len(programs) - top} more)" if len(programs) > top else ""
        lines.append(f"    programs  {shown}{more}")
    warnings = summary["warnings"]
    codes = ", ".join(f"{k} {v}" for k, v in warnings["by_code"].items())
    lines.append(f"warnings  {warnings['count']}" + (f"  ({codes})" if codes else ""))
    return lines


def _diff_lines(result: ListDiff, old: SanctionsTable, new: SanctionsTable) -> list[str]:
    lines = [f"old  {result.old_version}", f"new  {result.new_version}"]
    lines.append(
        f"added {len(result.added)}, removed {len(result.removed)}, changed {len(result.changed)}"
    )
    lines.extend(f"+ {key}  {_name(new, key)}" for key in result.added)
    lines.extend(f"- {key}  {_name(old, key)}" for key in result.removed)
    lines.extend(f"~ {c.key}  {_name(new, c.key)}  [{', '.join(c.fields)}]" for c in result.changed)
    return lines


def _name(table: SanctionsTable, key: str) -> str:
    entry = table.get(key)
    return entry.primary_name if entry else ""
