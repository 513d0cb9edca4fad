"""(a) The screening core on generated traffic, and (b) rapidfuzz brute force on the same names.

    python -m benchmarks.core [--size tiny|full]   (the core rows only, printed as Markdown)

Payment throughput uses `Screener.screen` as the worker does, with its built-in caches, over
traffic whose counterparties repeat (Zipf-like). What is counted: every payment screened, and as
"name screenings" every party name and named bank on them, whether its result came from a cache
or from an index search. Two phases of one fresh screener: the whole run (caches start empty, so
it includes searching each distinct name once) and its second half (a warm screener: the pool of
counterparties is mostly cached by then, as in a worker that has been running a while). On the
warm screener the per-payment path is timed as well: `decide()` (screen plus alert and decision
with their ids, what `BatchProcessor.outputs` calls), and decode + decide + JSON encoding of the
outputs (the worker's whole CPU work per record, without metrics). Names/s uncached searches each
distinct name once through the screener's index without any cache, i.e. the matcher's own cost.
Rates are per CPU second (`time.process_time`): single-threaded work, and a busy machine distorts
less. If the matcher author's `benchmarks/bench_core.py` is present its figures are added too.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz, process

from benchmarks.common import SIZES, Row, Size, environment, head, markdown
from monitor.events import PaymentEvent
from monitor.lists.load import load_bundled
from monitor.lists.table import SanctionsTable
from monitor.matching.api import PartyKind, get_matcher
from monitor.matching.baseline import fold
from monitor.screening.core import Screener, targets
from monitor.screening.decode import Rejected, decode_payment
from monitor.screening.emit import decide
from monitor.synth import generate_payments

_KIND: dict[str, PartyKind] = {"person": "person", "organization": "organization"}
WARM_PASSES = 3  # passes over the warm half for the per-payment path (median reported)

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


def cpu_seconds(fn: Callable[[], object]) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def screen_all(screener: Screener, payments: Iterable[PaymentEvent]) -> tuple[int, float]:
    """(payments with hits, CPU seconds) for screening these payments one by one."""
    t0 = time.process_time()
    held = sum(1 for p in payments if screener.screen(p))
    return held, time.process_time() - t0


def passes(fn: Callable[[], object], n: int = WARM_PASSES) -> tuple[float, str]:
    """Median CPU seconds of `n` runs, and the runs themselves for the notes (noise)."""
    runs = [cpu_seconds(fn) for _ in range(n)]
    return statistics.median(runs), "/".join(f"{s:.3f}" for s in runs) + " s"


def worker_path(screener: Screener, records: Sequence[bytes]) -> None:
    """What `BatchProcessor.outputs` does per record, minus metrics and dead letters."""
    now = datetime.now(UTC)
    for raw in records:
        payment = decode_payment(raw)
        if isinstance(payment, Rejected):
            raise ValueError(f"generated payment rejected: {payment}")
        alert, decision = decide(screener, payment, screened_at=now)
        if alert is not None:
            alert.model_dump_json().encode()
        decision.model_dump_json().encode()


def measure_core(table: SanctionsTable, size: Size, payments: list[PaymentEvent]) -> list[Row]:
    matcher = get_matcher()
    screener = Screener(table, matcher)
    half = len(payments) // 2
    cold, warm = payments[:half], payments[half:]
    held, first_s = screen_all(screener, cold)
    searched_cold = screener.search_name.cache_info().misses
    held_warm, second_s = screen_all(screener, warm)
    held += held_warm
    searched = screener.search_name.cache_info().misses
    names, warm_names = len(names_of(payments)), len(names_of(warm))
    whole_s = first_s + second_s
    rows = [
        Row("core", "Screener.screen, name cache on", len(payments) / whole_s, "payments/s",
            f"{len(payments):,} generated payments from a fresh screener (caches fill as it "
            f"goes), matcher {screener.config_id}, {held} with hits"),
        Row("core", "name screenings, name cache on", names / whole_s, "names/s",
            f"same run: {names:,} party names and named banks screened, cached or not"),
        Row("core", "name searches per payment", names / max(len(payments), 1), "names",
            "parties + named banks"),
        Row("core", "name cache hit ratio", 1 - searched / max(names, 1), "",
            f"names screened without an index search; {searched:,} distinct names searched"),
        Row("core", "Screener.screen, warm screener", len(warm) / second_s, "payments/s",
            f"second half ({len(warm):,} payments) of the same run; "
            f"{searched - searched_cold} names there were new and searched"),
        Row("core", "name screenings, warm screener", warm_names / second_s, "names/s",
            f"same second half: {warm_names:,} names"),
    ]  # fmt: skip
    return rows + warm_rows(screener, warm) + uncached_rows(screener, size, payments, names)


def warm_rows(screener: Screener, warm: list[PaymentEvent]) -> list[Row]:
    """Per-payment work beyond `screen` on the warm screener: decide, and the worker's path."""
    now = datetime.now(UTC)
    decide_s, decide_runs = passes(lambda: [decide(screener, p, screened_at=now) for p in warm])
    records = [p.model_dump_json().encode() for p in warm]
    path_s, path_runs = passes(lambda: worker_path(screener, records))
    n = len(warm)
    return [
        Row("core", "screen + decide, warm screener", n / decide_s, "payments/s",
            f"decide(): screen, alert and decision with ids, as the worker calls it; median of "
            f"{WARM_PASSES} passes over the second half ({decide_runs})"),
        Row("core", "decode + decide + encode, warm screener", n / path_s, "payments/s",
            f"the worker's CPU path per record: decode_payment(bytes), decide, outputs to "
            f"JSON; median of {WARM_PASSES} passes ({path_runs})"),
    ]  # fmt: skip


def uncached_rows(
    screener: Screener, size: Size, payments: list[PaymentEvent], names: int
) -> list[Row]:
    queries = distinct(names_of(payments))[: size.uncached_names]
    t0 = time.process_time()
    for name, kind in queries:  # the index itself: what Screener(cache_size=0) would call
        screener.index.search(name, kind)
    uncached_nps = len(queries) / (time.process_time() - t0)
    return [
        Row("core", "name search, cache off", uncached_nps, "names/s",
            f"{len(queries):,} distinct names, index searched directly (no cache)"),
        Row("core", "implied payments/s with cache off",
            uncached_nps / max(names / max(len(payments), 1), 1e-9), "payments/s",
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The screening-core rows of benchmarks.run alone.")
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    args = ap.parse_args(argv)
    size = SIZES[args.size]
    table = load_bundled()
    if size.entries:
        table = head(table, size.entries)
    rows = measure_core(table, size, traffic(table, size.payments))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(markdown(rows, environment(), f"python -m benchmarks.core --size {size.name}", when))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
