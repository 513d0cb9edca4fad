"""(b) OpenSanctions nomenklatura `logic-v1` on the names the core screens, in its own venv.

nomenklatura scores a (query, candidate) pair of FollowTheMoney entities and leaves candidate
retrieval to an index (yente uses Elasticsearch), so it gets the same candidates for every name:
the top `k` list entries by rapidfuzz token-sort similarity, computed here and not timed. The
figure is names/s with `k` candidates scored per name. It runs in `benchmarks/.venv-bench`
(`sh benchmarks/peers/setup.sh`), never in the package's environment.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from benchmarks.common import ROOT, Row
from monitor.lists.entry import EntryType
from monitor.lists.table import SanctionsTable
from monitor.matching.api import PartyKind
from monitor.matching.baseline import fold

VENV_PYTHON = ROOT / "benchmarks" / ".venv-bench" / "bin" / "python"
SCRIPT = ROOT / "benchmarks" / "peers" / "logic_v1.py"
_QUERY_SCHEMA: dict[str, str] = {
    "person": "Person", "organization": "Organization", "bank": "Company", "any": "LegalEntity",
}  # fmt: skip
_ENTRY_SCHEMA = {
    EntryType.INDIVIDUAL: "Person", EntryType.ENTITY: "Organization",
    EntryType.VESSEL: "Vessel", EntryType.AIRCRAFT: "Airplane",
}  # fmt: skip


def cases(
    table: SanctionsTable, queries: list[tuple[str, PartyKind]], k: int
) -> list[dict[str, Any]]:
    """Each name with its `k` candidate entries (all their names), as FtM-ish dicts."""
    choices, owner = [], []
    for ei, e in enumerate(table.entries):
        for n in e.names:
            choices.append(fold(n.text))
            owner.append(ei)
    out = []
    for name, kind in queries:
        picked: list[int] = []
        for _, _, i in process.extract(
            fold(name), choices, scorer=fuzz.token_sort_ratio, processor=None, limit=k * 4
        ):
            if owner[i] not in picked:
                picked.append(owner[i])
            if len(picked) == k:
                break
        candidates = [
            {"id": table.entries[i].key, "schema": _ENTRY_SCHEMA[table.entries[i].entry_type],
             "names": [n.text for n in table.entries[i].names]}
            for i in picked
        ]  # fmt: skip
        out.append({"name": name, "schema": _QUERY_SCHEMA[kind], "candidates": candidates})
    return out


def measure_logic(
    table: SanctionsTable, queries: list[tuple[str, PartyKind]], k: int, timeout: float = 900
) -> list[Row]:
    label = "nomenklatura logic-v1"
    if not VENV_PYTHON.exists():
        print(f"peers: {label} skipped: run `sh benchmarks/peers/setup.sh` first", flush=True)
        return [Row("peers", label, None, "", "skipped: no benchmarks/.venv-bench (setup.sh)")]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(cases(table, queries, k), fh)
        path = Path(fh.name)
    try:
        done = subprocess.run(
            [str(VENV_PYTHON), str(SCRIPT), str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["no output"])[-1][:150]
        return [Row("peers", label, None, "", f"failed: {why}")]
    r = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        Row("peers", label, r["names"] / r["seconds"], "names/s",
            f"nomenklatura {r['version']}, {k} candidates per name (retrieval not timed), "
            f"{r['names']} names, {r['pairs'] / r['seconds']:,.0f} pairs/s"),
    ]  # fmt: skip
