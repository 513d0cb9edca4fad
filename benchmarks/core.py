"""(a) The screening core on generated traffic, and (b) rapidfuzz brute force on the same names.

Payment throughput uses `Screener.screen` as the worker does, with its built-in name cache, over
traffic whose counterparties repeat (Zipf-like); names/s uncached searches each distinct name once
through the screener's index without its cache, i.e. the matcher's own cost. Rates are per CPU
second (`time.process_time`): single-threaded work, and a busy machine distorts less. If the
matcher author's `benchmarks/bench_core.py` is present its figures are added too.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from rapidfuzz import fuzz, process

from benchmarks.common import Row, Size
from monitor.events import PaymentEvent
from monitor.lists.table import SanctionsTable
from monitor.matching.api import PartyKind, get_matcher
from monitor.matching.baseline import fold
from monitor.screening.core import Screener, targets
from monitor.synth import generate_payments

_KIND: dict[str, PartyKind] = {"person": "person", "organization": "organization"}

Query = tuple[str, PartyKind]


def names_of(payments: Iterable[PaymentEvent]) -> list[Query]:
    """Every name the screener searches for these payments, in order, repeats included."""
    out: list[Query] = []
    for p in payments:
        for t in targets(p):
            if t.party is not None:
                out.append((t.party.name, _KIND.get(t.party.party_type, "any")))
            elif t.bank is not None and t.bank.name:
                out.append((t.bank.name, "bank"))
    return out


def distinct(queries: Iterable[Query]) -> list[Query]:
    return list(dict.fromkeys(queries))


def traffic(table: SanctionsTable, n: int, seed: int = 7) -> list[PaymentEvent]:
    return list(generate_payments(n, seed=seed, table=table, hit_rate=0.001))


def measure_core(table: SanctionsTable, size: Size, payments: list[PaymentEvent]) -> list[Row]:
    matcher = get_matcher()
    screener = Screener(table, matcher)
    t0 = time.process_time()
    held = sum(1 for p in payments if screener.screen(p))
    cached_s = time.process_time() - t0
    info = screener.search_name.cache_info()
    lookups = info.hits + info.misses
    queries = distinct(names_of(payments))[: size.uncached_names]
    t0 = time.process_time()
    for name, kind in queries:  # the index itself: what Screener(cache_size=0) would call
        screener.index.search(name, kind)
    uncached_s = time.process_time() - t0
    names_per_payment = lookups / max(len(payments), 1)
    uncached_nps = len(queries) / uncached_s
    cfg = screener.config_id
    return [
        Row("core", "Screener.screen, name cache on", len(payments) / cached_s, "payments/s",
            f"{len(payments):,} generated payments, matcher {cfg}, {held} with hits"),
        Row("core", "name searches per payment", names_per_payment, "names",
            "parties + named banks"),
        Row("core", "name cache hit ratio", info.hits / max(lookups, 1), "",
            f"lru, {info.currsize:,} distinct names cached"),
        Row("core", "name search, cache off", uncached_nps, "names/s",
            f"{len(queries):,} distinct names, index searched directly (no cache)"),
        Row("core", "implied payments/s with cache off",
            uncached_nps / max(names_per_payment, 1e-9), "payments/s",
            "names/s ÷ names per payment"),
    ]  # fmt: skip


def colleague_core(size: Size) -> list[Row]:
    """Rows from `benchmarks/bench_core.py` (the matcher's own benchmark) when it is there."""
    try:
        mod = importlib.import_module("benchmarks.bench_core")
    except ModuleNotFoundError as exc:
        if exc.name != "benchmarks.bench_core":
            raise
        return []
    for attr in ("rows", "bench", "run_bench", "measure", "run"):
        fn: Callable[..., Any] | None = getattr(mod, attr, None)
        if callable(fn):
            try:
                result = fn(size.name) if attr == "rows" else fn()
            except Exception as exc:  # their API may change; say so rather than fail the run
                return [Row("core", f"bench_core.{attr}()", None, "", f"failed: {exc!r}"[:120])]
            return _as_rows(attr, result)
    return [Row("core", "bench_core", None, "", "no rows/bench/run function found")]


def _as_rows(attr: str, result: Any) -> list[Row]:
    if isinstance(result, list) and all(isinstance(r, Row) for r in result):
        return result
    if isinstance(result, dict):
        return [
            Row("core", f"bench_core: {k}", float(v), _unit(k), "from benchmarks/bench_core.py")
            for k, v in result.items()
            if isinstance(v, int | float)
        ]
    return [Row("core", f"bench_core.{attr}()", None, "", f"returned {type(result).__name__}")]


def _unit(key: str) -> str:
    if key.endswith("_per_s"):
        return "names/s"
    return "s" if key.endswith("_s") else ""


def measure_rapidfuzz(table: SanctionsTable, queries: list[Query]) -> list[Row]:
    """Brute force: `process.extractOne` over every list name, same folding as the baseline."""
    choices = [fold(n.text) for e in table.entries for n in e.names]
    folded = [fold(q) for q, _ in queries]
    t0 = time.process_time()
    for q in folded:
        process.extractOne(q, choices, scorer=fuzz.token_sort_ratio, processor=None)
    seconds = time.process_time() - t0
    return [
        Row("peers", "rapidfuzz extractOne, brute force", len(folded) / seconds, "names/s",
            f"token_sort_ratio over {len(choices):,} list names, {len(folded)} names"),
    ]  # fmt: skip
