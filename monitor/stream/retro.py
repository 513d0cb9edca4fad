"""Retro-screening: after a list update, re-screen the recent payments against what changed.

Only entries that the new version adds or changes are screened (a small table), over the payments
of the look-back window, found by record timestamp with `offsets_for_times`. Alerts are marked
`retro`, carry the payment's original time, and have deterministic ids (payment, version, config,
"retro"), so announcing the same version twice cannot create new alerts.

The pass ends, per partition, after the last payment the live path screened with an older
version (`stop_at`, from `BatchProcessor.retro_end`): the later ones are, or will be, decided
against the new list anyway. Without that cap a payment arriving between the swap and the start
of the pass (the diff takes ~0.5 s) got a retro alert as well as its live one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from monitor.events import PaymentEvent
from monitor.lists.diff import diff_tables
from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable
from monitor.screening.core import Screener
from monitor.screening.decode import decode_payment
from monitor.screening.emit import build_alert
from monitor.screening.policy import JurisdictionPolicy
from monitor.settings import Settings
from monitor.stream import metrics
from monitor.stream.processor import Out

log = structlog.get_logger(__name__)
NO_POLICY = JurisdictionPolicy(countries=frozenset(), regions=())


def changed_entries(old: SanctionsTable, new: SanctionsTable) -> list[Entry]:
    """Entries of `new` that `old` lacks or holds differently (the list diff's re-screen set)."""
    keys = diff_tables(old, new).rescreen_keys
    return [e for k in keys if (e := new.get(k)) is not None]


def delta_screener(old: Screener, new: Screener) -> Screener | None:
    """A screener over the added/changed entries only, with the new version's id and matcher."""
    delta = changed_entries(old.table, new.table)
    if not delta:
        return None
    table = SanctionsTable(tuple(delta), new.table.version)
    return Screener(table, new.matcher, NO_POLICY)


@dataclass
class RetroReport:
    partitions: int = 0
    payments: int = 0
    alerts: int = 0
    seconds: float = 0.0


Send = Callable[[Sequence[Out]], Awaitable[None]]
StopAt = Callable[[int], "int | None"]
"""Partition -> offset where the retro pass may stop (None: read to the end offset)."""


def _never(partition: int) -> int | None:
    return None


async def retro_screen(
    settings: Settings,
    old: Screener,
    new: Screener,
    partitions: Iterable[int],
    send: Send,
    stop_at: StopAt = _never,
) -> RetroReport:
    report = RetroReport()
    # diffing two tables and indexing the changes is CPU work: off the event loop, as loads are
    sub = await asyncio.to_thread(delta_screener, old, new)
    if sub is None:
        return report
    try:
        await _pass(settings, sub, new, sorted(partitions), send, stop_at, report)
    finally:
        # its caches hold every distinct party of the look-back window: freed now, not frozen
        # with the next list version (`Screener.release`)
        sub.release()
    if report.partitions:
        log.info(
            "retro_screening_done", version=new.list_version, entries=len(sub.table), **vars(report)
        )
    return report


async def _pass(
    settings: Settings,
    sub: Screener,
    new: Screener,
    parts: list[int],
    send: Send,
    stop_at: StopAt,
    report: RetroReport,
) -> None:
    if not parts:
        return
    t0 = time.perf_counter()
    tps = [TopicPartition(settings.payments_topic, p) for p in parts]
    since_ms = int((time.time() - settings.retro_lookback_days * 86400) * 1000)
    consumer = AIOKafkaConsumer(**settings.aiokafka_kwargs(), enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        starts = await consumer.offsets_for_times({tp: since_ms for tp in tps})
        for tp in tps:
            start = starts[tp].offset if starts.get(tp) else ends[tp]
            consumer.seek(tp, start)
        report.partitions = len(tps)
        await _drain(consumer, ends, stop_at, sub, new, settings.alerts_topic, send, report)
    finally:
        await consumer.stop()
        report.seconds = time.perf_counter() - t0


async def _drain(
    consumer: AIOKafkaConsumer,
    ends: dict[TopicPartition, int],
    stop_at: StopAt,
    sub: Screener,
    new: Screener,
    topic: str,
    send: Send,
    report: RetroReport,
) -> None:
    def end(tp: TopicPartition) -> int:
        cap = stop_at(tp.partition)  # read each time: the live path may start meanwhile
        return ends[tp] if cap is None else min(ends[tp], cap)

    remaining = {tp for tp in ends if await consumer.position(tp) < end(tp)}
    while remaining:
        batch = await consumer.getmany(*remaining, timeout_ms=1000, max_records=200)
        outs: list[Out] = []
        now = datetime.now(UTC)
        for tp, records in batch.items():
            stop = end(tp)
            for rec in records:
                if rec.offset >= stop:
                    continue
                payment = decode_payment(rec.value)
                if not isinstance(payment, PaymentEvent):
                    continue  # rejected payments were dead-lettered when they arrived
                report.payments += 1
                alert = build_alert(
                    payment, sub.screen(payment), list_version=new.list_version,
                    matcher_config=new.config_id, screened_at=now, retro=True,
                )  # fmt: skip
                if alert is not None:
                    metrics.count_alert(alert)
                    key = alert.payment_id.encode()
                    outs.append(Out(topic, key, alert.model_dump_json().encode()))
        if outs:
            await send(outs)
            report.alerts += len(outs)
        for tp in list(remaining):
            if await consumer.position(tp) >= end(tp):
                remaining.discard(tp)
        await asyncio.sleep(0)  # keep the event loop free between batches
