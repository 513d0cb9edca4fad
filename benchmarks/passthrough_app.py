"""A trivial faust agent for the end-to-end comparison: raw bytes in, the same bytes out.

Same faust configuration, batching (`monitor.stream.batching.natural_batches`) and send path
(the app's producer, as `BatchProcessor._send`; every ack awaited before the batch's offsets may
commit) as the screening worker, minus the screening: the gap between the two is what decoding,
screening and emitting cost. It waits for a batch's acks before taking the next (no pipelining):
the trivial agent a faust user would write.

    MONITOR_BOOTSTRAP_SERVERS=... MONITOR_PAYMENTS_TOPIC=in MONITOR_DECISIONS_TOPIC=out \
        python -m benchmarks.passthrough_app
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import faust
from faust.types import EventT

from monitor.settings import Settings
from monitor.stream.app import faust_app
from monitor.stream.batching import natural_batches


def create_app(s: Settings) -> faust.App:
    app = faust_app(s)  # the worker's own faust configuration
    source = app.topic(s.payments_topic, key_type=bytes, value_type=bytes)

    async def send(ev: EventT[bytes]) -> Any:
        producer = await app.maybe_start_producer()
        fut = await producer.send(
            s.decisions_topic, ev.message.key, ev.message.value, None, None, None
        )
        return await fut

    @app.agent(source, name="passthrough")
    async def passthrough(stream: faust.StreamT[bytes]) -> None:
        async for events in natural_batches(stream.events(), s.batch_size, s.batch_within):
            await asyncio.gather(*(send(ev) for ev in events))
            for ev in events:  # each message is held by the batcher until this ack
                ev.ack()

    return app


def main() -> None:
    s = Settings()
    app = create_app(s)
    sys.argv = [sys.argv[0], "worker", "-l", "warn"]
    app.main()


if __name__ == "__main__":
    main()
