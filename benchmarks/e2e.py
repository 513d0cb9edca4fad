"""(c) End to end through Kafka with one worker process, next to a pass-through faust agent, the
worker's screening on a plain aiokafka loop (no faust) and a plain aiokafka loop forwarding bytes,
on the same broker, topics layout and payments.

Each configuration runs as a subprocess configured by MONITOR_* variables, on fresh topics. The
driver produces payment JSON keyed by payment_id and reads the output topic (decisions, or the
forwarded bytes); latency is the output record's timestamp minus the payment record's timestamp
(both stamped by their producers on this machine, when the record is handed to the client). The
driver's producer does not linger (a linger would sit between the payment's timestamp and the
broker, inflating every row), and the notes add when the driver's reader saw each output, which
also counts the worker producer's send and the broker's ack. Phases: an unmeasured warm-up of a
third of the burst (the worker's caches then hold the counterparties it has seen, as in a running
worker; the same for every configuration), as fast as the producer can send (throughput, latency
under backlog), and a steady rate (latency when keeping up). The configurations run in turn, for
`Size.e2e_rounds` rounds (3 at the full size): each row is the median over the rounds and each
ratio the median of the rounds' own ratios, so a slow minute of this shared host weighs as one
round, not as the whole comparison.

The driver is a process of its own (`python -m benchmarks.e2e`, as `benchmarks.run` starts it) with
its set-up frozen out of the GC's sight: run inside the process that had just run the core
benchmarks, its gen-2 collections over ~500,000 objects paused it for 250-360 ms, and the paced
sender then caught up with a burst of a few hundred payments, which the worker's p99 measured
(59-222 ms where a fresh driver gets 16-27 ms on the same host).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from benchmarks.common import SIZES, Row, Size
from monitor.embedded_broker import spawn_in_own_group, stop_process_group
from monitor.settings import Settings
from monitor.stream.topics import create_topics
from monitor.synth import generate_labelled

CONFIGS = {
    "monitor worker": [sys.executable, "-m", "monitor", "worker"],
    "pass-through faust agent": [sys.executable, "-m", "benchmarks.passthrough_app"],
    "screening on a plain aiokafka loop": [sys.executable, "-m", "benchmarks.screening_loop"],
    "plain aiokafka loop": [sys.executable, "-m", "benchmarks.plain_loop"],
}
READY_TIMEOUT = 180.0


class Skipped(Exception):
    """This configuration could not be measured; the message says why."""


@dataclass(frozen=True, slots=True)
class Phase:
    payments: int
    seconds: float  # first payment sent -> last output stamped
    p50: float
    p95: float
    p99: float
    seen_p50: float = float("nan")  # the same, up to when the driver's reader got the output
    seen_p99: float = float("nan")

    @property
    def rate(self) -> float:
        return self.payments / self.seconds if self.seconds > 0 else 0.0


def records(n: int, seed: int, prefix: str) -> list[tuple[bytes, bytes]]:
    out = []
    for item in generate_labelled(n, seed=seed, id_prefix=prefix):
        p = item.payment
        out.append((p.payment_id.encode(), p.model_dump_json().encode()))
    return out


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


class Driver:
    """Produces into one configuration's input topic and collects its outputs by key."""

    def __init__(self, s: Settings) -> None:
        self.s = s
        self.out_ts: dict[bytes, int] = {}
        self.seen_ts: dict[bytes, float] = {}  # when the reader got it (ms since the epoch)
        self.dead: dict[bytes, bytes] = {}  # dead-lettered payments: the worker failed on them
        self._arrived = asyncio.Event()
        self.producer = AIOKafkaProducer(**s.aiokafka_kwargs(), acks="all", linger_ms=0)
        self.consumer = AIOKafkaConsumer(
            **s.aiokafka_kwargs(), enable_auto_commit=False, auto_offset_reset="earliest"
        )

    async def start(self) -> None:
        await self.producer.start()
        await self.consumer.start()
        parts = range(self.s.partitions)
        topics = (self.s.decisions_topic, self.s.deadletter_topic)
        self.consumer.assign([TopicPartition(t, p) for t in topics for p in parts])
        self._task = asyncio.create_task(self._collect())

    async def stop(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        await self.consumer.stop()
        await self.producer.stop()

    async def _collect(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=200)
            now = time.time() * 1000
            for tp, recs in batch.items():
                for r in recs:
                    if r.key is None:
                        continue
                    if tp.topic == self.s.deadletter_topic:
                        self.dead[r.key] = r.value or b""
                    self.out_ts.setdefault(r.key, r.timestamp)
                    self.seen_ts.setdefault(r.key, now)
            self._arrived.set()

    async def send(self, recs: list[tuple[bytes, bytes]], rate: float | None) -> dict[bytes, int]:
        """Send all (paced at `rate`/s if given); returns key -> record timestamp (ms)."""
        t0 = time.perf_counter()
        futures = []
        for i, (key, value) in enumerate(recs):
            if rate:
                delay = t0 + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            futures.append((key, await self.producer.send(self.s.payments_topic, value, key=key)))
        return {key: (await fut).timestamp for key, fut in futures}

    async def wait_for(
        self, keys: list[bytes], timeout: float, alive: Callable[[], bool] = lambda: True
    ) -> bool:
        deadline = time.monotonic() + timeout
        while not all(k in self.out_ts for k in keys):
            if time.monotonic() > deadline or not alive():
                return False
            if self.dead:
                raise Skipped(f"{len(self.dead)} payments dead-lettered: {dead_reason(self.dead)}")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=1.0)
            except TimeoutError:
                pass
        return True

    async def phase(
        self, recs: list[tuple[bytes, bytes]], rate: float | None, timeout: float
    ) -> Phase:
        sent = await self.send(recs, rate)
        keys = list(sent)
        if not await self.wait_for(keys, timeout):
            missing = sum(1 for k in keys if k not in self.out_ts)
            raise Skipped(f"{missing} of {len(keys)} outputs missing after {timeout:.0f}s")
        if self.dead:
            raise Skipped(f"{len(self.dead)} payments dead-lettered: {dead_reason(self.dead)}")
        lat = [float(self.out_ts[k] - sent[k]) for k in keys]
        seen = [self.seen_ts[k] - sent[k] for k in keys]
        span = (max(self.out_ts[k] for k in keys) - min(sent.values())) / 1000
        return Phase(
            len(keys), span, _pct(lat, 50), _pct(lat, 95), _pct(lat, 99),
            _pct(seen, 50), _pct(seen, 99),
        )  # fmt: skip


