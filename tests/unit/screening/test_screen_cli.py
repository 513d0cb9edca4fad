"""`monitor screen`: the bundled default set by default, results in input order, explanations."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.lists.load import load_bundled


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_file_batch_finds_un_consolidated_and_sdn_entries_in_input_order(
    runner: CliRunner, tmp_path: Path
) -> None:
    table = load_bundled()
    picks = {}
    for source in ("un", "ofac-cons", "ofac-sdn"):
        people = (e for e in table.entries if e.entry_type.value == "individual")
        picks[source] = next(e for e in people if e.source == source and len(e.primary_name) > 12)
    names = [picks["un"].primary_name, "", picks["ofac-cons"].primary_name, "Golden Triangle Bank"]
    names.append(picks["ofac-sdn"].primary_name.lower())
    path = tmp_path / "names.txt"
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["screen", "--file", str(path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["query"] for x in lines] == names
    assert lines[1]["hits"] == []
    found = [{(h["source"], h["entry_id"]) for h in x["hits"]} for x in lines]
    assert ("un", picks["un"].entry_id) in found[0]
    assert ("ofac-cons", picks["ofac-cons"].entry_id) in found[2]
    assert ("ofac-sdn", "47148") in found[3]
    assert ("ofac-sdn", picks["ofac-sdn"].entry_id) in found[4]
    assert all(h["explanation"] and 0 <= h["score"] <= 100 for x in lines for h in x["hits"])


def test_name_and_bic_report_golden_triangle_bank(runner: CliRunner) -> None:
    by_name = runner.invoke(main, ["screen", "Golden Triangle Bank"])
    by_bic = runner.invoke(main, ["screen", "--bic", "KGTBKPP1XXX"])
    assert by_name.exit_code == 0 and "ofac-sdn:47148" in by_name.output
    assert by_bic.exit_code == 0 and "ofac-sdn:47148" in by_bic.output
    assert "institution code KGTBKPP1" in by_bic.output


def test_usage_error_without_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["screen"])
    assert result.exit_code == 2 and "give a NAME" in result.output


def test_unknown_matcher_is_a_usage_error_naming_the_known_ones(runner: CliRunner) -> None:
    result = runner.invoke(main, ["screen", "--matcher", "nope", "Golden Triangle Bank"])
    assert result.exit_code == 2 and "unknown matcher 'nope'" in result.output
    assert "token-align" in result.output
