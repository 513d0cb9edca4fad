"""A plain aiokafka consumer -> producer loop, the floor for the end-to-end comparison.

Batches with `getmany(max_records=batch_size)`, forwards every record's bytes, waits for the acks
and commits: at-least-once, like the worker, with no framework around it. `serve` runs any
records -> outputs function on that loop (`screening_loop` runs the worker's screening on it).

    MONITOR_BOOTSTRAP_SERVERS=... MONITOR_PAYMENTS_TOPIC=in MONITOR_DECISIONS_TOPIC=out \
        python -m benchmarks.plain_loop
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from typing import TypeAlias

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from monitor.settings import Settings

Record: TypeAlias = ConsumerRecord[bytes, bytes]
Forward: TypeAlias = Callable[[list[Record]], Iterable[tuple[str, bytes | None, bytes]]]
"""A batch of payment records -> (topic, key, value) outputs."""


async def run(s: Settings, stop: asyncio.Event, forward: Forward) -> None:
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
            records = [r for rs in batches.values() for r in rs]
            if not records:
                continue
            futures = [
                await producer.send(topic, value, key=key) for topic, key, value in forward(records)
            ]
            await asyncio.gather(*futures)
            await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()


def serve(make_forward: Callable[[Settings], Forward]) -> None:
    """Run the loop with settings from the environment until SIGTERM or SIGINT."""

    async def _main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        s = Settings()
        await run(s, stop, make_forward(s))

    asyncio.run(_main())


def forward_bytes(s: Settings) -> Forward:
    return lambda records: [(s.decisions_topic, r.key, r.value) for r in records]


if __name__ == "__main__":
    serve(forward_bytes)
