"""(d) Peak RSS with the lists loaded and the screener built, and (e) load and build times.

Each list spec is measured in a fresh interpreter (`python -m benchmarks.memory SPEC`), so nothing
is cached from an earlier load and `ru_maxrss` is that process's own peak: what one worker needs.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Row


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _hwm_mb() -> float | None:
    """This process image's own peak (VmHWM). Linux carries ru_maxrss over fork+exec, so a child
    of a large parent reports at least the parent's size there; VmHWM starts afresh at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child(spec: str, limit: int | None = None) -> dict[str, object]:
    """In the fresh process: import, load the list version, build the screener; report."""
    import monitor.screening.core  # noqa: F401  (the imports a worker has before loading)

    imported_mb = _rss_mb()
    from monitor.lists.load import load_any
    from monitor.matching.api import get_matcher
    from monitor.screening.core import Screener

    t0 = time.perf_counter()
    table = load_any(spec)
    loaded = time.perf_counter()
    if limit:
        from benchmarks.common import head

        table = head(table, limit)
    screener = Screener(table, get_matcher())
    built = time.perf_counter()
    screener.search_name("warm up", "any")
    return {
        "spec": spec,
        "entries": len(table),
        "version": table.version_id,
        "matcher": screener.config_id,
        "load_s": loaded - t0,
        "build_s": built - loaded,
        "imported_mb": imported_mb,
        "peak_mb": _rss_mb(),
        "hwm_mb": _hwm_mb(),
    }


def measure(spec: str, label: str, limit: int | None = None, timeout: float = 300.0) -> list[Row]:
    """Call it first in the harness: a child's ru_maxrss is at least its parent's size (above)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", spec, *([str(limit)] if limit else [])],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["no output"])[-1][:120]
        return [Row("memory", f"{label}: load + build", None, "", f"failed: {why}")]
    r = json.loads(done.stdout.strip().splitlines()[-1])
    what = f"{r['entries']:,} entries, matcher {r['matcher']}"
    hwm = f", VmHWM {r['hwm_mb']:.0f} MiB" if r.get("hwm_mb") else ""
    return [
        Row("memory", f"peak RSS, {label} loaded + screener built", r["peak_mb"], "MiB",
            f"{what}; ru_maxrss (subprocess){hwm}; {r['imported_mb']:.0f} MiB after imports"),
        Row("load", f"load list version, {label}", r["load_s"], "s", r["version"]),
        Row("load", f"build screener, {label}", r["build_s"], "s", "matcher index"),
        Row("load", f"load + build, {label}", r["load_s"] + r["build_s"], "s",
            "a list update swaps in a new screener after this"),
    ]  # fmt: skip


if __name__ == "__main__":
    spec = sys.argv[1] if len(sys.argv) > 1 else "default"
    print(json.dumps(child(spec, int(sys.argv[2]) if len(sys.argv) > 2 else None)))
