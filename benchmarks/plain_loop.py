"""A plain aiokafka consumer -> producer loop, the floor for the end-to-end comparison.

Batches with `getmany(max_records=batch_size)`, forwards every record's bytes, waits for the acks
and commits: at-least-once, like the worker, with no framework around it.

    MONITOR_BOOTSTRAP_SERVERS=... MONITOR_PAYMENTS_TOPIC=in MONITOR_DECISIONS_TOPIC=out \
        python -m benchmarks.plain_loop
"""

from __future__ import annotations

import asyncio
import signal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from monitor.settings import Settings


async def run(s: Settings, stop: asyncio.Event) -> None:
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
            futures = [
                await producer.send(s.decisions_topic, r.value, key=r.key)
                for records in batches.values()
                for r in records
            ]
            if futures:
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