def dead_reason(dead: dict[bytes, bytes]) -> str:
    try:
        record = json.loads(next(iter(dead.values())))
        return f"{record.get('reason')}: {str(record.get('error'))[:100]}"
    except (ValueError, StopIteration):
        return "unreadable dead letter"


def env_for(s: Settings) -> dict[str, str]:
    return os.environ | {
        "MONITOR_BOOTSTRAP_SERVERS": s.bootstrap_servers,
        "MONITOR_PAYMENTS_TOPIC": s.payments_topic,
        "MONITOR_DECISIONS_TOPIC": s.decisions_topic,
        "MONITOR_ALERTS_TOPIC": s.alerts_topic,
        "MONITOR_DEADLETTER_TOPIC": s.deadletter_topic,
        "MONITOR_CONTROL_TOPIC": s.control_topic,
        "MONITOR_APP_ID": s.app_id,
        "MONITOR_PARTITIONS": str(s.partitions),
        "MONITOR_LOG_LEVEL": "WARNING",
        "MONITOR_METRICS_PORT": "0",
    }


async def run_config(
    name: str, bootstrap: str, size: Size, partitions: int, logdir: Path
) -> tuple[Phase, Phase]:
    tag = f"bench-{name.split()[0]}-{uuid.uuid4().hex[:8]}"
    s = Settings(
        bootstrap_servers=bootstrap, payments_topic=f"{tag}.payments",
        decisions_topic=f"{tag}.decisions", alerts_topic=f"{tag}.alerts",
        deadletter_topic=f"{tag}.deadletter", control_topic=f"{tag}.control", app_id=tag,
        partitions=partitions,
    )  # fmt: skip
    await create_topics(s)
    log = logdir / f"{tag}.log"
    proc = spawn_in_own_group(CONFIGS[name], log, env=env_for(s))
    driver = Driver(s)
    await driver.start()
    try:
        warm = records(20, seed=1, prefix=f"{tag}-warm")
        await driver.send(warm, None)
        began = time.monotonic()
        alive: Callable[[], bool] = lambda: proc.poll() is None  # noqa: E731
        if not await driver.wait_for([k for k, _ in warm], READY_TIMEOUT, alive):
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no log"]
            state = "exited" if proc.poll() is not None else f"not ready after {READY_TIMEOUT:.0f}s"
            raise Skipped(f"{name} {state}: {tail[0][:100]}")
        print(f"e2e: {name} ready in {time.monotonic() - began:.0f}s", flush=True)
        # one traffic stream (one counterparty population) split in phases, as a running worker
        # sees it: an unmeasured warm-up (a third of the burst) so the measured phases meet the
        # counterparties a worker has already screened, not a cold start; then the burst, then
        # the steady rate. Every configuration gets the same stream.
        n = int(size.steady_rate * size.steady_seconds)
        w = size.e2e_payments // 3
        stream = records(w + size.e2e_payments + n, 2, f"{tag}-pay")
        gc.collect()
        gc.freeze()  # the driver's collections walk only what the phases allocate
        await driver.phase(stream[:w], None, 600)
        burst = await driver.phase(stream[w : w + size.e2e_payments], None, 600)
        steady = await driver.phase(stream[w + size.e2e_payments :], size.steady_rate, 300)
        return burst, steady
    finally:
        await driver.stop()
        stop_process_group(proc)


def _each(values: list[float], fmt: str) -> str:
    return "" if len(values) < 2 else " (rounds: " + ", ".join(format(v, fmt) for v in values) + ")"


