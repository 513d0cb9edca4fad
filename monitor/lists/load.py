"""Loading sanctions lists from folders, files and the archives bundled with the package.

`load_bundled()` gives the default screening set offline; `load_list(path)` reads what
`monitor lists fetch` stored or any folder holding the publishers' files. Every source is
versioned by the sha256 of its raw published bytes, so the same files give the same version id
wherever they are read from (shared folder, bundled archive, fetch store).
"""

from __future__ import annotations

import gc
import os
import re
import tarfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO

from monitor.lists.entry import Entry
from monitor.lists.errors import ListError
from monitor.lists.ofac import _MEMO as _OFAC_RECORDS
from monitor.lists.ofac import CONS, SDN, OfacLayout, parse_ofac
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion, content_hash
from monitor.lists.un import parse_un

UN_FILE = "consolidated.xml"
LIST_FILES: frozenset[str] = frozenset((*SDN.files, *CONS.files, UN_FILE))
DEFAULT_LISTS: tuple[str, ...] = ("ofac-sdn-2024-12-16", "ofac-cons-2025-12-19", "un-2026-02-27")
ARCHIVE_SUFFIX = ".tar.xz"
MAX_FILE_BYTES = 256 * 1024 * 1024  # far above any real list; stops a runaway archive member
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class RawList:
    """The published files of one folder or archive. `label` is the folder/archive name, which
    dates OFAC's undated CSV files (e.g. `ofac-sdn-2024-12-16`)."""

    label: str
    files: Mapping[str, bytes]

    @property
    def label_date(self) -> str | None:
        match = _DATE.search(self.label)
        return match.group(1) if match else None


def load_list(path: str | os.PathLike[str]) -> SanctionsTable:
    """One list folder (sdn.csv / cons_prim.csv / consolidated.xml; several sources in one folder
    are merged), a UN XML file, or a `.tar.xz` archive of such files."""
    return parse_raw(read_raw(Path(path)))


def load_lists(paths: Iterable[str | os.PathLike[str]]) -> SanctionsTable:
    """Several lists screened together, e.g. the SDN and the UN list."""
    return SanctionsTable.merge([load_list(p) for p in paths])


def bundled_names() -> list[str]:
    """Names of the lists shipped inside the package (usable offline)."""
    data = resources.files("monitor") / "data"
    if not data.is_dir():
        return []
    archives = (p.name for p in data.iterdir() if p.name.endswith(ARCHIVE_SUFFIX))
    return sorted(name[: -len(ARCHIVE_SUFFIX)] for name in archives)


def load_bundled(names: Sequence[str] | None = None) -> SanctionsTable:
    """The bundled lists `names` merged; None gives `DEFAULT_LISTS` (SDN + Consolidated + UN)."""
    return SanctionsTable.merge([_load_bundled_one(n) for n in (names or DEFAULT_LISTS)])


def load_any(spec: str | os.PathLike[str]) -> SanctionsTable:
    """A path if it exists, else a bundled list name; `default` is the default bundled set and
    `current` the version in force in the fetch store. What the CLI and settings accept."""
    if Path(spec).exists():
        return load_list(spec)
    name = str(spec)
    if name == "default":
        return load_bundled()
    if name == "current":
        from monitor.lists.store import load_current  # the store builds on this module

        return load_current()
    if name in bundled_names():
        return load_bundled([name])
    raise ListError(f"{name}: no such file, folder or bundled list ({', '.join(bundled_names())})")


@cache
def _load_bundled_one(name: str) -> SanctionsTable:
    item = resources.files("monitor") / "data" / f"{name}{ARCHIVE_SUFFIX}"
    if not item.is_file():
        raise ListError(f"{name}: no bundled list of that name ({', '.join(bundled_names())})")
    with item.open("rb") as fh:
        return parse_raw(RawList(name, read_archive(fh, name)))


def read_raw(path: Path) -> RawList:
    """Read the files of a list folder, archive or UN XML file, without interpreting them."""
    if path.is_dir():
        files = {p.name: _read(p) for p in sorted(path.iterdir()) if p.name in LIST_FILES}
        return RawList(path.name, files)
    if not path.is_file():
        raise ListError(f"{path}: no such file or folder")
    if path.name.endswith((".tar.xz", ".tar.gz", ".tar", ".tgz")):
        with path.open("rb") as fh:
            return RawList(path.name.split(".tar")[0], read_archive(fh, str(path)))
    if path.suffix.lower() == ".xml":
        return RawList(path.stem, {UN_FILE: _read(path)})
    raise ListError(f"{path}: not a list folder, .tar.xz archive or UN .xml file")


def read_archive(fh: IO[bytes], name: str) -> dict[str, bytes]:
    """Regular members of a tar archive whose base names are list files; nothing is extracted."""
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=fh, mode="r:*") as tar:
            for member in tar:
                base = member.name.rsplit("/", 1)[-1]
                if member.isfile() and base in LIST_FILES and member.size <= MAX_FILE_BYTES:
                    extracted = tar.extractfile(member)
                    files[base] = extracted.read() if extracted else b""
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ListError(f"{name}: unreadable archive ({exc})") from exc
    return files


