"""The agent's screening hands the event loop a turn on long batches (no stall after a swap)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import faust
from faust.types import EventT

from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream.holder import ScreenerHolder
from monitor.stream.processor import SLICE_S, BatchProcessor, Out


class SlowProcessor(BatchProcessor):
    """Each payment costs 5 ms of CPU-bound work, as cold name searches do after a swap."""

    def outputs(self, screener: Screener, ev: EventT[bytes], now: datetime) -> list[Out]:
        end = time.perf_counter() + 0.005
        while time.perf_counter() < end:
            pass
        return [Out("decisions", None, cast(bytes, ev))]


def processor() -> SlowProcessor:
    holder = ScreenerHolder(cast(Screener, object()))
    return SlowProcessor(Settings(metrics_port=0), holder, cast(faust.App, None))


async def _turns_during(work: Any) -> tuple[int, Any]:
    """How many turns another task got on the event loop while `work` ran, and its result."""
    turns = 0
    done = False

    async def ticker() -> None:
        nonlocal turns
        while not done:
            await asyncio.sleep(0)
            turns += 1

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0)  # the ticker is waiting for its next turn
    before = turns
    result = await work
    during = turns - before
    done = True
    await tick
    return during, result


EVENTS = cast(Sequence[EventT[bytes]], [bytes([i]) for i in range(40)])  # ~200 ms of work


async def test_long_batches_yield_to_the_loop_and_keep_their_order() -> None:
    turns, outs = await _turns_during(processor().screen_sliced(EVENTS))
    assert [o.value for o in outs] == list(EVENTS)
    # 200 ms of screening in slices of SLICE_S: the loop runs between the slices
    assert turns >= 0.2 / SLICE_S / 2


async def test_a_batch_screened_in_one_go_holds_the_loop() -> None:
    """The check above can fail: the unsliced path gives the loop no turn until it is done."""

    async def unsliced() -> list[Out]:
        return processor().screen_batch(EVENTS)

    turns, _ = await _turns_during(unsliced())
    assert turns == 0
