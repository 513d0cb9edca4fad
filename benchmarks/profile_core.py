"""Instructions per never-seen name, counted by callgrind: a figure this noisy host cannot move.

    python -m benchmarks.profile_core [--queries N] [--out FILE]

Runs the first N queries of `benchmarks.bench_core` (3,000 by default) through the default
matcher's index over the 16 Dec 2024 SDN list under `valgrind --tool=callgrind`, counting only
the search loop: the list load and index build run uninstrumented, and the process leaves
without tearing down the interpreter. Prints instructions (and simulated cache misses) per
name; the profile stays in FILE for `callgrind_annotate --inclusive=yes FILE`. Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def child(n: int) -> None:
    """The measured process: build, switch instrumentation on for itself, search, leave."""
    from benchmarks.bench_core import DEFAULT_LIST, queries
    from monitor.lists.load import load_list
    from monitor.matching.api import get_matcher

    table = load_list(DEFAULT_LIST)
    index = get_matcher().index(table)
    qs = queries([m.text for e in table.entries for m in e.names], n, 7)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True,
                   capture_output=True)  # fmt: skip
    for q in qs:
        index.search(q)
    os._exit(0)  # no interpreter teardown in the profile


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "monitor.callgrind")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.queries)
    if shutil.which("valgrind") is None:
        sys.exit("profile_core needs valgrind (apt install valgrind)")
    cmd = ["valgrind", "--tool=callgrind", "--cache-sim=yes", "--instr-atstart=no",
           f"--callgrind-out-file={args.out}", sys.executable, "-m", "benchmarks.profile_core",
           "--child", "--queries", str(args.queries)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True)
    text = args.out.read_text()
    events = re.search(r"^events: (.*)$", text, re.M)
    totals = re.search(r"^(?:summary|totals): (.*)$", text, re.M)
    if events is None or totals is None:
        sys.exit(f"no totals in {args.out}")
    counts = dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=True))
    n = args.queries
    l1 = sum(counts.get(k, 0) for k in ("I1mr", "D1mr", "D1mw"))
    ll = sum(counts.get(k, 0) for k in ("ILmr", "DLmr", "DLmw"))
    print(
        f"{counts['Ir'] / n:,.0f} instructions a name, {l1 / n:,.0f} L1 and {ll / n:,.0f} "
        f"last-level misses (callgrind's cache model), {n:,} names; profile: {args.out}"
    )


if __name__ == "__main__":
    main()
