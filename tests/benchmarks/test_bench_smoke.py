"""Smoke test of the benchmark harness: the pieces that need no broker run at a tiny size and give
sane rows. No timing assertions: CI machines vary; BENCHMARKS.md is where the figures live."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks import core, e2e, memory, peers
from benchmarks.common import SIZES, Row, environment, head, markdown
from benchmarks.run import ratio_rows
from monitor.lists.load import load_bundled
from monitor.lists.table import SanctionsTable

TINY = SIZES["tiny"]


@pytest.fixture(scope="module")
def table() -> SanctionsTable:
    return head(load_bundled(["ofac-sdn-2024-12-16"]), 400)


def _sane(rows: list[Row], section: str) -> None:
    assert rows
    for r in rows:
        assert r.section == section and r.what
        if r.value is not None:
            assert math.isfinite(r.value) and r.value >= 0, r


def test_core_and_rapidfuzz_rows(table: SanctionsTable) -> None:
    payments = core.traffic(table, 200)
    rows = core.measure_core(table, TINY, payments)
    _sane(rows, "core")
    by = {r.what: r for r in rows}
    assert by["Screener.screen, name cache on"].value
    assert by["name search, cache off"].value
    assert 0 <= (by["name cache hit ratio"].value or 0) <= 1
    queries = core.distinct(core.names_of(payments))
    assert len(queries) > 20 and {k for _, k in queries} >= {"person", "organization", "bank"}
    peer = core.measure_rapidfuzz(table, queries[:10])
    _sane(peer, "peers")
    ratios = ratio_rows(rows + peer)
    assert [r.unit for r in ratios] == ["×"]


def test_logic_v1_cases_and_row(table: SanctionsTable) -> None:
    queries = [("Golden Triangle Bank", "bank"), ("Chol Ryong Choe", "person")]
    cases = peers.cases(table, queries, 3)  # type: ignore[arg-type]
    assert [len(c["candidates"]) for c in cases] == [3, 3]  # type: ignore[arg-type]
    rows = peers.measure_logic(table, queries[:1], 2)  # type: ignore[arg-type]
    assert len(rows) == 1
    assert rows[0].value is not None or rows[0].note.startswith(("skipped", "failed"))


def test_memory_row_from_a_subprocess() -> None:
    rows = memory.measure("ofac-sdn-2024-12-16", "smoke", limit=300)
    assert {r.section for r in rows} == {"memory", "load"}
    assert all(r.value is not None for r in rows), rows
    peak = next(r for r in rows if r.section == "memory")
    assert peak.unit == "MiB" and (peak.value or 0) > 10


def test_e2e_ratios_and_markdown(tmp_path: Path) -> None:
    fast, slow = e2e.Phase(1000, 1.0, 5, 9, 12), e2e.Phase(1000, 2.0, 10, 30, 40)
    rows = e2e.rows_for("monitor worker", slow, slow, 1000)
    ratios = e2e.ratios({"monitor worker": (slow, slow), "plain aiokafka loop": (fast, fast)})
    assert [round(r.value or 0, 2) for r in ratios] == [0.5, 3.33]
    text = markdown(rows + ratios, environment(), "python -m benchmarks.run --size tiny", "now")
    assert "| cores |" in text and "monitor ÷ plain aiokafka loop" in text
    assert e2e.CONFIGS["pass-through faust agent"][-1] == "benchmarks.passthrough_app"
