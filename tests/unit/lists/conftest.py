"""Fixtures for list tests: the bundled real lists, and builders for small hand-made OFAC files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from monitor.lists import load_bundled
from monitor.lists.table import SanctionsTable

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "sanctions"


@pytest.fixture(scope="session")
def sdn() -> SanctionsTable:
    return load_bundled(["ofac-sdn-2024-12-16"])


@pytest.fixture(scope="session")
def sdn_may() -> SanctionsTable:
    return load_bundled(["ofac-sdn-2024-05-03"])


@pytest.fixture(scope="session")
def cons() -> SanctionsTable:
    return load_bundled(["ofac-cons-2025-12-19"])


@pytest.fixture(scope="session")
def un() -> SanctionsTable:
    return load_bundled(["un-2026-02-27"])


def ofac_csv(rows: Sequence[Sequence[str | None]]) -> bytes:
    """OFAC legacy CSV bytes: quoted text, `-0- ` for None, CRLF, trailing 0x1A."""

    def cell(value: str | None) -> str:
        if value is None:
            return "-0- "
        return value if value.isdigit() else '"' + value.replace('"', '""') + '"'

    lines = [",".join(cell(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252") + b"\x1a"


def sdn_row(
    ent_num: str,
    name: str,
    sdn_type: str | None = None,
    program: str = "DPRK4",
    remarks: str | None = None,
) -> list[str | None]:
    return [ent_num, name, sdn_type, program, None, None, None, None, None, None, None, remarks]


def write_sdn_folder(
    folder: Path,
    sdn_rows: Sequence[Sequence[str | None]],
    alt_rows: Sequence[Sequence[str | None]] = (),
    add_rows: Sequence[Sequence[str | None]] = (),
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sdn.csv").write_bytes(ofac_csv(sdn_rows))
    (folder / "alt.csv").write_bytes(ofac_csv(alt_rows))
    (folder / "add.csv").write_bytes(ofac_csv(add_rows))
    return folder
