"""Replay from and to Kafka: a bounded read of a topic by offsets or record time, and a topic sink.

The replay loop is synchronous (it is CPU work on the pure core); Kafka clients are asyncio. A
`Bridge` owns a private event loop that the synchronous code drives one call at a time, so the
loop, the consumer and the producer live exactly as long as the replay.

Reads never join a consumer group (manual assignment, no commits): a replay cannot steal
partitions from, or move the offsets of, the live workers. Partitions are read one after another
in partition order, so a topic replay is as deterministic as a file replay.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    TopicPartition,
)
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import OffsetOutOfRangeError

from monitor.replay.source import RawRecord

T = TypeVar("T")
POLL_MS = 1000
MAX_IDLE_POLLS = 30  # a partition that yields nothing below its end offset for this long is stuck
MAX_OUT_OF_RANGE = 20  # fetches refused as out of range before giving up (0.2 s apart)
FLUSH_EVERY = 2000


class Bridge:
    """A private event loop driven from synchronous code, one coroutine at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.loop.close()


def parse_offsets(values: tuple[str, ...] | list[str]) -> dict[int | None, int]:
    """`["100"]` -> every partition from 100; `["0:100", "2:7"]` -> per partition (None = all)."""
    out: dict[int | None, int] = {}
    for value in values:
        part, sep, off = value.rpartition(":")
        try:
            out[int(part) if sep else None] = int(off)
        except ValueError:
            raise ValueError(f"bad offset {value!r}: use OFFSET or PARTITION:OFFSET") from None
    return out


