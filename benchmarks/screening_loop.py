"""The worker's screening on a plain aiokafka loop, no faust: what faust costs with real work.

`plain_loop` forwards bytes; this does what the worker does to every payment (decode, screen,
alert/decision records, dead letters, metrics: `BatchProcessor.screen_batch` against the screener
the worker would load), on the same consumer -> producer loop: batches from `getmany`, every
output acked before the offsets commit (at-least-once), no pipelining. The gap between this and
the worker is faust's share (its consumer thread, per-message delivery into the stream, the agent);
the gap between this and `plain_loop` is the screening's.

    MONITOR_BOOTSTRAP_SERVERS=... MONITOR_PAYMENTS_TOPIC=in MONITOR_DECISIONS_TOPIC=out \
        python -m benchmarks.screening_loop
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any, cast

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from faust.types import EventT

from monitor.settings import Settings
from monitor.stream.holder import ScreenerHolder, load_screener
from monitor.stream.processor import BatchProcessor


class Record:
    """The one attribute of a faust event that `BatchProcessor` reads: `message` (topic,
    partition, offset, key, value), here an aiokafka record."""

    __slots__ = ("message",)

    def __init__(self, message: ConsumerRecord[bytes, bytes]) -> None:
        self.message = message


async def run(s: Settings, stop: asyncio.Event) -> None:
    holder = ScreenerHolder(load_screener(s, s.lists))
    processor = BatchProcessor(s, holder, cast(Any, None))  # only its screening is used
    kw = s.aiokafka_kwargs()
    consumer = AIOKafkaConsumer(
        s.payments_topic, **kw, group_id=s.app_id, enable_auto_commit=False,
        auto_offset_reset="earliest", session_timeout_ms=10_000, heartbeat_interval_ms=1_000,
    )  # fmt: skip
    producer = AIOKafkaProducer(**kw, acks="all", linger_ms=0)
    await consumer.start()
    await producer.start()
    try:
        while not stop.is_set():
            batches = await consumer.getmany(
                timeout_ms=int(s.batch_within * 1000), max_records=s.batch_size
            )
            events = [Record(r) for records in batches.values() for r in records]
            if not events:
                continue
            outs = processor.screen_batch(cast(list[EventT[bytes]], events))
            futures = [await producer.send(o.topic, o.value, key=o.key) for o in outs]
            await asyncio.gather(*futures)
            await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()


def main() -> None:
    async def _main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await run(Settings(), stop)

    asyncio.run(_main())


if __name__ == "__main__":
    main()
