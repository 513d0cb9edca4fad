"""Shared pieces of the benchmark harness: result rows, sizes, the machine and versions, Markdown.

Every measurement returns `Row`s; `run.py` collects them into one table so that the screening
core, its peers, the Kafka path, memory and list loading are read side by side from one run.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from monitor.lists.table import SanctionsTable

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Size:
    """How much each piece measures. `tiny` is the CI smoke size: seconds, not minutes."""

    name: str
    entries: int | None  # None: the whole table; tiny screens against its first entries only
    payments: int  # payments screened with the cache (natural repetition)
    uncached_names: int  # distinct names searched with the cache off
    peer_queries: int  # names for rapidfuzz brute force
    logic_queries: int  # names for nomenklatura logic-v1
    logic_candidates: int  # candidates scored per name by logic-v1
    e2e_payments: int  # payments through Kafka per configuration
    steady_rate: float  # payments/s of the steady-rate run
    steady_seconds: float
    e2e_rounds: int  # every e2e configuration this many times, in turn (medians and paired ratios)


SIZES = {
    "tiny": Size("tiny", 1500, 1000, 150, 30, 10, 5, 300, 200.0, 3.0, 1),
    "full": Size("full", None, 50_000, 2_000, 300, 200, 20, 30_000, 1000.0, 20.0, 3),
}


@dataclass(frozen=True, slots=True)
class Row:
    section: str  # core | peers | e2e | memory | load
    what: str
    value: float | None  # None: not measured (see note)
    unit: str
    note: str = ""


def head(table: SanctionsTable, n: int) -> SanctionsTable:
    """The first `n` entries: a small table so smoke runs take seconds (figures not comparable)."""
    return SanctionsTable(table.entries[:n], table.version, table.warnings)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def environment() -> dict[str, str]:
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "faust-streaming": version("faust-streaming"),
        "aiokafka": version("aiokafka"),
        "rapidfuzz": version("rapidfuzz"),
        "monitor": f"{version('monitor')} (git {git_commit()})",
        "load average at start (1/5/15 min)": load_average(),
    }


def load_average() -> str:
    """Other work on the machine skews wall-clock figures (e2e); CPU-time rates less so."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def fmt_value(row: Row) -> str:
    if row.value is None:
        return "—"
    v = row.value
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def markdown(rows: list[Row], env: dict[str, str], command: str, when: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {when} with `{command}` (reproduce with the same command; peers need "
        "`sh benchmarks/peers/setup.sh` first).",
        "",
        "core, peers: rates per CPU second of one process (single-threaded work). e2e: wall clock, "
        "with the broker, the worker and the load driver sharing this machine's cores, so other "
        "load (see the load averages) moves those figures; compare the rows of one run.",
        "",
        "| machine and versions | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in env.items()),
        "",
        "| section | measurement | value | unit | notes |",
        "|---|---|---:|---|---|",
        *(f"| {r.section} | {r.what} | {fmt_value(r)} | {r.unit} | {r.note} |" for r in rows),
        "",
    ]
    return "\n".join(lines)


def python_command() -> list[str]:
    return [sys.executable]
