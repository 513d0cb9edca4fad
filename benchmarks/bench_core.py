"""Name-screening speed: the default matcher's index against rapidfuzz `extractOne` brute force.

    python -m benchmarks.bench_core [--size N|tiny|full] [--list PATH] [--seed S]

Queries are distinct names (no result cache): the 1,000 names of negatives_global_1k.csv plus
seeded variants of list aliases (word order swapped, one letter changed, case changed), so both
the "no hit" path and the "hit" path are timed. Token-level caches start empty for query words
and fill as the run goes, as they do in a worker; `cold` reports the first pass over a fresh
process' caches. The peer is `rapidfuzz.process.extractOne(name, all_alias_names,
scorer=fuzz.WRatio, processor=default_process)`, timed on a subsample because it is slow.
CPU time (`time.process_time`) is reported, so a busy machine distorts less. Index builds are
timed with the cyclic GC paused, as the worker builds them (`stream.holder.load_screener`); the
`*_gc_s` figures are the same builds with the GC running. `--all-lists` adds the load and builds
of the bundled default set (SDN + Consolidated + UN), merged.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from monitor.lists.load import forget_parses, full_gc_paused, load_bundled, load_list
from monitor.lists.table import SanctionsTable
from monitor.matching.api import Matcher, get_matcher

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_LIST = SHARED / "sanctions" / "ofac-sdn-2024-12-16"
NEGATIVES = SHARED / "matching" / "negatives_global_1k.csv"
SIZES = {"tiny": 300, "full": 20_000}


def _variant(name: str, rnd: random.Random) -> str:
    words = name.replace(",", " ").split()
    choice = rnd.randrange(3)
    if choice == 0 and len(words) > 1:
        words = words[1:] + words[:1]
    elif choice == 1:
        i = rnd.randrange(len(words))
        w = words[i]
        if len(w) > 3:
            j = rnd.randrange(len(w))
            words[i] = w[:j] + rnd.choice("aeiourstn") + w[j + 1 :]
    out = " ".join(words)
    return out.lower() if rnd.random() < 0.5 else out.title()


def queries(names: list[str], n: int, seed: int) -> list[str]:
    """n distinct names: the negatives first, then variants of random list aliases."""
    rnd = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    if NEGATIVES.exists():
        with NEGATIVES.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["full_name"] not in seen:
                    seen.add(row["full_name"])
                    out.append(row["full_name"])
    rnd.shuffle(out)
    out = out[: n // 2]
    while len(out) < n:
        q = _variant(rnd.choice(names), rnd)
        if q not in seen:
            seen.add(q)
            out.append(q)
    rnd.shuffle(out)
    return out


def _timed_build(matcher: Matcher, table: SanctionsTable, gc_off: bool = True) -> float:
    t0 = time.process_time()
    if gc_off:
        with full_gc_paused():
            matcher.index(table)
    else:
        matcher.index(table)
    return time.process_time() - t0


def build_figures(prefix: str, table: SanctionsTable) -> dict[str, float]:
    """Build, rebuild (a list swap: per-word caches warm) and rebuild with the GC running."""
    matcher = get_matcher()
    return {
        f"{prefix}_build_s": round(_timed_build(matcher, table), 3),
        f"{prefix}_rebuild_s": round(_timed_build(matcher, table), 3),
        f"{prefix}_rebuild_gc_s": round(_timed_build(matcher, table, gc_off=False), 3),
    }


def all_lists() -> dict[str, Any]:
    """Load and index the bundled default lists (in a fresh process for a cold build)."""
    forget_parses()
    t0 = time.process_time()
    table = load_bundled()
    load_s = time.process_time() - t0
    names = sum(len(e.names) for e in table.entries)
    return {"all_lists_names": names, "all_lists_load_s": round(load_s, 3)} | build_figures(
        "all_lists_index", table
    )


def run(size: int = 20_000, list_path: Path = DEFAULT_LIST, seed: int = 7) -> dict[str, Any]:
    forget_parses()  # the load is timed as a fresh parse, whatever this process parsed before
    t0 = time.process_time()
    table = load_list(list_path)
    load_s = time.process_time() - t0
    matcher = get_matcher()
    builds = build_figures("index", table)
    index = matcher.index(table)
    names = [n.text for e in table.entries for n in e.names]
    qs = queries(names, size, seed)
    gc.freeze()  # the index as a worker holds it (`holder.load_screener`): out of the GC's sight
    try:
        t0 = time.process_time()
        hits = sum(1 for q in qs if index.search(q))
        index_s = time.process_time() - t0
    finally:
        gc.unfreeze()
    peer_n = max(10, min(len(qs) // 50, 300))
    choices = [utils.default_process(n) for n in names]
    t0 = time.process_time()
    for q in qs[:peer_n]:
        process.extractOne(
            utils.default_process(q), choices, scorer=fuzz.WRatio, processor=None, score_cutoff=0
        )
    peer_s = time.process_time() - t0
    index_rate = len(qs) / index_s
    peer_rate = peer_n / peer_s
    return {
        "matcher": matcher.name,
        "list_names": len(names),
        "queries": len(qs),
        "queries_with_hits": hits,
        "list_load_s": round(load_s, 3),
        **builds,
        "index_names_per_s": round(index_rate, 1),
        "extractone_names_per_s": round(peer_rate, 2),
        "speedup_vs_extractone": round(index_rate / peer_rate, 1),
    }


def rows(size: str = "full") -> dict[str, float]:
    """Numeric figures for `benchmarks/core.py` (`tiny` = CI smoke size)."""
    out = run(SIZES.get(size, SIZES["full"]))
    return {k: float(v) for k, v in out.items() if isinstance(v, int | float)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="full", help="number of names, or tiny|full")
    ap.add_argument("--list", type=Path, default=DEFAULT_LIST)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--all-lists", action="store_true", help="only time loading + indexing all")
    args = ap.parse_args()
    size = SIZES[args.size] if args.size in SIZES else int(args.size)
    out = all_lists() if args.all_lists else run(size, args.list, args.seed)
    for key, value in out.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
