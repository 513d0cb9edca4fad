from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import main

from .conftest import sdn_row, write_sdn_folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lists", *args])
    return result.exit_code, result.output


def test_show_json_bundled_name() -> None:
    code, out = run("show", "ofac-cons-2025-12-19", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["entries"] == 442
    assert summary["by_type"]["ofac-cons"] == {"entity": 363, "individual": 79}
    assert summary["by_program"]["ofac-cons"]["UKRAINE-EO13662"] == 286
    assert summary["version_id"].startswith("ofac-cons@2025-12-19+")
    assert summary["warnings"]["count"] == 0


def test_show_text_path_with_warnings(tmp_path: Path) -> None:
    rows = [sdn_row("1", "ALPHA"), sdn_row("1", "ALPHA AGAIN")]
    code, out = run("show", str(write_sdn_folder(tmp_path / "ofac-sdn-2025-02-01", rows)))
    assert code == 0
    assert "ofac-sdn@2025-02-01+" in out
    assert "warnings  1  (ofac-sdn: duplicate-id 1)" in out


def test_diff_json() -> None:
    code, out = run("diff", "ofac-sdn-2024-05-03", "ofac-sdn-2024-12-16", "--json")
    assert code == 0
    diff = json.loads(out)
    assert len(diff["added"]) == 16 and diff["removed"] == [] and diff["changed"] == []
    assert diff["added"][0] == "ofac-sdn:47148"


def test_diff_text_shows_changed_fields(tmp_path: Path) -> None:
    old = write_sdn_folder(tmp_path / "old", [sdn_row("1", "ALPHA"), sdn_row("2", "BETA")])
    new = write_sdn_folder(
        tmp_path / "new", [sdn_row("1", "ALPHA", program="SDGT"), sdn_row("3", "GAMMA")]
    )
    code, out = run("diff", str(old), str(new))
    assert code == 0
    assert "added 1, removed 1, changed 1" in out
    assert "+ ofac-sdn:3  GAMMA" in out
    assert "- ofac-sdn:2  BETA" in out
    assert "~ ofac-sdn:1  ALPHA  [programs]" in out


def test_bad_list_is_a_clean_error(tmp_path: Path) -> None:
    folder = write_sdn_folder(tmp_path / "sdn", [sdn_row("1", "ALPHA")])
    (folder / "sdn.csv").write_bytes(b"<html>oops</html>")
    code, out = run("show", str(folder))
    assert code == 1
    assert "not an OFAC legacy CSV file" in out


def test_bundled_marks_defaults() -> None:
    code, out = run("bundled")
    assert code == 0
    assert "* ofac-sdn-2024-12-16" in out and "  ofac-sdn-2024-05-03" in out
