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

from typing import Any, cast

from faust.types import EventT

from benchmarks.plain_loop import Forward, Record, serve
from monitor.settings import Settings
from monitor.stream.holder import ScreenerHolder, load_screener
from monitor.stream.processor import BatchProcessor


class Event:
    """The one attribute of a faust event that `BatchProcessor` reads: `message` (topic,
    partition, offset, key, value), here an aiokafka record."""

    __slots__ = ("message",)

    def __init__(self, message: Record) -> None:
        self.message = message


def screening(s: Settings) -> Forward:
    """The worker's screening of a batch, on the screener the worker would load."""
    processor = BatchProcessor(s, ScreenerHolder(load_screener(s, s.lists)), cast(Any, None))

    def forward(records: list[Record]) -> list[tuple[str, bytes | None, bytes]]:
        events = cast(list[EventT[bytes]], [Event(r) for r in records])
        return [(o.topic, o.key, o.value) for o in processor.screen_batch(events)]

    return forward


if __name__ == "__main__":
    serve(screening)
