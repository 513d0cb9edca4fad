"""Threshold sweep: one screening pass equals a replay at every threshold; a readable HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.lists.table import SanctionsTable
from monitor.replay.labels import read_labels
from monitor.replay.report import sweep_html
from monitor.replay.run import replay
from monitor.replay.sink import NullSink
from monitor.replay.source import iter_file
from monitor.replay.sweep import collect, parse_range, sweep
from tests.unit.replay.conftest import small_screener


def test_parse_range() -> None:
    assert parse_range("70:100:10") == [70, 80, 90, 100]
    assert parse_range("70:75") == [70, 71, 72, 73, 74, 75]
    assert parse_range("80:81:0.5") == [80, 80.5, 81]
    for bad in ("100:70", "a:b", "70:100:0", "70:101"):
        with pytest.raises(ValueError):
            parse_range(bad)


def test_one_pass_at_the_lowest_threshold_equals_a_replay_at_each(
    traffic: Path, small_table: SanctionsTable
) -> None:
    thresholds = [60.0, 75.0, 90.0]
    run = collect(iter_file(traffic), small_screener(small_table, thresholds[0]))
    points = sweep(run, thresholds)
    for pt in points:
        again = replay(iter_file(traffic), small_screener(small_table, pt.threshold), NullSink())
        assert pt.alerts == again.alerts, pt.threshold
        assert pt.name_hits == again.hits_by_kind["name"], pt.threshold
        assert pt.other_hits == sum(again.hits_by_kind.values()) - again.hits_by_kind["name"]
    assert points[0].alerts >= points[1].alerts >= points[2].alerts


def test_labels_give_recall_falling_with_the_threshold(
    traffic: Path, small_table: SanctionsTable
) -> None:
    labels = read_labels(traffic.parent / "labels.jsonl")
    run = collect(iter_file(traffic), small_screener(small_table, 50))
    points = sweep(run, [50, 80, 100], labels)
    recalls = [p.scores.hits.recall for p in points if p.scores]
    assert len(recalls) == 3 and recalls[0] >= recalls[1] >= recalls[2]
    planted = sum(len(v) for v in labels.expected.values())
    assert planted > 10
    assert all(p.scores and p.scores.hits.tp + p.scores.hits.fn == planted for p in points)


def test_html_report_is_self_contained(traffic: Path, small_table: SanctionsTable) -> None:
    labels = read_labels(traffic.parent / "labels.jsonl")
    run = collect(iter_file(traffic), small_screener(small_table, 70))
    page = sweep_html(run, sweep(run, parse_range("70:100:5"), labels), title="t", config="c")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<polyline" in page
    assert not re.search(r"<script|<link|<img|src=|href=|@import|url\(", page)
    assert "Recall" in page and "2,000" in page


def test_cli_sweep_writes_table_json_and_html(traffic: Path, tmp_path: Path) -> None:
    # the CLI takes list specs: a bundled list, screened at two thresholds only to stay quick
    args = ["replay", str(traffic), "--list", "ofac-sdn-2024-12-16", "--sweep", "85:95:10",
            "--labels", str(traffic.parent / "labels.jsonl"), "--out", str(tmp_path)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert re.search(r"^85\s+\d+", result.stdout, re.MULTILINE)
    assert (tmp_path / "sweep.html").read_text().count(
        "<tr>"
    ) == 1 + 2 + 5  # header, points, meta rows
    assert '"threshold": 95.0' in (tmp_path / "sweep.json").read_text()
