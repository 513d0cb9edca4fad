"""natural_batches: batch by what is already arriving, never by waiting for traffic."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from monitor.stream.batching import natural_batches

NEVER = 3600.0  # a max_wait no test reaches: batches must end for another reason


class Message:
    def __init__(self, n: int) -> None:
        self.n = n
        self.refcount = 0

    def incref(self) -> None:
        self.refcount += 1


class Event:
    def __init__(self, n: int) -> None:
        self.message = Message(n)


async def backlog(n: int) -> AsyncIterator[Any]:
    for i in range(n):
        yield Event(i)


async def collect(source: AsyncIterator[Any], max_size: int) -> list[list[int]]:
    return [
        [ev.message.n for ev in batch] async for batch in natural_batches(source, max_size, NEVER)
    ]


async def test_a_backlog_comes_in_full_batches_in_order() -> None:
    assert await collect(backlog(10), 4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


async def test_events_trickling_in_over_a_few_loop_turns_share_a_batch() -> None:
    async def trickle() -> AsyncIterator[Any]:
        for i in range(5):
            for _ in range(3):  # faust hands a fetched message over in two or three turns
                await asyncio.sleep(0)
            yield Event(i)

    assert await collect(trickle(), 100) == [[0, 1, 2, 3, 4]]


async def test_a_lone_event_is_handed_over_without_waiting_for_more() -> None:
    handed = asyncio.Event()

    async def one_then_wait() -> AsyncIterator[Any]:
        yield Event(0)
        await handed.wait()  # the next event exists only once the first batch is out
        yield Event(1)

    batches = []

    async def consume() -> None:
        async for batch in natural_batches(one_then_wait(), 100, NEVER):
            batches.append([ev.message.n for ev in batch])
            handed.set()

    await asyncio.wait_for(consume(), 60)  # a batcher that waits for more would hang here
    assert batches == [[0], [1]]


async def test_each_message_is_held_once_for_the_caller_to_ack() -> None:
    events = [Event(i) for i in range(7)]

    async def source() -> AsyncIterator[Any]:
        for ev in events:
            yield ev

    async for _ in natural_batches(source(), 3, NEVER):
        pass
    assert [ev.message.refcount for ev in events] == [1] * 7


async def test_a_failing_stream_raises_in_the_consumer() -> None:
    async def broken() -> AsyncIterator[Any]:
        for i in range(3):
            yield Event(i)
        raise RuntimeError("consumer lost")

    seen = []
    with pytest.raises(RuntimeError, match="consumer lost"):
        async for batch in natural_batches(broken(), 10, NEVER):
            seen.extend(ev.message.n for ev in batch)
    assert seen == [0, 1, 2]  # what the stream handed over before failing still comes out
