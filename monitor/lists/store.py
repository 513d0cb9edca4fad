"""The local list store written by `monitor lists fetch`: one folder per fetched version.

    <store>/2026-11-27T183000Z-3f2a9c0d1e4b/   sdn.csv alt.csv ... consolidated.xml manifest.json
    <store>/current                            name of the version in force (replaced atomically)

A version folder appears only complete (it is renamed into place after validation) and `current`
moves only after that, so a reader never sees a half-written list: a failed fetch leaves the
version in force untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from monitor.lists.errors import ListError
from monitor.lists.load import load_list
from monitor.lists.table import SanctionsTable

CURRENT = "current"
MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
_VERSION_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}Z-[0-9a-f]{12}$")


def default_store() -> Path:
    """`$MONITOR_LISTS_STORE`, else `$XDG_DATA_HOME/monitor/lists`, else ~/.local/share/..."""
    if explicit := os.environ.get("MONITOR_LISTS_STORE"):
        return Path(explicit)
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "monitor" / "lists"


def versions(store: Path) -> list[Path]:
    """Version folders, oldest first (names start with the UTC fetch time)."""
    if not store.is_dir():
        return []
    return sorted(p for p in store.iterdir() if p.is_dir() and _VERSION_DIR.match(p.name))


def current_version(store: Path) -> Path | None:
    """The version folder in force, or None before the first successful fetch."""
    try:
        name = (store / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = store / name
    if not _VERSION_DIR.match(name) or not path.is_dir():
        raise ListError(f"{store / CURRENT}: points at missing version {name!r}")
    return path


def load_current(store: Path | None = None) -> SanctionsTable:
    """The table of the version in force in `store` (default: `default_store()`)."""
    store = store or default_store()
    path = current_version(store)
    if path is None:
        raise ListError(f"{store}: no list fetched yet (run `monitor lists fetch`)")
    return load_list(path)


def read_manifest(version: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), "utf-8")


def publish(store: Path, staged: Path, name: str) -> Path:
    """Move a validated staging folder into place, then point `current` at it."""
    target = store / name
    os.replace(staged, target)
    set_current(store, name)
    return target


def set_current(store: Path, name: str) -> None:
    """Atomic on POSIX: readers see the old name or the new one, never a partial file."""
    tmp = store / f"{TMP_PREFIX}{CURRENT}-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, store / CURRENT)


def prune(store: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` versions; the version in force is always kept."""
    current = current_version(store)
    old = versions(store)[: -max(keep, 1)]
    removed = [p for p in old if p != current]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
