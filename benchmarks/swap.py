"""(e) A list version swap as a worker does it: load + index in a thread, then swap the reference.

    python -m benchmarks.swap [OLD] [NEW]        # warm: a worker serving OLD swaps to NEW
    python -m benchmarks.swap --cold [NEW]       # cold: load + index NEW in a fresh process

OLD and NEW are bundled list names (or `default`, the bundled set) or paths; bundled lists are read
from their archive files, as a worker reads a fetched version, so nothing comes from a cache of
parsed tables (defaults: the bundled set with the SDN list of 3 May 2024 -> `default`, the
bundled set with the SDN list of 16 Dec 2024: the update a worker serving every list receives).
A spec may name several lists, comma-separated.

Warm: the process builds OLD as the worker does (`load_screener`), then the event loop screens
batches of generated payments on it, paced at RATE, while a 1 ms ticker records how late the
loop wakes up.
After two passes over the payments (name cache warm) and a quiet phase (the noise floor:
longest stall with no swap going on), `ListFollower.apply` loads and indexes NEW in a thread,
swaps, and hands OLD to the background retirer; the run ends once OLD is freed. Reported per
phase (quiet / building / after the swap): the longest loop stall and the longest gap between
two screened batches; and the build thread's CPU time (`time.thread_time`: what the load and
index cost, whatever else the machine runs) next to its wall time (longer: the loop keeps the
GIL while it screens). Cold: CPU time of loading and indexing NEW in a process that has built
nothing before. One JSON object on the last line of output.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from benchmarks.common import ROOT, Row
from monitor.lists.load import ARCHIVE_SUFFIX, DEFAULT_LISTS
from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream.control import ListAnnouncement, ListFollower
from monitor.stream.holder import ScreenerHolder, load_configured, load_screener
from monitor.stream.processor import in_slices
from monitor.synth import generate_payments

BATCH = 20
RATE = 2_000.0
"""Payments/s screened on the old version meanwhile: about 85% of a worker's measured maximum
through Kafka (BENCHMARKS.md, e2e), so the loop is busy the way a loaded worker's is. An unpaced
loop that never waits (no fetch, no acks) would hold the GIL almost always and starve the build
thread, which no worker does."""
QUIET_S = 2.0  # the noise-floor phase before the swap
AFTER_S = 1.0  # kept screening once the old screener is freed


PREVIOUS = ",".join(
    "ofac-sdn-2024-05-03" if n.startswith("ofac-sdn-") else n for n in DEFAULT_LISTS
)
"""The bundled set as it stood before the 16 Dec 2024 SDN update: the swap a worker serving
every list makes when OFAC publishes."""


def list_files(spec: str) -> list[str]:
    """Paths of a list spec (comma-separated names or paths): bundled names become their archive
    files (read and parsed afresh)."""
    out: list[str] = []
    for part in spec.split(","):
        if Path(part).exists():
            out.append(part)
            continue
        names = DEFAULT_LISTS if part == "default" else (part,)
        out += [str(resources.files("monitor") / "data" / f"{n}{ARCHIVE_SUFFIX}") for n in names]
    return out


async def _noop(old: Screener, new: Screener) -> None:
    return None


class _Phases:
    """Longest loop stall and batch gap, per phase of the run."""

    def __init__(self) -> None:
        self.phase = "warm-up"
        self.stall: dict[str, float] = {}
        self.gap: dict[str, float] = {}
        self.batches: dict[str, int] = {}

    def add_stall(self, s: float) -> None:
        self.stall[self.phase] = max(self.stall.get(self.phase, 0.0), s)

    def add_gap(self, s: float) -> None:
        self.gap[self.phase] = max(self.gap.get(self.phase, 0.0), s)
        self.batches[self.phase] = self.batches.get(self.phase, 0) + 1


async def measure(old: str, new: str) -> dict[str, float]:
    old_files, new_files = list_files(old), list_files(new)
    settings = Settings(lists=old_files)
    # NEW's version id first: parsing NEW after OLD would leave its records in the parse memo
    # (`lists.memo`) and the swap would find them all there, which no worker does
    new_version = load_configured(new_files).version_id
    holder = ScreenerHolder(load_screener(settings, old_files))
    payments = list(generate_payments(2_000, seed=3))
    stop = asyncio.Event()
    passes = asyncio.Event()
    ph = _Phases()

    async def ticker() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            ph.add_stall(time.perf_counter() - t - 0.001)

    async def screening() -> None:
        done, last = 0, time.perf_counter()
        due = last
        while not stop.is_set():
            screener = holder.current
            i = done % len(payments)
            # as the agent screens a batch: a turn for the loop every SLICE_S of screening
            await in_slices(payments[i : i + BATCH], screener.screen)
            del screener  # as a batch of the worker: no reference kept between batches
            done += BATCH
            if done >= 2 * len(payments):
                passes.set()
            due += BATCH / RATE
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            now = time.perf_counter()
            ph.add_gap(now - last)
            last = now

    tasks = [asyncio.create_task(ticker()), asyncio.create_task(screening())]
    await passes.wait()
    ph.phase = "quiet"
    await asyncio.sleep(QUIET_S)
    build_cpu: list[float] = []
    follower = ListFollower(settings, holder, 0, _noop)
    load = follower._load

    def timed_load(ann: ListAnnouncement) -> Screener:
        t0 = time.thread_time()
        try:
            return load(ann)
        finally:
            build_cpu.append(time.thread_time() - t0)

    follower._load = timed_load  # type: ignore[method-assign]  # measure the thread's CPU time
    ann = ListAnnouncement(version_id=new_version, lists=new_files, announced_at=datetime.now(UTC))
    ph.phase = "building"
    t0 = time.perf_counter()
    swapped = await follower.apply(ann)
    swap_s = time.perf_counter() - t0
    ph.phase = "after"
    assert swapped and holder.current.list_version == new_version
    assert follower.retired is not None
    t1 = time.perf_counter()
    await asyncio.to_thread(follower.retired.wait)
    retire_s = time.perf_counter() - t1
    await asyncio.sleep(AFTER_S)
    stop.set()
    await asyncio.gather(*tasks)
    out = {
        "load_index_cpu_s": build_cpu[0],
        "load_index_swap_wall_s": swap_s,
        "retire_wall_s": retire_s,
    }
    for phase in ("quiet", "building", "after"):
        out[f"max_loop_stall_ms_{phase}"] = ph.stall.get(phase, 0.0) * 1000
        out[f"max_batch_gap_ms_{phase}"] = ph.gap.get(phase, 0.0) * 1000
        out[f"batches_{phase}"] = float(ph.batches.get(phase, 0))
    return out


def measure_cold(new: str) -> dict[str, float]:
    """Load + index NEW in this (fresh) process, as the worker does at start-up."""
    files = list_files(new)
    t0 = time.process_time()
    load_screener(Settings(lists=files), files)
    return {"cold_load_index_cpu_s": time.process_time() - t0}


def _run(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.swap", *args],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def rows(old: str = PREVIOUS, new: str = "default") -> list[Row]:
    m = _run(old, new) | _run("--cold", new)
    wider = _run("ofac-sdn-2024-05-03", new)
    what = f"{old} -> {new}"
    during = (
        f"{what}, while screening {RATE:,.0f} payments/s in batches of {BATCH} on the old version"
    )
    quiet = (
        f"quiet phase before the swap (noise floor): "
        f"{m['max_loop_stall_ms_quiet']:.0f} ms stall, {m['max_batch_gap_ms_quiet']:.0f} ms gap"
    )
    return [
        Row("load", "list swap: load + index, warm worker (CPU of the build thread)",
            m["load_index_cpu_s"], "s", f"{what}; the worker already serves {old}"),
        Row("load", "list swap: load + index + swap, wall clock", m["load_index_swap_wall_s"],
            "s", f"{during} (they share the GIL)"),
        Row("load", "lists added: load + index, warm worker (CPU of the build thread)",
            wider["load_index_cpu_s"], "s",
            f"ofac-sdn-2024-05-03 -> {new}: a worker serving the SDN list alone is given the "
            f"Consolidated and UN lists too (their records are new to it); wall clock "
            f"{wider['load_index_swap_wall_s']:.2f} s, longest stall "
            f"{max(wider['max_loop_stall_ms_building'], wider['max_loop_stall_ms_after']):.0f} ms"),
        Row("load", "list load + index, cold process (CPU)", m["cold_load_index_cpu_s"], "s",
            f"{new}; a fresh process, as at worker start"),
        Row("load", "longest event-loop stall while loading + indexing",
            m["max_loop_stall_ms_building"], "ms", quiet),
        Row("load", "longest event-loop stall after the swap", m["max_loop_stall_ms_after"], "ms",
            f"until the old version is freed ({m['retire_wall_s']:.1f} s) and {AFTER_S:.0f} s on"),
        Row("load", "longest gap between screened batches during the swap",
            max(m["max_batch_gap_ms_building"], m["max_batch_gap_ms_after"]), "ms",
            f"{m['batches_building'] + m['batches_after']:.0f} batches screened meanwhile"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lists", nargs="*", help="OLD NEW (warm) or NEW (--cold)")
    ap.add_argument("--cold", action="store_true", help="load + index NEW in this fresh process")
    args = ap.parse_args(argv)
    if args.cold:
        (new,) = args.lists or ["default"]
        result = measure_cold(new)
    else:
        old, new = (args.lists + [PREVIOUS, "default"][len(args.lists) :])[:2]
        result = asyncio.run(measure(old, new))
    print(json.dumps({k: round(v, 4) for k, v in result.items()}))


if __name__ == "__main__":
    main()
