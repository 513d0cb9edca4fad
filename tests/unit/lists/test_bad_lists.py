"""Broken lists raise ListError; usable lists with problems load with counted warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.lists import ListError, load_list
from monitor.lists.warnings import count_warnings

from .conftest import ofac_csv, sdn_row, write_sdn_folder

ROWS = [sdn_row("100", "ALPHA BANK"), sdn_row("200", "BETA, John", "individual", "SDGT")]


def test_small_folder_loads(tmp_path: Path) -> None:
    table = load_list(write_sdn_folder(tmp_path / "ofac-sdn-2025-01-31", ROWS))
    assert [e.key for e in table.entries] == ["ofac-sdn:100", "ofac-sdn:200"]
    assert table.version.sources[0].published == "2025-01-31"
    assert table.warnings == ()


def test_undated_folder_has_no_publication_date(tmp_path: Path) -> None:
    table = load_list(write_sdn_folder(tmp_path / "latest", ROWS))
    assert table.version.sources[0].published is None
    assert "undated" in table.version_id


def test_truncated_file_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", ROWS)
    data = (folder / "sdn.csv").read_bytes()
    (folder / "sdn.csv").write_bytes(data[: len(data) - 30])
    with pytest.raises(ListError, match="truncated"):
        load_list(folder)


def test_truncated_at_row_boundary_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", ROWS)
    (folder / "sdn.csv").write_bytes(ofac_csv(ROWS)[:-1])  # only the 0x1A marker missing
    with pytest.raises(ListError, match="truncated"):
        load_list(folder)


def test_html_page_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", ROWS)
    (folder / "sdn.csv").write_bytes(
        b"<!DOCTYPE html><html><body>Service Unavailable</body></html>"
    )
    with pytest.raises(ListError, match="not an OFAC legacy CSV file .*HTML"):
        load_list(folder)


def test_wrong_column_count_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", ROWS)
    (folder / "alt.csv").write_bytes(ofac_csv([["100", "1", "aka", "X"]]))  # 4 of 5 columns
    with pytest.raises(ListError, match="alt.csv: row 1 has 4 fields"):
        load_list(folder)


def test_non_numeric_id_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", [*ROWS, sdn_row("X1", "BAD ID")])
    with pytest.raises(ListError, match="sdn.csv: row 3 has ent_num 'X1', not a number"):
        load_list(folder)


def test_missing_alias_file_is_an_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", ROWS)
    (folder / "alt.csv").unlink()
    with pytest.raises(ListError, match="missing alt.csv"):
        load_list(folder)


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ListError, match="no sdn.csv"):
        load_list(tmp_path)


def test_unknown_file_type_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("{}")
    with pytest.raises(ListError):
        load_list(path)


def test_orphan_alias_and_address_rows_are_counted(tmp_path: Path) -> None:
    alt = [
        ["100", "1", "aka", "ALPHA", None],
        ["999", "2", "aka", "GHOST", None],
        ["998", "3", "fka", "GHOST 2", None],
    ]
    add = [["999", "7", "1 Road", "Town", "Iran", None]]
    table = load_list(write_sdn_folder(tmp_path / "sdn", ROWS, alt, add))
    assert len(table) == 2
    assert count_warnings(table.warnings) == {
        "ofac-sdn: orphan-address": 1,
        "ofac-sdn: orphan-alias": 2,
    }
    assert any("999" in w for w in table.warnings)


def test_duplicate_ids_keep_first_with_warning(tmp_path: Path) -> None:
    rows = [*ROWS, sdn_row("100", "ALPHA BANK AGAIN")]
    table = load_list(write_sdn_folder(tmp_path / "sdn", rows))
    assert len(table) == 2
    assert table.get("ofac-sdn:100").primary_name == "ALPHA BANK"  # type: ignore[union-attr]
    assert count_warnings(table.warnings) == {"ofac-sdn: duplicate-id": 1}


def test_unknown_program_is_a_warning_and_entry_still_loads(tmp_path: Path) -> None:
    rows = [*ROWS, sdn_row("300", "GAMMA LLC", program="SDGT] [NEWPROG-EO99999")]
    table = load_list(write_sdn_folder(tmp_path / "sdn", rows))
    assert table.get("ofac-sdn:300").programs == ("SDGT", "NEWPROG-EO99999")  # type: ignore[union-attr]
    assert table.warnings == ("ofac-sdn: unknown-program: ent_num 300: program 'NEWPROG-EO99999'",)


def test_latin1_bytes_are_decoded(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", [sdn_row("1", "BANCO DE CRÉDITO")])
    assert load_list(folder).entries[0].primary_name == "BANCO DE CRÉDITO"
