"""The agent's screening hands the event loop a turn on long batches (no stall after a swap), and
remembers which offsets it screened with which list version (where a retro pass may stop)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
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
        return [Out("decisions", None, ev.message.value)]


def screener(version: str = "sdn@1") -> Screener:
    return cast(Screener, SimpleNamespace(list_version=version))


def processor() -> SlowProcessor:
    holder = ScreenerHolder(screener())
    return SlowProcessor(Settings(metrics_port=0), holder, cast(faust.App, None))


def event(partition: int, offset: int, value: bytes = b"") -> EventT[bytes]:
    message = SimpleNamespace(partition=partition, offset=offset, value=value)
    return cast(EventT[bytes], SimpleNamespace(message=message))


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


EVENTS: Sequence[EventT[bytes]] = [event(0, i, bytes([i])) for i in range(40)]  # ~200 ms of work


async def test_long_batches_yield_to_the_loop_and_keep_their_order() -> None:
    turns, outs = await _turns_during(processor().screen_sliced(EVENTS))
    assert [o.value for o in outs] == [e.message.value for e in EVENTS]
    # 200 ms of screening in slices of SLICE_S: the loop runs between the slices
    assert turns >= 0.2 / SLICE_S / 2


async def test_a_batch_screened_in_one_go_holds_the_loop() -> None:
    """The check above can fail: the unsliced path gives the loop no turn until it is done."""

    async def unsliced() -> list[Out]:
        return processor().screen_batch(EVENTS)

    turns, _ = await _turns_during(unsliced())
    assert turns == 0


class Quick(BatchProcessor):
    def outputs(self, screener: Screener, ev: EventT[bytes], now: datetime) -> list[Out]:
        return []


def test_retro_pass_stops_after_the_last_offset_screened_with_an_older_version() -> None:
    holder = ScreenerHolder(screener("v1"))
    p = Quick(Settings(metrics_port=0), holder, cast(faust.App, None))
    p.screen_batch([event(0, 10), event(1, 3), event(0, 11)])
    p.screen_batch([event(0, 12)])
    holder.current = screener("v2")  # the swap
    assert p.retro_end("v2", 0) == 13  # 10..12 on v1: the pass covers them, not what follows
    assert p.retro_end("v2", 1) == 4
    assert p.retro_end("v2", 2) is None  # nothing screened there yet: read to the end
    p.screen_batch([event(0, 13), event(2, 7)])
    assert p.retro_end("v2", 0) == 13  # screened live with v2 from 13 on
    assert p.retro_end("v2", 2) == 7  # before 7: the partition's earlier owner screened them


def test_a_batch_begun_before_the_swap_counts_for_the_old_version() -> None:
    holder = ScreenerHolder(screener("v1"))
    p = Quick(Settings(metrics_port=0), holder, cast(faust.App, None))

    class SwapMidBatch(Quick):
        def outputs(self, s: Screener, ev: EventT[bytes], now: datetime) -> list[Out]:
            holder.current = screener("v2")  # swapped while this batch is screened with v1
            return []

    p.__class__ = SwapMidBatch
    p.screen_batch([event(0, 5), event(0, 6)])
    assert p.retro_end("v2", 0) == 7
