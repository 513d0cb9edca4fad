"""One command for the performance figures, side by side, into BENCHMARKS.md.

    python -m benchmarks.run [--size tiny|full] [--out BENCHMARKS.md] [--bootstrap HOST:PORT]
                             [--e2e/--no-e2e] [--peers/--no-peers] [--steady-rate R]

Measures (a) the screening core on generated traffic, cached and uncached; (b) peers on the same
names: rapidfuzz brute force, and nomenklatura logic-v1 from `benchmarks/.venv-bench` (made by
`sh benchmarks/peers/setup.sh`; skipped with a note when absent); (c) end to end through Kafka,
one worker, next to a pass-through faust agent, the same screening on a plain aiokafka loop (no
faust) and a plain aiokafka loop forwarding bytes (a broker from --bootstrap, else a local Apache
Kafka from tests/kafka, else the embedded Tansu); (d) peak RSS with all bundled lists loaded and
the screener built; (e) list load and screener build times.
`--size tiny` is the smoke size (well under a minute; e2e off unless asked for).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import core, e2e, memory, peers, swap
from benchmarks.common import SIZES, Row, Size, environment, head, load_average, markdown
from monitor.lists.load import load_bundled


def ratio_rows(rows: list[Row]) -> list[Row]:
    by = {r.what: r.value for r in rows if r.value is not None}
    ours = by.get("name search, cache off")
    out = []
    for peer in ("rapidfuzz extractOne, brute force", "nomenklatura logic-v1"):
        theirs = by.get(peer)
        if ours and theirs:
            out.append(Row("peers", f"monitor uncached ÷ {peer}", ours / theirs, "×",
                           "names/s ratio on the same names (>1: monitor faster)"))  # fmt: skip
    return out


def bench_core(size: Size, with_peers: bool) -> list[Row]:
    table = load_bundled()
    if size.entries:
        table = head(table, size.entries)
    payments = core.traffic(table, size.payments)
    rows = core.measure_core(table, size, payments)
    rows += core.colleague_core(size)
    queries = core.distinct(core.names_of(payments))
    rows += core.measure_rapidfuzz(table, queries[: size.peer_queries])
    if with_peers:
        rows += peers.measure_logic(table, queries[: size.logic_queries], size.logic_candidates)
    return rows + ratio_rows(rows)


def bench_memory(size: Size) -> list[Row]:
    if size.entries:
        return memory.measure("default", f"first {size.entries:,} entries (smoke)", size.entries)
    rows = memory.measure("default", "all bundled lists")
    rows += memory.measure("ofac-sdn-2024-12-16", "OFAC SDN 2024-12-16")
    return rows + swap.rows()


@contextlib.contextmanager
def kafka(bootstrap: str | None) -> Iterator[tuple[str, str]]:
    """A bootstrap address and what it is: given, a local Apache Kafka, or the embedded Tansu."""
    if bootstrap:
        yield bootstrap, f"given ({bootstrap})"
        return
    try:
        from tests.kafka.broker import ApacheKafkaBroker

        apache = ApacheKafkaBroker()
        apache.start()
    except Exception as exc:  # no tests/kafka, Java or jars: fall back to the embedded broker
        print(f"Apache Kafka unavailable ({exc!r:.100}); using the embedded Tansu", flush=True)
    else:
        try:
            yield apache.bootstrap, f"Apache Kafka {apache.version} (local, KRaft)"
        finally:
            apache.close()
        return
    from monitor.embedded_broker import EmbeddedBroker

    with EmbeddedBroker() as tansu:
        yield tansu.bootstrap, "Tansu (embedded)"


def bench_e2e(size: Size, bootstrap: str | None, partitions: int) -> list[Row]:
    """The e2e section, its driver in a fresh process (see `benchmarks.e2e`)."""
    try:
        with kafka(bootstrap) as (address, what), tempfile.TemporaryDirectory() as tmp:
            argv = [
                sys.executable, "-m", "benchmarks.e2e", "--bootstrap", address, "--broker", what,
                "--size", size.name, "--partitions", str(partitions),
                "--steady-rate", str(size.steady_rate), "--logdir", tmp,
            ]  # fmt: skip
            lines = []
            with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) as proc:
                assert proc.stdout is not None
                for line in proc.stdout:
                    if not line.startswith(e2e.ROWS_PREFIX):
                        print(line, end="", flush=True)
                    lines.append(line)
            if proc.returncode:
                raise RuntimeError(f"e2e driver exited with {proc.returncode}")
            return e2e.rows_from(lines)
    except Exception as exc:
        print(f"e2e skipped: {exc!r:.200}", flush=True)
        return [Row("e2e", "end to end", None, "", f"skipped: {exc!r:.150}")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmarks, side by side, into a Markdown table.")
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    ap.add_argument("--bootstrap", help="an existing Kafka (default: start one)")
    ap.add_argument("--partitions", type=int, default=3)
    ap.add_argument("--e2e", action=argparse.BooleanOptionalAction, default=None,
                    help="default: on for full, off for tiny")  # fmt: skip
    ap.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--steady-rate", type=float, help="payments/s of the e2e steady phase")
    args = ap.parse_args(argv)
    size = SIZES[args.size]
    if args.steady_rate:
        size = dataclasses.replace(size, steady_rate=args.steady_rate)
    env = environment()  # before the run loads the machine itself
    t0 = time.monotonic()
    print(f"benchmarks ({size.name}): memory and load times...", flush=True)
    rows = bench_memory(size)  # first, while this process is small (see benchmarks.memory)
    print("benchmarks: screening core and peers...", flush=True)
    rows += bench_core(size, args.peers)
    run_e2e = args.e2e if args.e2e is not None else size.name == "full"
    if run_e2e:
        print("benchmarks: end to end through Kafka...", flush=True)
        rows += bench_e2e(size, args.bootstrap, args.partitions)
    else:
        print("e2e skipped: not requested (--e2e to run it)", flush=True)
        rows.append(Row("e2e", "end to end", None, "", "not run (--e2e)"))
    command = "python -m benchmarks.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    env["load average at end (1/5/15 min)"] = load_average()
    text = markdown(rows, env, command.strip(), when)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"({time.monotonic() - t0:.0f}s; written to {args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
