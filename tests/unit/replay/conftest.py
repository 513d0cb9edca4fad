"""Replay fixtures: a small slice of a real list (fast to index) and traffic named from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.lists.load import load_bundled
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion
from monitor.replay.config import ReplayConfig
from monitor.screening.core import Screener
from monitor.synth import Seeded, generate_payments, write_jsonl, write_labels

SLICE = 600


@pytest.fixture(scope="session")
def small_table() -> SanctionsTable:
    """The first 600 entries of the 2024-12-16 SDN: real names and BICs, indexed in a second."""
    full = load_bundled(["ofac-sdn-2024-12-16"])
    entries = full.entries[:SLICE]
    version = ListVersion((SourceVersion("ofac-sdn", "5e" * 32, "2024-12-16", len(entries)),))
    return SanctionsTable(entries, version)


def small_screener(table: SanctionsTable, threshold: float | None = None) -> Screener:
    return ReplayConfig(threshold=threshold).screener(table)


@pytest.fixture(scope="session")
def traffic(tmp_path_factory: pytest.TempPathFactory, small_table: SanctionsTable) -> Path:
    """2,000 payments, 1% naming listed parties from the slice, gzip JSONL; labels beside it."""
    folder = tmp_path_factory.mktemp("traffic")
    labels: dict[str, tuple[Seeded, ...]] = {}
    payments = generate_payments(2000, seed=11, table=small_table, hit_rate=0.01, labels=labels)
    write_jsonl(folder / "payments.jsonl.gz", payments)
    write_labels(folder / "labels.jsonl", labels)
    return folder / "payments.jsonl.gz"