def to_ms(when: datetime) -> int:
    """Record timestamps are epoch milliseconds; a naive datetime is taken as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp() * 1000)


@dataclass(frozen=True)
class KafkaRange:
    """Which records to replay: offsets are [from, to) per partition, times are [since, until)."""

    topic: str
    partitions: tuple[int, ...] = ()  # empty: all
    from_offsets: Mapping[int | None, int] = field(default_factory=dict)
    to_offsets: Mapping[int | None, int] = field(default_factory=dict)
    since: datetime | None = None
    until: datetime | None = None

    def bound(self, offsets: Mapping[int | None, int], partition: int) -> int | None:
        return offsets.get(partition, offsets.get(None))

    def in_window(self, timestamp_ms: int) -> bool:
        if self.since is not None and timestamp_ms < to_ms(self.since):
            return False
        return self.until is None or timestamp_ms < to_ms(self.until)


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


@dataclass(frozen=True, slots=True)
class Span:
    partition: int
    start: int
    stop: int  # exclusive

    @property
    def size(self) -> int:
        return max(0, self.stop - self.start)


class KafkaReader:
    """`plan()` resolves the range to offsets (for the progress total); `records()` reads them."""

    def __init__(self, bridge: Bridge, rng: KafkaRange, **client_kwargs: Any) -> None:
        self.bridge = bridge
        self.range = rng
        self.client_kwargs = client_kwargs
        self.spans: list[Span] = []
        self.skipped = 0  # read inside the offset span but timestamped outside the window
        self._consumer: AIOKafkaConsumer | None = None

    async def _start(self) -> AIOKafkaConsumer:
        kw = {"enable_auto_commit": False, "auto_offset_reset": "none"} | self.client_kwargs
        consumer = AIOKafkaConsumer(group_id=None, **kw)
        try:
            await consumer.start()
        except BaseException:
            await consumer.stop()
            raise
        return consumer

    async def _partitions(self, topic: str) -> set[int]:
        """The topic's partitions (the consumer's own metadata only covers assigned topics)."""
        admin = AIOKafkaAdminClient(**self.client_kwargs)
        await admin.start()
        try:
            (meta,) = await admin.describe_topics([topic])
        finally:
            await admin.close()
        if meta["error_code"] != 0:
            return set()
        return {p["partition"] for p in meta["partitions"]}

    async def _plan(self, consumer: AIOKafkaConsumer) -> list[Span]:
        r = self.range
        known = await self._partitions(r.topic)
        if not known:
            raise ValueError(f"topic {r.topic!r} does not exist or has no partitions")
        missing = set(r.partitions) - known
        if missing:
            raise ValueError(f"topic {r.topic!r} has no partition(s) {sorted(missing)}")
        tps = [TopicPartition(r.topic, p) for p in sorted(r.partitions or known)]
        first = await consumer.beginning_offsets(tps)
        end = await consumer.end_offsets(tps)  # the high watermark now: a replay always ends
        start = {tp: max(first[tp], _or(r.bound(r.from_offsets, tp.partition), 0)) for tp in tps}
        stop = {tp: min(end[tp], _or(r.bound(r.to_offsets, tp.partition), end[tp])) for tp in tps}
        for when, target, pick in ((r.since, start, max), (r.until, stop, min)):
            if when is not None:
                found = await consumer.offsets_for_times({tp: to_ms(when) for tp in tps})
                for tp in tps:
                    hit = found.get(tp)
                    target[tp] = pick(target[tp], hit.offset if hit is not None else end[tp])
        return [Span(tp.partition, start[tp], stop[tp]) for tp in tps]

    def plan(self) -> list[Span]:
        if self._consumer is None:
            self._consumer = self.bridge.run(self._start())
            self.spans = self.bridge.run(self._plan(self._consumer))
        return self.spans

    @property
    def total(self) -> int:
        return sum(s.size for s in self.plan())

    def records(self) -> Iterator[RawRecord]:
        try:
            for span in self.plan():
                if span.size:
                    yield from self._read(span)
        finally:
            self.close()

    def _read(self, span: Span) -> Iterator[RawRecord]:
        consumer = self._consumer
        assert consumer is not None  # noqa: S101  (plan() ran)
        tp = TopicPartition(self.range.topic, span.partition)
        self.bridge.run(_assign(consumer, tp, span.start))
        idle, nxt, out_of_range = 0, span.start, 0
        while True:
            try:
                batch = self.bridge.run(consumer.getmany(tp, timeout_ms=POLL_MS, max_records=1000))
            except OffsetOutOfRangeError:
                # Below the end offset we planned, the fetch was refused: either retention
                # deleted the records under us (time-based retention counts record timestamps,
                # so a topic of old payments can lose them at the next retention check), which
                # a replay must report, or the fetch raced the high watermark: seek and retry.
                first = self.bridge.run(consumer.beginning_offsets([tp]))[tp]
                if first > nxt:
                    raise ValueError(
                        f"{tp}: records {nxt}..{min(first, span.stop) - 1} were deleted during "
                        "the replay (the topic's retention, or delete-records); replay from "
                        f"offset {first}, or keep the topic's records longer (retention.ms)"
                    ) from None
                out_of_range += 1
                if out_of_range > MAX_OUT_OF_RANGE:
                    raise
                self.bridge.run(_assign(consumer, tp, nxt))
                self.bridge.run(asyncio.sleep(0.2))
                continue
            msgs = batch.get(tp, [])
            for msg in msgs:
                nxt = msg.offset + 1
                if msg.offset >= span.stop:
                    return
                if not self.range.in_window(msg.timestamp):
                    self.skipped += 1
                    continue
                yield RawRecord(msg.value, partition=msg.partition, offset=msg.offset,
                                timestamp_ms=msg.timestamp)  # fmt: skip
            if self.bridge.run(consumer.position(tp)) >= span.stop:
                return  # also covers transaction markers, which occupy offsets but are not records
            idle = 0 if msgs else idle + 1
            if idle >= MAX_IDLE_POLLS:
                raise TimeoutError(f"{tp}: no records for {idle}s below end offset {span.stop}")

    def close(self) -> None:
        if self._consumer is not None:
            self.bridge.run(self._consumer.stop())
            self._consumer = None


async def _assign(consumer: AIOKafkaConsumer, tp: TopicPartition, offset: int) -> None:
    """Inside the loop: aiokafka creates futures on assignment."""
    consumer.assign([tp])
    consumer.seek(tp, offset)


class TopicSink:
    """Alerts and decisions to the topics you name, keyed by payment id, acknowledged by the broker
    in batches (`close()` flushes). Rejected records are not sent (see the files or the summary)."""

    def __init__(
        self, bridge: Bridge, alerts_topic: str | None, decisions_topic: str | None, **kw: Any
    ) -> None:
        self.bridge = bridge
        self.alerts_topic = alerts_topic
        self.decisions_topic = decisions_topic
        self._pending: list[tuple[str, bytes, bytes]] = []
        self.sent = 0
        self._producer = bridge.run(self._start(kw))

    async def _start(self, kw: dict[str, Any]) -> AIOKafkaProducer:
        producer = AIOKafkaProducer(**({"acks": "all", "linger_ms": 20} | kw))
        try:
            await producer.start()
        except BaseException:
            await producer.stop()
            raise
        return producer

    def _add(self, topic: str | None, key: bytes, value: bytes) -> None:
        if topic:
            self._pending.append((topic, key, value))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush()

    def alert(self, key: bytes, value: bytes) -> None:
        self._add(self.alerts_topic, key, value)

    def decision(self, key: bytes, value: bytes) -> None:
        self._add(self.decisions_topic, key, value)

    def rejected(self, value: bytes) -> None:
        pass

    async def _send_all(self, items: list[tuple[str, bytes, bytes]]) -> None:
        futures = [await self._producer.send(t, value=v, key=k) for t, k, v in items]
        await asyncio.gather(*futures)

    def flush(self) -> None:
        items, self._pending = self._pending, []
        if items:
            self.bridge.run(self._send_all(items))
            self.sent += len(items)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.bridge.run(self._producer.stop())
