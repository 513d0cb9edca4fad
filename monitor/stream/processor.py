"""One batch of payment records in, alerts/decisions/dead letters out, all delivered before return.

Never raises for a bad record: undecodable or invalid payments, and payments the core fails on,
become dead-letter records with the reason and the original bytes. Delivery failures (broker
down) are retried with backoff until they succeed or the worker stops; the batch's offsets are
not committed meanwhile.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import NamedTuple, TypeVar

import faust
import structlog
from faust.types import EventT, ProducerT, RecordMetadata

from monitor.events import DeadLetter
from monitor.screening.core import Screener
from monitor.screening.decode import MAX_EVENT_BYTES, Rejected, decode_payment
from monitor.screening.emit import decide
from monitor.settings import Settings
from monitor.stream import metrics
from monitor.stream.holder import ScreenerHolder

log = structlog.get_logger(__name__)
T = TypeVar("T")

MAX_BACKOFF = 10.0
IN_FLIGHT = 4  # batches' worth of payments (x batch_size) whose outputs may be on their way at once
SLICE_S = 0.02
"""Longest the agent screens before letting the event loop run (heartbeats, fetches, acks). A
batch is normally far shorter; right after a list swap the new screener's caches are cold and a
full batch can take hundreds of milliseconds."""


async def in_slices(
    items: Iterable[T], work: Callable[[T], object], budget: float = SLICE_S
) -> None:
    """`work` on each item, handing the event loop a turn whenever `budget` seconds of it have
    run: what the agent does with a batch, and what the swap benchmark does to measure it."""
    began = time.perf_counter()
    for item in items:
        work(item)
        if time.perf_counter() - began >= budget:
            await asyncio.sleep(0)
            began = time.perf_counter()


class Out(NamedTuple):
    topic: str
    key: bytes | None
    value: bytes


def dead_letter(ev: EventT[bytes], reason: str, error: str, now: datetime, dlq: str) -> Out:
    """The record for a payment we cannot screen: reason, error and (the head of) its bytes.

    The original is cut to `MAX_EVENT_BYTES`: base64 grows it by a third, so a payment near the
    broker's 1 MB limit would make a dead letter the producer rejects for ever, wedging the
    worker on that batch. Topic, partition and offset still point at the whole record.
    """
    msg = ev.message
    raw = msg.value if isinstance(msg.value, bytes | bytearray) else b""
    if len(raw) > MAX_EVENT_BYTES:
        error = f"{error} (original_base64 holds its first {MAX_EVENT_BYTES} bytes)"
        raw = raw[:MAX_EVENT_BYTES]
    record = DeadLetter(
        reason=reason,
        error=error,
        original_base64=base64.b64encode(raw).decode(),
        topic=msg.topic,
        partition=msg.partition,
        offset=msg.offset,
        received_at=now,
    )
    return Out(dlq, msg.key, record.model_dump_json().encode())


class BatchProcessor:
    def __init__(self, settings: Settings, holder: ScreenerHolder, app: faust.App) -> None:
        self.settings = settings
        self.holder = holder
        self.app = app
        self._producer: ProducerT | None = None
        self._limit = IN_FLIGHT * settings.batch_size
        self._flying = 0  # payments whose outputs are on their way to the broker
        self._room = asyncio.Event()
        self._room.set()
        self._in_flight: set[asyncio.Future[None]] = set()
        # list version -> partition -> (first, last) offset the live path screened with it
        self._seen: dict[str, dict[int, tuple[int, int]]] = {}

    def retro_end(self, version: str, partition: int) -> int | None:
        """Where the retro pass of list `version` may stop on `partition`: past the last payment
        this worker screened there with another version (the records before its first one were
        screened by the partition's earlier owner). Records are screened in offset order per
        partition and every batch begun after the swap uses the new version, so all later
        offsets are, or will be, screened live against it. None: this worker has screened
        nothing there yet, the pass must read to the end.
        """
        older = [
            span[1]
            for v, spans in self._seen.items()
            if v != version and (span := spans.get(partition))
        ]
        if older:
            return max(older) + 1
        span = self._seen.get(version, {}).get(partition)
        return span[0] if span else None

    def _note_version(self, screener: Screener, events: Sequence[EventT[bytes]]) -> None:
        """Record which offsets this batch screens with which version (before screening it:
        a batch begun before a swap ends with the old version)."""
        spans = self._seen.get(screener.list_version)
        if spans is None:
            while len(self._seen) >= 4:  # retro passes only ask about the newest versions
                del self._seen[next(iter(self._seen))]
            spans = self._seen[screener.list_version] = {}
        last: dict[int, int] = {}
        for ev in events:
            last[ev.message.partition] = ev.message.offset
        for partition, offset in last.items():
            span = spans.get(partition)
            spans[partition] = (span[0] if span else offset, offset)

    def outputs(self, screener: Screener, ev: EventT[bytes], now: datetime) -> list[Out]:
        s = self.settings
        decoded = decode_payment(ev.message.value)
        if isinstance(decoded, Rejected):
            metrics.DEAD_LETTERS.labels(decoded.reason).inc()
            return [dead_letter(ev, decoded.reason, decoded.error, now, s.deadletter_topic)]
        try:
            with metrics.SCREEN_SECONDS.time():
                alert, decision = decide(screener, decoded, screened_at=now)
        except Exception as exc:  # a core bug must not stop the worker or clear the payment
            log.exception("screening_failed", payment_id=decoded.payment_id)
            metrics.DEAD_LETTERS.labels("internal_error").inc()
            err = f"{type(exc).__name__}: {exc}"[:500]
            return [dead_letter(ev, "internal_error", err, now, s.deadletter_topic)]
        key = decoded.payment_id.encode()
        out = []
        if alert is not None:
            metrics.count_alert(alert)
            out.append(Out(s.alerts_topic, key, alert.model_dump_json().encode()))
        metrics.DECISIONS_BY_OUTCOME[decision.outcome].inc()
        out.append(Out(s.decisions_topic, key, decision.model_dump_json().encode()))
        return out

    def screen_batch(self, events: Sequence[EventT[bytes]]) -> list[Out]:
        """The CPU part of a batch: every output record, against one screener."""
        screener = self.holder.current  # one table for the whole batch
        self._note_version(screener, events)
        now = datetime.now(UTC)
        metrics.PAYMENTS.inc(len(events))
        return [o for ev in events for o in self.outputs(screener, ev, now)]

    async def screen_sliced(self, events: Sequence[EventT[bytes]]) -> list[Out]:
        """`screen_batch`, handing the event loop a turn every `SLICE_S` of screening."""
        screener = self.holder.current  # one table for the whole batch, across the turns too
        self._note_version(screener, events)
        now = datetime.now(UTC)
        metrics.PAYMENTS.inc(len(events))
        out: list[Out] = []
        await in_slices(events, lambda ev: out.extend(self.outputs(screener, ev, now)))
        return out

    async def process(self, events: Sequence[EventT[bytes]]) -> None:
        await self.deliver(self.screen_batch(events))

    async def submit(self, events: Sequence[EventT[bytes]]) -> None:
        """Screen a batch now; deliver its outputs in the background, then ack its messages.

        The caller holds an extra reference on each message (`batching.natural_batches`), so
        the ack faust gives when its stream moves on does not make the offset committable; the
        final ack comes from here once the broker has every output. Batches are delivered
        concurrently, so screening the next batch overlaps the network wait of the previous
        ones, until `IN_FLIGHT` x `batch_size` payments are on their way; then the agent waits
        (back-pressure). The bound counts payments, not batches: at a low rate batches are
        small (see `batching`), and a bound in batches would stall the agent on a few payments'
        acks.
        """
        outs = await self.screen_sliced(events)
        while self._flying >= self._limit:
            self._room.clear()
            await self._room.wait()
        self._flying += len(events)
        task = asyncio.ensure_future(self._deliver_then_ack(outs, events))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _deliver_then_ack(self, outs: Sequence[Out], events: Sequence[EventT[bytes]]) -> None:
        try:
            await self.deliver(outs)
        except Exception:  # not acked: the offsets stay uncommitted, the payments come back
            log.exception("delivery_task_failed", records=len(outs))
            return
        finally:
            self._flying -= len(events)
            if self._flying < self._limit:
                self._room.set()
        for ev in events:
            ev.ack()

    async def drain(self) -> None:
        """Wait for the batches still being delivered (worker stopping or partitions revoked)."""
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def _send(self, o: Out) -> RecordMetadata:
        """Straight to the app's producer (the worker's acks, linger and partitioner): faust's
        `Topic.send` adds a message envelope, sensors and a warning per failed record on top,
        about a third of the cost of a send, for nothing `deliver` uses."""
        if self._producer is None:
            self._producer = await self.app.maybe_start_producer()
        fut = await self._producer.send(o.topic, o.key, o.value, None, None, None)
        return await fut

    async def deliver(self, outs: Sequence[Out]) -> None:
        """Send all, wait for every broker ack; retry the failed ones with backoff."""
        pending = list(outs)
        delay = 0.1
        while pending:
            results = await asyncio.gather(
                *(self._send(o) for o in pending), return_exceptions=True
            )
            failed = [
                o for o, r in zip(pending, results, strict=True) if isinstance(r, BaseException)
            ]
            if not failed:
                return
            first = next(r for r in results if isinstance(r, BaseException))
            log.warning(
                "delivery_failed_retrying", failed=len(failed), error=repr(first), retry_in=delay
            )
            metrics.DELIVERY_RETRIES.inc()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)
            pending = failed