def rows_for(name: str, runs: list[tuple[Phase, Phase]], rate: float) -> list[Row]:
    """A configuration's rows: medians over its rounds, each round's value in the note; the
    burst's other figures are those of the round with the median rate, the steady phase's those
    of the round with the median p99."""
    rates = [b.rate for b, _ in runs]
    p99s = [s.p99 for _, s in runs]
    burst, _ = sorted(runs, key=lambda r: r[0].rate)[(len(runs) - 1) // 2]
    _, steady = sorted(runs, key=lambda r: r[1].p99)[(len(runs) - 1) // 2]
    return [
        Row("e2e", f"{name}: max rate", statistics.median(rates), "payments/s",
            f"{burst.payments:,} payments; latency p50/p95/p99 {burst.p50:.0f}/{burst.p95:.0f}/"
            f"{burst.p99:.0f} ms (backlog included){_each(rates, ',.0f')}"),
        Row("e2e", f"{name}: p99 latency at {rate:,.0f}/s", statistics.median(p99s), "ms",
            f"p50 {steady.p50:.0f} ms, p95 {steady.p95:.0f} ms; {steady.payments:,} payments, "
            f"achieved {steady.rate:,.0f}/s; read back by a consumer p50/p99 "
            f"{steady.seen_p50:.0f}/{steady.seen_p99:.0f} ms{_each(p99s, '.0f')}"),
    ]  # fmt: skip


def ratios(results: dict[str, list[tuple[Phase, Phase]]]) -> list[Row]:
    """The worker against each other configuration, round by round (runs of one round are
    minutes apart, so a round's ratio sees the same host), as the median over the rounds."""
    base = results.get("monitor worker")
    if not base:
        return []
    out = []
    for name in (
        "pass-through faust agent",
        "screening on a plain aiokafka loop",
        "plain aiokafka loop",
    ):
        other = results.get(name)
        if not other:
            continue
        pairs = list(zip(base, other, strict=False))
        rate = [b[0].rate / o[0].rate for b, o in pairs]
        p99 = [b[1].p99 / max(o[1].p99, 1.0) for b, o in pairs]
        free = "faust is" if name.startswith("screening") else "screening is"
        out.append(Row("e2e", f"monitor ÷ {name}, max rate", statistics.median(rate), "×",
                       f"throughput ratio (1.0 = {free} free){_each(rate, '.2f')}"))  # fmt: skip
        out.append(Row("e2e", f"monitor ÷ {name}, p99 at steady rate", statistics.median(p99),
                       "×", f"latency ratio{_each(p99, '.2f')}"))  # fmt: skip
    return out


async def measure(
    bootstrap: str, broker: str, size: Size, partitions: int, logdir: Path
) -> list[Row]:
    """Every configuration `size.e2e_rounds` times, in turn (A B C D A B C D ...): host drift
    over the minutes of a run then falls on every configuration alike."""
    rows: list[Row] = []
    results: dict[str, list[tuple[Phase, Phase]]] = {name: [] for name in CONFIGS}
    skipped: set[str] = set()
    for _ in range(size.e2e_rounds):
        for name in CONFIGS:
            if name in skipped:
                continue
            try:
                results[name].append(await run_config(name, bootstrap, size, partitions, logdir))
            except Skipped as exc:
                print(f"e2e skipped: {name}: {exc}", flush=True)
                rows.append(Row("e2e", name, None, "", f"skipped: {exc}"))
                skipped.add(name)
    for name, runs in results.items():
        if runs and name not in skipped:
            rows.extend(rows_for(name, runs, size.steady_rate))
    results = {name: runs for name, runs in results.items() if name not in skipped}
    note = (
        f"broker {broker}, {partitions} partitions, 1 worker process; driver on the same host; "
        f"{size.e2e_rounds} round(s) of every configuration in turn, medians; "
        "the faust configurations share the worker's faust settings and batching, the two plain "
        "loops take getmany batches and wait for every ack before committing (no pipelining)"
    )
    rows.append(Row("e2e", "set-up", None, "", note))
    return rows + ratios(results)


ROWS_PREFIX = "e2e-rows: "
"""Marks the line of `main`'s output that carries the rows (JSON) for `benchmarks.run`."""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The e2e section of benchmarks.run, as its driver.")
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--broker", required=True, help="what the broker is, for the notes")
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--partitions", type=int, default=3)
    ap.add_argument("--steady-rate", type=float)
    ap.add_argument("--logdir", type=Path, required=True)
    args = ap.parse_args(argv)
    size = SIZES[args.size]
    if args.steady_rate:
        size = dataclasses.replace(size, steady_rate=args.steady_rate)
    rows = asyncio.run(measure(args.bootstrap, args.broker, size, args.partitions, args.logdir))
    print(ROWS_PREFIX + json.dumps([dataclasses.asdict(r) for r in rows]), flush=True)
    return 0


def rows_from(lines: list[str]) -> list[Row]:
    """The rows `main` printed, from its output lines."""
    for line in reversed(lines):
        if line.startswith(ROWS_PREFIX):
            return [Row(**r) for r in json.loads(line[len(ROWS_PREFIX) :])]
    raise ValueError("the e2e driver printed no rows")


if __name__ == "__main__":
    raise SystemExit(main())
