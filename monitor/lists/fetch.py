"""Downloading the published lists into the local store (`monitor lists fetch`).

Download to a staging folder, parse and validate everything, and only then publish the new
version; any failure (HTTP error, timeout, truncated or HTML body, unparsable list) raises
`FetchError` and leaves the version in force as it was. Stdlib urllib only: no new dependencies.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path
from typing import Protocol

from monitor import __version__
from monitor.lists.errors import FetchError, ListError
from monitor.lists.load import load_list
from monitor.lists.store import (
    TMP_PREFIX,
    current_version,
    default_store,
    prune,
    publish,
    read_manifest,
    write_manifest,
)
from monitor.lists.table import SanctionsTable, content_hash

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
UN_XML = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One list to fetch: local file names and the URL each is downloaded from."""

    name: str
    files: tuple[tuple[str, str], ...]


def _ofac(name: str, *files: str) -> SourceSpec:
    return SourceSpec(name, tuple((f, OFAC_EXPORTS + f.upper()) for f in files))


DEFAULT_SOURCES: tuple[SourceSpec, ...] = (
    _ofac("ofac-sdn", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
    _ofac("ofac-cons", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
    SourceSpec("un", (("consolidated.xml", UN_XML),)),
)


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """What to fetch and where to keep it; the settings class builds one of these."""

    store: Path = field(default_factory=default_store)
    sources: tuple[SourceSpec, ...] = DEFAULT_SOURCES
    keep: int = 5
    timeout: float = 60.0  # seconds, per connection attempt and per read
    max_bytes: int = 256 * 1024 * 1024  # per file

    def only(self, names: Sequence[str]) -> FetchConfig:
        """The same config restricted to some sources (`ofac-sdn`, `ofac-cons`, `un`)."""
        unknown = set(names) - {s.name for s in self.sources}
        if unknown:
            raise ValueError(f"unknown sources: {', '.join(sorted(unknown))}")
        return replace(self, sources=tuple(s for s in self.sources if s.name in names))

    def with_base_url(self, base: str) -> FetchConfig:
        """Every file from one mirror: `<base>/<file name>` (e.g. an internal artifact store)."""
        base = base.rstrip("/") + "/"
        sources = tuple(
            SourceSpec(s.name, tuple((f, base + f) for f, _ in s.files)) for s in self.sources
        )
        return replace(self, sources=sources)


@dataclass(frozen=True, slots=True)
class FetchResult:
    version_dir: Path
    version_id: str
    changed: bool  # False: the download equals the version in force, nothing published
    entry_counts: dict[str, int]
    pruned: tuple[Path, ...] = ()


def fetch_lists(config: FetchConfig | None = None) -> FetchResult:
    """Download, validate and publish one new version; raises `FetchError` on any failure."""
    config = config or FetchConfig()
    config.store.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    # The staging name carries the fetch date, which dates OFAC's undated files as the final
    # folder name will: the table validated here has the version id it will have once published.
    staging = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{now:%Y-%m-%d}-", dir=config.store))
    try:
        for source in config.sources:
            for file_name, url in source.files:
                download(url, staging / file_name, config.timeout, config.max_bytes)
        table = _validate(staging, config)
        return _publish(config, staging, table, now)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download(url: str, target: Path, timeout: float, max_bytes: int) -> None:
    """Stream one URL to `target`; a short body (connection cut) or an HTTP error raises."""
    if not url.startswith(("https://", "http://")):
        raise FetchError(f"{url}: only http(s) URLs are fetched")
    agent = {"User-Agent": f"monitor/{__version__}"}
    request = urllib.request.Request(url, headers=agent)  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
            expected = response.headers.get("Content-Length")
            size = _copy(response, target, max_bytes, url)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, HTTPException, TimeoutError, OSError) as exc:
        raise FetchError(f"{url}: download failed ({exc})") from exc
    if expected is not None and expected.isdigit() and int(expected) != size:
        raise FetchError(f"{url}: got {size} bytes, Content-Length said {expected}")


class _Readable(Protocol):
    def read(self, size: int) -> bytes: ...


def _copy(response: _Readable, target: Path, limit: int, url: str) -> int:
    size = 0
    with target.open("wb") as out:
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url}: larger than {limit} bytes, refused")
            out.write(chunk)
    return size


def _validate(staging: Path, config: FetchConfig) -> SanctionsTable:
    try:
        table = load_list(staging)
    except ListError as exc:
        raise FetchError(f"downloaded list rejected: {exc}") from exc
    found = {s.source for s in table.version.sources}
    missing = {s.name for s in config.sources} - found
    if missing:
        raise FetchError(f"downloaded list rejected: no entries for {', '.join(sorted(missing))}")
    return table


def _publish(
    config: FetchConfig, staging: Path, table: SanctionsTable, now: datetime
) -> FetchResult:
    hashes = {s.source: s.content_hash for s in table.version.sources}
    counts = {s.source: s.entry_count for s in table.version.sources}
    current = current_version(config.store)
    if current is not None:
        manifest = read_manifest(current)
        if manifest.get("content_hashes") == hashes:
            version_id = manifest.get("version_id") or load_list(current).version_id
            return FetchResult(current, str(version_id), False, counts)
    digest = content_hash(f"{k}={v};".encode() for k, v in sorted(hashes.items()))
    manifest = {
        "version_id": table.version_id,
        "fetched_at": now.isoformat(timespec="seconds"),
        "content_hashes": hashes,
        "entry_counts": counts,
        "urls": {f: u for s in config.sources for f, u in s.files},
        "warnings": len(table.warnings),
    }
    write_manifest(staging, manifest)
    version_dir = publish(config.store, staging, f"{now:%Y-%m-%dT%H%M%S}Z-{digest[:12]}")
    pruned = prune(config.store, config.keep)
    return FetchResult(version_dir, table.version_id, True, counts, tuple(pruned))
