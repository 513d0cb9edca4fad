"""Batches of payment events sized by the load instead of by a timer.

faust's `take_events(n, within)` yields when `n` events are buffered or when a timer of `within`
seconds fires, and the timer restarts after every batch. Below `n` events per window (1,000/s with
n = 100 and a 50 ms window) every payment waits for that timer: half the window on average, plus the
batch screened before it. A short window removes the wait but caps every batch, under backlog too
(the buffer fills one event at a time on the same event loop), and each batch costs a produce
request and some bookkeeping, so throughput drops.

`natural_batches` takes the first waiting event at once and adds whatever is already arriving (the
events the consumer has fetched and faust is handing over), stopping as soon as a turn of the event
loop brings nothing new, at `max_size` events, or after `max_wait` seconds of gathering. At a low
rate a batch is one or a few payments and none waits for a timer; under load the events that arrived
while the previous batch was screened are all there, so batches grow to `max_size` by themselves.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, AsyncIterator

from faust.types import EventT

# Turns of the event loop without a new event that end a batch. faust hands a fetched message to
# the stream in two or three turns (the consumer's drain loop awaits each delivery), so one empty
# turn does not mean nothing is coming; a few in a row do, and cost microseconds on an idle loop.
IDLE_TURNS = 4


async def natural_batches(
    events: AsyncIterable[EventT[bytes]], max_size: int, max_wait: float
) -> AsyncIterator[list[EventT[bytes]]]:
    """Batches of `events`, each message held (`incref`) for the caller to ack when done.

    faust acks an event (drops its reference) when the stream hands over the next one, which here
    happens before the event is screened; the extra reference taken on the way in keeps its offset
    uncommitted until the caller's own `ack`. Ends when `events` ends; raises what it raises.
    """
    queue: asyncio.Queue[EventT[bytes]] = asyncio.Queue(maxsize=max_size)

    async def pump() -> None:
        async for ev in events:
            ev.message.incref()
            await queue.put(ev)

    pumping = asyncio.ensure_future(pump())
    try:
        while True:
            if queue.empty():
                if pumping.done():
                    pumping.result()  # the stream failed: raise its error
                    return  # the stream ended and everything it handed over is out
                getter = asyncio.ensure_future(queue.get())
                try:
                    await asyncio.wait((getter, pumping), return_when=asyncio.FIRST_COMPLETED)
                finally:
                    getter.cancel()  # no-op once it has its event; an event it had not yet
                    # taken stays in the queue for the next turn
                if not getter.done() or getter.cancelled():
                    continue
                batch = [getter.result()]
            else:
                batch = [queue.get_nowait()]
            deadline = time.monotonic() + max_wait
            idle = 0
            while len(batch) < max_size and idle < IDLE_TURNS and time.monotonic() < deadline:
                await asyncio.sleep(0)  # one turn of the loop: the stream may hand over more
                if queue.empty():
                    idle += 1
                    continue
                idle = 0
                while len(batch) < max_size and not queue.empty():
                    batch.append(queue.get_nowait())
            yield batch
    finally:
        pumping.cancel()
