"""Pair evaluation: the pure metrics, the CLI, and the figures on name_pairs.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.matching.engine import AlignMatcher
from monitor.matching.evaluate import evaluate, kind_of, metrics, score_pairs
from tests.unit.matching.conftest import MATCHING, need

ROWS = [
    {"schema": "Person", "name1": "Myong Jin Kim", "name2": "KIM, Myong Jin", "is_match": "true"},
    {"schema": "Person", "name1": "Daniel Tusk", "name2": "Donald Tusk", "is_match": "false"},
    {"schema": "Company", "name1": "Vostok Trading", "name2": "VOSTOK TRADING LLC",
     "is_match": "true"},
    {"schema": "Company", "name1": "Trading Company LLC", "name2": "VOSTOK TRADING LLC",
     "is_match": "false"},
]  # fmt: skip


def test_schema_kinds() -> None:
    assert kind_of("Person") == "person"
    assert kind_of("Company") == kind_of("Organization") == "organization"
    assert kind_of("Vessel") == "vessel"
    assert kind_of("LegalEntity") == kind_of("") == "any"


def test_metrics_on_small_rows(matcher: AlignMatcher) -> None:
    result = evaluate(matcher, ROWS)
    at = result.at_threshold
    assert (at.tp, at.fp, at.fn, at.tn) == (2, 0, 0, 2)
    assert at.precision == at.recall == at.f1 == 1.0
    assert result.best.f1 == 1.0
    assert result.errors() == []


def test_metrics_arithmetic(matcher: AlignMatcher) -> None:
    pairs = score_pairs(matcher, ROWS)
    m = metrics(pairs, 101.0)  # nothing predicted
    assert (m.tp, m.fp, m.fn, m.tn) == (0, 0, 2, 2)
    assert m.precision == 0.0 and m.recall == 0.0 and m.f1 == 0.0


def test_cli(tmp_path: Path) -> None:
    from monitor.cli import main

    path = tmp_path / "pairs.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["schema", "name1", "name2", "is_match"])
        writer.writeheader()
        writer.writerows(ROWS)
    runner = CliRunner()
    out = runner.invoke(main, ["eval", "pairs", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["at_threshold"]["f1"] == 1.0 and data["pairs"] == 4
    text = runner.invoke(main, ["eval", "pairs", str(path), "--threshold", "50"])
    assert text.exit_code == 0 and "precision" in text.output
    base = runner.invoke(main, ["eval", "pairs", str(path), "--matcher", "baseline"])
    assert base.exit_code == 0
    unknown = runner.invoke(main, ["eval", "pairs", str(path), "--matcher", "nope"])
    assert unknown.exit_code == 2 and "unknown matcher 'nope'" in unknown.output


def _name_pairs() -> list[dict[str, str]]:
    with need(MATCHING / "name_pairs.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_name_pairs_floor(matcher: AlignMatcher) -> None:
    """Regression floor at the default threshold (OpenSanctions logic-v2: F1 0.796)."""
    at = evaluate(matcher, _name_pairs()).at_threshold
    assert at.precision >= 0.94
    assert at.f1 >= 0.88


@pytest.mark.xfail(reason="target F1>=0.90 & recall>=0.95 not reached: see the matcher report")
def test_name_pairs_target(matcher: AlignMatcher) -> None:
    at = evaluate(matcher, _name_pairs()).at_threshold
    assert at.f1 >= 0.90 and at.recall >= 0.95
