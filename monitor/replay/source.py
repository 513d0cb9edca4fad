"""Where replayed payments come from: raw records from a JSONL file (plain or gzip) or a topic.

Sources yield raw bytes, not payments: decoding happens in the replay loop with the stream's own
`decode_payment`, so a line the worker would dead-letter is rejected here for the same reason.
Kafka reading lives in `monitor.replay.kafka`.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One input record and where it came from (a file line, or a partition and offset)."""

    value: bytes | None
    line: int | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp_ms: int | None = None

    def where(self) -> dict[str, int]:
        """Position fields for reports (only those that apply)."""
        fields = {
            "line": self.line,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp_ms": self.timestamp_ms,
        }
        return {k: v for k, v in fields.items() if v is not None}


def _open(path: Path) -> IO[bytes]:
    """Gzip is recognised by content, not by name: a compressed `payments.jsonl` still reads."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == GZIP_MAGIC:
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def iter_file(path: str | Path) -> Iterator[RawRecord]:
    """Non-blank lines of a JSONL file, numbered from 1 as an editor shows them."""
    with _open(Path(path)) as fh:
        for n, line in enumerate(fh, start=1):
            stripped = line.strip()
            if stripped:
                yield RawRecord(stripped, line=n)


def count_records(path: str | Path) -> int:
    """How many records `iter_file` will yield: a quick pass, for the progress bar's ETA."""
    return fingerprint(path)[0]


def fingerprint(path: str | Path) -> tuple[int, str]:
    """(records, sha256 of the uncompressed content): names the input in the summary, so two
    summaries show they replayed the same payments whatever the file was called or compressed as."""
    count = 0
    digest = hashlib.sha256()
    with _open(Path(path)) as fh:
        for line in fh:
            digest.update(line)
            if line.strip():
                count += 1
    return count, digest.hexdigest()