def parse_raw(raw: RawList) -> SanctionsTable:
    """Every source found among the files, parsed and versioned; one table."""
    with full_gc_paused():
        return _parse_raw(raw)


_FULL_GC_OFF = 1 << 30
"""A gen-2 threshold no run reaches: while it is set, only young collections happen."""
_full_gc_lock = threading.Lock()
_full_gc_depth = 0
_full_gc_saved: tuple[int, int, int] = (0, 0, 0)


@contextmanager
def full_gc_paused() -> Iterator[None]:
    """No full collections meanwhile; young ones go on.

    Parsing and indexing allocate ~10^6 small acyclic objects: the cyclic collector's full passes
    over them, which come ever more often as they pile up, would cost a third of the load time
    and free nothing. Young collections cost ~3% and keep collecting the garbage cycles that
    other threads make meanwhile: a worker's stream goes on during a list update, and with the
    collector off altogether (as here until 8 Dec 2026) its cycles of that second were still
    uncollected when `gc.freeze` made them permanent, a few MB per update. Process-wide, so
    nested and concurrent uses share one pause: the first saves the thresholds, the last
    restores them.
    """
    global _full_gc_depth, _full_gc_saved
    with _full_gc_lock:
        if _full_gc_depth == 0:
            _full_gc_saved = gc.get_threshold()
            gc.set_threshold(_full_gc_saved[0], _full_gc_saved[1], _FULL_GC_OFF)
        _full_gc_depth += 1
    try:
        yield
    finally:
        with _full_gc_lock:
            _full_gc_depth -= 1
            if _full_gc_depth == 0:
                gc.set_threshold(*_full_gc_saved)


def _parse_raw(raw: RawList) -> SanctionsTable:
    tables = [_parse_ofac(layout, raw) for layout in (SDN, CONS) if layout.primary in raw.files]
    if UN_FILE in raw.files:
        tables.append(_parse_un(raw))
    if not tables:
        found = ", ".join(sorted(raw.files)) or "no list files"
        raise ListError(f"{raw.label}: no sdn.csv, cons_prim.csv or {UN_FILE} ({found})")
    return tables[0] if len(tables) == 1 else SanctionsTable.merge(tables)


def _parse_ofac(layout: OfacLayout, raw: RawList) -> SanctionsTable:
    files = {name: raw.files[name] for name in layout.files if name in raw.files}

    def parse(digest: str) -> SanctionsTable:
        entries, warnings = parse_ofac(layout, files)
        return _table(layout.source, digest, entries, warnings.items, raw.label_date)

    return _LAST.parsed(layout.source, files, raw.label_date, parse)


def _parse_un(raw: RawList) -> SanctionsTable:
    files = {UN_FILE: raw.files[UN_FILE]}

    def parse(digest: str) -> SanctionsTable:
        entries, warnings, published = parse_un(files[UN_FILE], raw.label)
        return _table("un", digest, entries, warnings.items, published or raw.label_date)

    return _LAST.parsed("un", files, raw.label, parse)


class _LastParse:
    """The table parsed last from each source, reused when the same files come again.

    A list update usually changes one source: a worker serving SDN + Consolidated + UN that is
    sent a new SDN file re-reads the other two unchanged, and taking their tables as they are
    takes a third off the swap. The key is the files' content (names, sizes and their sha256,
    the version's own hash) and the label the version's date comes from; tables are immutable,
    so sharing one between the old and the new screener is safe. One table per source is kept
    (the one the worker serves), so this never holds more than the lists in force.
    """

    def __init__(self) -> None:
        self._tables: dict[str, tuple[tuple[object, ...], SanctionsTable]] = {}
        self._lock = threading.Lock()

    def parsed(
        self,
        source: str,
        files: Mapping[str, bytes],
        label: str | None,
        parse: Callable[[str], SanctionsTable],
    ) -> SanctionsTable:
        names = sorted(files)
        digest = content_hash(files[name] for name in names)
        key = (digest, label, tuple((name, len(files[name])) for name in names))
        with self._lock:
            last = self._tables.get(source)
        if last is not None and last[0] == key:
            return last[1]
        table = parse(digest)
        with self._lock:
            self._tables[source] = (key, table)
        return table

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()


_LAST = _LastParse()


def forget_parses() -> None:
    """Drop what parsing keeps for the next version (whole tables and per-record entries): the
    next load parses everything afresh."""
    _LAST.clear()
    _OFAC_RECORDS.clear()


def _table(
    source: str,
    digest: str,
    entries: list[Entry],
    warnings: list[str],
    published: str | None,
) -> SanctionsTable:
    version = SourceVersion(source, digest, published, len(entries))
    return SanctionsTable(tuple(entries), ListVersion((version,)), tuple(warnings))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ListError(f"{path}: unreadable ({exc.strerror})") from exc
