"""(e) A list version swap as a worker does it: load + index in a thread, then swap the reference.

While `ListFollower.apply` loads and indexes the new version in a background thread, the event
loop keeps screening batches of generated payments on the old screener (as the stream does) and a
1 ms ticker records how late the loop wakes up. Reported: time to load and swap, the longest
stall of the loop and the longest gap between two screened batches. Run in a fresh process:
`python -m benchmarks.swap OLD NEW`.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime

from benchmarks.common import ROOT, Row
from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream.control import ListAnnouncement, ListFollower
from monitor.stream.holder import ScreenerHolder, build_screener, load_configured
from monitor.synth import generate_payments

BATCH = 100


async def _noop(old: Screener, new: Screener) -> None:
    return None


async def measure(old: str, new: str) -> dict[str, float]:
    settings = Settings(lists=[old])
    holder = ScreenerHolder(build_screener(settings, load_configured([old])))
    new_version = load_configured([new]).version_id
    payments = list(generate_payments(2_000, seed=3))
    stop = asyncio.Event()
    lags: list[float] = []
    gaps: list[float] = []

    async def ticker() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - t - 0.001)

    async def screening() -> None:
        i, last = 0, time.perf_counter()
        while not stop.is_set():
            screener = holder.current
            for p in payments[i : i + BATCH]:
                screener.screen(p)
            i = (i + BATCH) % len(payments)
            await asyncio.sleep(0)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tasks = [asyncio.create_task(ticker()), asyncio.create_task(screening())]
    await asyncio.sleep(1.0)  # warm the name cache; steady state before the swap
    lags.clear()
    gaps.clear()
    follower = ListFollower(settings, holder, 0, _noop)
    ann = ListAnnouncement(version_id=new_version, lists=[new], announced_at=datetime.now(UTC))
    t0 = time.perf_counter()
    swapped = await follower.apply(ann)
    swap_s = time.perf_counter() - t0
    await asyncio.sleep(0.5)
    stop.set()
    await asyncio.gather(*tasks)
    assert swapped and holder.current.list_version == new_version
    return {
        "swap_s": swap_s,
        "max_loop_stall_ms": max(lags) * 1000,
        "max_batch_gap_ms": max(gaps) * 1000,
        "batches": float(len(gaps)),
    }


def rows(old: str = "ofac-sdn-2024-05-03", new: str = "default") -> list[Row]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.swap", old, new],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    m = json.loads(out.stdout.strip().splitlines()[-1])
    note = f"{old} -> {new}, while screening batches of {BATCH} on the old version"
    return [
        Row("load", "list swap: load + index in background, then swap", m["swap_s"], "s", note),
        Row("load", "longest event-loop stall during the swap", m["max_loop_stall_ms"], "ms", note),
        Row("load", "longest gap between screened batches during the swap",
            m["max_batch_gap_ms"], "ms", f"{m['batches']:.0f} batches screened meanwhile"),
    ]  # fmt: skip


if __name__ == "__main__":
    old, new = (sys.argv[1:3] + ["ofac-sdn-2024-05-03", "default"][len(sys.argv[1:3]) :])[:2]
    print(json.dumps(asyncio.run(measure(old, new))))
