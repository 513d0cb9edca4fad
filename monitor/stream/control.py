"""List-version announcements on the compacted control topic, and the worker side that follows them.

Design: the control topic (one partition, compacted, key `lists`) carries small announcements:
which lists to load (paths on the workers' shared storage, or bundled names) and the version id
they must hash to. Every worker reads the whole topic without a consumer group, so every worker
sees every announcement. On a new version a worker loads and indexes it in a thread (the stream
keeps flowing on the old screener), checks the version id, then swaps the screener reference in
one assignment. Entries are not shipped through Kafka: lists are megabytes and already versioned
files; the announcement makes the switch atomic and ordered.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Literal

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pydantic import BaseModel, ValidationError

from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream import metrics
from monitor.stream.holder import ScreenerHolder, load_screener, retire

log = structlog.get_logger(__name__)
KEY = b"lists"


class ListAnnouncement(BaseModel):
    schema_version: Literal[1] = 1
    version_id: str
    lists: list[str]
    announced_at: datetime


async def publish(settings: Settings, lists: list[str], version_id: str) -> ListAnnouncement:
    ann = ListAnnouncement(version_id=version_id, lists=lists, announced_at=datetime.now(UTC))
    producer = AIOKafkaProducer(**settings.aiokafka_kwargs(), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            settings.control_topic, ann.model_dump_json().encode(), key=KEY
        )
    finally:
        await producer.stop()
    return ann


def parse(raw: bytes | None) -> ListAnnouncement | None:
    if raw is None:
        return None
    try:
        return ListAnnouncement.model_validate_json(raw)
    except ValidationError as exc:
        log.warning("bad_list_announcement", error=str(exc)[:300])
        return None


async def read_latest(settings: Settings, idle: float = 1.0) -> tuple[ListAnnouncement | None, int]:
    """The last announcement on the control topic and the offset after it (startup catch-up)."""
    consumer = AIOKafkaConsumer(**settings.aiokafka_kwargs(), enable_auto_commit=False)
    await consumer.start()
    tp = TopicPartition(settings.control_topic, 0)
    try:
        if settings.control_topic not in await consumer.topics():
            return None, 0
        consumer.assign([tp])
        await consumer.seek_to_beginning(tp)
        latest, position = None, 0
        while True:
            batch = await consumer.getmany(tp, timeout_ms=int(idle * 1000))
            if not batch:
                return latest, position
            for rec in batch[tp]:
                latest, position = parse(rec.value) or latest, rec.offset + 1
    finally:
        await consumer.stop()


SwapHook = Callable[[Screener, Screener], Awaitable[None]]


class ListFollower:
    """Follows the control topic from `start_offset`; loads, checks and swaps each new version."""

    def __init__(
        self, settings: Settings, holder: ScreenerHolder, start_offset: int, on_swap: SwapHook
    ) -> None:
        self.settings = settings
        self.holder = holder
        self.offset = start_offset
        self.on_swap = on_swap
        self.retired: threading.Event | None = None  # set once the last replaced screener is freed

    async def run(self) -> None:
        consumer = AIOKafkaConsumer(**self.settings.aiokafka_kwargs(), enable_auto_commit=False)
        await consumer.start()
        tp = TopicPartition(self.settings.control_topic, 0)
        consumer.assign([tp])
        consumer.seek(tp, self.offset)
        try:
            async for rec in consumer:
                ann = parse(rec.value)
                if ann is not None:
                    await self.apply(ann)
        finally:
            await consumer.stop()

    async def apply(self, ann: ListAnnouncement) -> bool:
        current = self.holder.current
        if ann.version_id == current.list_version:
            log.info("list_version_already_in_force", version=ann.version_id)
            return False
        t0 = time.perf_counter()
        try:
            new = await asyncio.to_thread(self._load, ann)
        except Exception as exc:  # a bad list never replaces the one in force
            log.error("list_load_failed_keeping_current", version=ann.version_id, error=str(exc))
            return False
        load_s = time.perf_counter() - t0
        self.holder.swap(new)
        metrics.LIST_INFO.clear()
        metrics.LIST_INFO.labels(new.list_version).set(len(new.table))
        metrics.LIST_LOADED_AT.set_to_current_time()
        log.info("list_version_swapped", version=new.list_version, load_seconds=round(load_s, 3))
        await self.on_swap(current, new)
        self.retired = retire(current)  # freed in the background once the last batch lets go
        return True

    def _load(self, ann: ListAnnouncement) -> Screener:
        screener = load_screener(self.settings, ann.lists)
        if screener.list_version != ann.version_id:
            raise ValueError(f"lists hash to {screener.list_version}, announced {ann.version_id}")
        return screener
