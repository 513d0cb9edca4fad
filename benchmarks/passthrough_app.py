"""A trivial faust agent for the end-to-end comparison: raw bytes in, the same bytes out.

Same faust configuration, batching (`take_events(batch_size, within)`) and delivery (send with
`force=True`, wait for every ack before the batch's offsets may commit) as the screening worker,
minus the screening: the gap between the two is what decoding, screening and emitting cost.

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


def create_app(s: Settings) -> faust.App:
    app = faust_app(s)  # the worker's own faust configuration
    source = app.topic(s.payments_topic, key_type=bytes, value_type=bytes)
    sink = app.topic(s.decisions_topic, key_type=bytes, value_type=bytes)

    async def send(ev: EventT[bytes]) -> Any:
        fut = await sink.send(key=ev.message.key, value=ev.message.value, force=True)
        return await fut

    @app.agent(source, name="passthrough")
    async def passthrough(stream: faust.StreamT[bytes]) -> None:
        # take_events exists on faust's Stream but not on its StreamT protocol
        batches = stream.take_events(s.batch_size, within=s.batch_within)  # type: ignore[attr-defined]
        async for events in batches:
            for ev in events:
                ev.message.incref()
            await asyncio.gather(*(send(ev) for ev in events))
            for ev in events:
                ev.message.decref()

    return app


def main() -> None:
    s = Settings()
    app = create_app(s)
    sys.argv = [sys.argv[0], "worker", "-l", "warn"]
    app.main()


if __name__ == "__main__":
    main()
