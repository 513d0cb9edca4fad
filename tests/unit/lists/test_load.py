from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from monitor.lists import DEFAULT_LISTS, ListError, bundled_names, load_any, load_bundled, load_list
from monitor.lists.bundle import write_archive
from monitor.lists.table import SanctionsTable

from .conftest import SHARED

DATA = Path(__file__).resolve().parents[3] / "monitor" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared list data not present")


def test_bundled_names() -> None:
    assert set(DEFAULT_LISTS) <= set(bundled_names())
    assert "ofac-sdn-2024-05-03" in bundled_names()


def test_default_set_is_sdn_cons_un() -> None:
    table = load_bundled()
    assert {s.source for s in table.version.sources} == {"ofac-sdn", "ofac-cons", "un"}
    assert len(table) == 14_981 + 442 + 1003
    assert table.get("ofac-sdn:47148") is not None
    assert table.get("un:CDe.001") is not None


@needs_shared
@pytest.mark.parametrize("name", ["ofac-sdn-2024-12-16", "ofac-cons-2025-12-19", "un-2026-02-27"])
def test_bundled_equals_shared_folder(name: str) -> None:
    shared = load_list(SHARED / name)
    bundled = load_bundled([name])
    assert bundled.version_id == shared.version_id
    assert bundled.entries == shared.entries
    assert bundled.warnings == shared.warnings


def test_version_is_content_hash_of_raw_files(sdn: SanctionsTable) -> None:
    source = sdn.version.sources[0]
    assert source.source == "ofac-sdn" and len(source.content_hash) == 64
    assert sdn.version_id == f"ofac-sdn@2024-12-16+{source.content_hash[:12]}"


def test_archive_round_trip(tmp_path: Path, un: SanctionsTable) -> None:
    folder = tmp_path / "un-2026-02-27"
    folder.mkdir()
    (folder / "consolidated.xml").write_bytes(_bundled_un_xml())
    archive = write_archive(folder, tmp_path)
    assert archive.name == "un-2026-02-27.tar.xz"
    assert load_list(archive).version_id == un.version_id
    assert load_list(folder).version_id == un.version_id


def test_bundling_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListError):
        write_archive(tmp_path, tmp_path)


def test_un_xml_file_directly(tmp_path: Path, un: SanctionsTable) -> None:
    (tmp_path / "un.xml").write_bytes(_bundled_un_xml())
    assert load_list(tmp_path / "un.xml").version_id == un.version_id


def test_load_any_accepts_path_name_and_default(tmp_path: Path) -> None:
    assert load_any("ofac-cons-2025-12-19").version.sources[0].source == "ofac-cons"
    assert len(load_any("default").version.sources) == 3
    with pytest.raises(ListError, match="no such file, folder or bundled list"):
        load_any(str(tmp_path / "missing"))


def test_corrupt_archive_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "ofac-sdn-2024-12-16.tar.xz"
    bad.write_bytes(b"\xfd7zXZ\x00 not really xz")
    with pytest.raises(ListError, match="unreadable archive"):
        load_list(bad)


def _bundled_un_xml() -> bytes:
    with tarfile.open(DATA / "un-2026-02-27.tar.xz") as tar:
        member = tar.extractfile("un-2026-02-27/consolidated.xml")
        assert member is not None
        return member.read()
