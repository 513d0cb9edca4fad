"""Smoke test of the benchmark harness: every piece runs at a tiny size and gives sane rows (the e2e
driver on the session's broker). No timing assertions: CI machines vary; BENCHMARKS.md is where the
figures live."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
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
    rows = e2e.rows_for("monitor worker", [(slow, slow)], 1000)
    ratios = e2e.ratios({"monitor worker": [(slow, slow)], "plain aiokafka loop": [(fast, fast)]})
    assert [round(r.value or 0, 2) for r in ratios] == [0.5, 3.33]
    text = markdown(rows + ratios, environment(), "python -m benchmarks.run --size tiny", "now")
    assert "| cores |" in text and "monitor ÷ plain aiokafka loop" in text
    assert e2e.CONFIGS["pass-through faust agent"][-1] == "benchmarks.passthrough_app"


def test_e2e_rounds_give_medians_and_paired_ratios() -> None:
    """Three rounds: each figure is the median over them, and a ratio pairs the runs of one
    round (the worker's slow round against the pass-through's slow round, not its fast one)."""

    def run(seconds: float, p99: float) -> tuple[e2e.Phase, e2e.Phase]:
        return e2e.Phase(1000, seconds, 5, 9, 12), e2e.Phase(1000, 1.0, 5, 9, p99)

    worker = [run(1.0, 20), run(2.0, 90), run(1.25, 30)]  # 1000, 500, 800 payments/s
    passthrough = [run(0.9, 15), run(1.8, 20), run(1.0, 25)]  # 1111, 556, 1000 payments/s
    rows = {r.what: r for r in e2e.rows_for("monitor worker", worker, 1000)}
    assert rows["monitor worker: max rate"].value == 800
    assert rows["monitor worker: p99 latency at 1,000/s"].value == 30
    assert "rounds: 1,000, 500, 800" in rows["monitor worker: max rate"].note
    ratios = e2e.ratios({"monitor worker": worker, "pass-through faust agent": passthrough})
    by = {r.what: r.value for r in ratios}
    assert by["monitor ÷ pass-through faust agent, max rate"] == pytest.approx(0.9)  # .9 .9 .8
    # 20/15, 90/20, 30/25: the median of the paired ratios, not 30 ms over 20 ms
    assert by["monitor ÷ pass-through faust agent, p99 at steady rate"] == pytest.approx(4 / 3)


def test_e2e_driver_process_measures_every_configuration(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """`python -m benchmarks.e2e`, the driver `benchmarks.run` starts in a fresh process, at the
    tiny size on the session's broker: each configuration gives a rate and a steady-rate p99, and
    the rows come back to `benchmarks.run` through its output."""
    argv = [
        sys.executable, "-m", "benchmarks.e2e", "--bootstrap", kafka_bootstrap,
        "--broker", "session broker", "--size", "tiny", "--logdir", str(tmp_path),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=400, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = e2e.rows_from(done.stdout.splitlines())
    _sane(rows, "e2e")
    by = {r.what: r for r in rows}
    for name in e2e.CONFIGS:
        assert (by[f"{name}: max rate"].value or 0) > 0, by.get(f"{name}: max rate")
        assert by[f"{name}: p99 latency at {TINY.steady_rate:,.0f}/s"].value is not None
    assert "session broker" in by["set-up"].note
    assert by["monitor ÷ pass-through faust agent, max rate"].unit == "×"


def test_e2e_rows_need_the_marked_line() -> None:
    row = Row("e2e", "x", 1.5, "ms", "note")
    line = e2e.ROWS_PREFIX + json.dumps([dataclasses.asdict(row)])
    assert e2e.rows_from(["e2e: x ready in 1s", line]) == [row]
    with pytest.raises(ValueError, match="no rows"):
        e2e.rows_from(["e2e: x ready in 1s"])
