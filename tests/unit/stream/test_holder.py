"""Retiring a replaced screener: freed in the background once nothing else holds it, including
the screener's own cycle (its name cache is an `lru_cache` over a bound method), while objects
shared with the rest of the process are left intact."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import pytest
import structlog.testing

from monitor.lists.load import full_gc_paused, load_bundled
from monitor.lists.table import SanctionsTable
from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream import holder as holder_module
from monitor.stream.control import ListAnnouncement, ListFollower
from monitor.stream.holder import ScreenerHolder, build_screener, retire

WAIT_S = 120  # a safety net for a stuck thread, not a performance bound


class Leaf:
    pass


@dataclass(slots=True)
class Small:
    leaf: Leaf
    values: tuple[float, ...]


class Structure:
    """Shaped like an index: big dicts of lists, a big tuple of slotted records, a cached method."""

    def __init__(self, shared: list[int]) -> None:
        self.leaves = [Leaf() for _ in range(500)]
        self.by_key = {f"k{i}": [i, i + 1] for i in range(5_000)}
        self.records = tuple(Small(leaf, (1.5, 2.5)) for leaf in self.leaves)
        self.shared = shared
        self.cached = lru_cache(maxsize=None)(self._lookup)
        self.cached("k1")

    def _lookup(self, key: str) -> list[int]:
        return self.by_key[key]


def test_retire_frees_a_structure_with_a_cycle_and_spares_what_is_shared() -> None:
    shared = list(range(1_000))
    obj = Structure(shared)
    refs = [weakref.ref(obj), weakref.ref(obj.leaves[0]), weakref.ref(obj.leaves[-1])]
    gc.disable()  # only the retirer may free it
    try:
        done = retire(obj)
        del obj
        assert done.wait(WAIT_S)
        assert [r() for r in refs] == [None, None, None]
    finally:
        gc.enable()
    assert shared == list(range(1_000))


def test_retire_waits_for_the_last_other_holder() -> None:
    obj = Structure([])
    ref = weakref.ref(obj)
    holder = [obj]
    done = retire(obj)
    del obj
    assert not done.wait(0.2)  # still held: cannot have been freed
    assert ref() is not None and ref().by_key["k3"] == [3, 4]  # type: ignore[union-attr]
    holder.clear()
    assert done.wait(WAIT_S)
    assert ref() is None


def test_an_object_still_held_does_not_hold_up_the_ones_retired_after_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A swap every few minutes while a long retro pass still uses an old screener: the
    screeners replaced after it are freed meanwhile, and the wait is logged with its holder."""
    monkeypatch.setattr(holder_module, "RETIRE_TELL_S", 0.05)
    kept, later = Structure([]), Structure([])
    kept_ref, later_ref = weakref.ref(kept), weakref.ref(later)
    users = {"retro pass": kept}
    kept_done, later_done = retire(kept), retire(later)
    del kept, later
    assert later_done.wait(WAIT_S)
    assert later_ref() is None
    assert not kept_done.is_set() and kept_ref() is not None
    deadline = time.monotonic() + WAIT_S
    while "retire_waiting" not in (out := capsys.readouterr().out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "held_by=['dict']" in out
    users.clear()
    assert kept_done.wait(WAIT_S)
    assert kept_ref() is None


def test_a_failure_while_freeing_is_logged_and_the_retirer_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []

    def broken(stack: list[object]) -> None:
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr(holder_module, "_release", broken)
    with structlog.testing.capture_logs() as logged:
        failing = retire(Structure([]))  # (not inside `assert`: pytest would keep the object)
        assert failing.wait(WAIT_S)
    assert calls == [1]
    assert [e["event"] for e in logged] == ["retire_failed"]
    monkeypatch.undo()
    obj = Structure([])
    ref = weakref.ref(obj)
    done = retire(obj)
    del obj
    assert done.wait(WAIT_S)  # the thread survived the failure and frees the next one
    assert ref() is None


def _table(name: str, n: int) -> SanctionsTable:
    table = load_bundled([name])
    return SanctionsTable(table.entries[:n], table.version, table.warnings)


def test_a_list_swap_frees_the_replaced_screener() -> None:
    """The replaced screener is frozen (`gc.freeze`) and holds a cycle: without the retirer
    every list update leaked a whole screener."""
    settings = Settings()
    old = build_screener(settings, _table("ofac-sdn-2024-05-03", 200))
    old.search_name("Bank Melli", "any")
    ref = weakref.ref(old.index)
    holder = ScreenerHolder(old)
    del old
    new = build_screener(settings, _table("ofac-sdn-2024-12-16", 300))
    follower = ListFollower(settings, holder, 0, _noop)
    follower._load = lambda ann: new  # type: ignore[method-assign]
    ann = ListAnnouncement(version_id=new.list_version, lists=[], announced_at=datetime.now(UTC))
    gc.freeze()
    try:
        assert asyncio.run(follower.apply(ann))
        assert follower.retired is not None and follower.retired.wait(WAIT_S)
        assert ref() is None
        assert holder.current is new and new.search_name("Bank Melli", "any") is not None
    finally:
        gc.unfreeze()


async def _noop(old: Screener, new: Screener) -> None:
    return None


class Cycle:
    """A garbage cycle, as a stream's futures and tracebacks make."""

    def __init__(self) -> None:
        self.me = self


def test_garbage_cycles_made_during_a_list_load_are_not_frozen_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list update loads in a thread while the stream goes on; the stream's garbage cycles of
    that time must be collected, not made permanent by the `gc.freeze` that ends the load."""
    made: list[weakref.ref[Cycle]] = []
    real_build = holder_module.build_screener

    def build_while_the_stream_runs(settings: Settings, table: SanctionsTable) -> Screener:
        for _ in range(200):
            made.append(weakref.ref(Cycle()))
        screener = real_build(settings, table)
        _allocations = [[i] for i in range(20_000)]  # young collections come with allocations
        del _allocations
        return screener

    monkeypatch.setattr(holder_module, "build_screener", build_while_the_stream_runs)
    monkeypatch.setattr(holder_module, "load_configured", lambda specs: _table(specs[0], 300))
    frozen_before = gc.get_freeze_count()
    try:
        screener = holder_module.load_screener(Settings(), ["ofac-sdn-2024-12-16"])
        assert len(screener.table) == 300
        alive = sum(1 for r in made if r() is not None)
        assert alive == 0, f"{alive} of {len(made)} garbage cycles frozen with the table"
        assert gc.get_freeze_count() > frozen_before  # the table itself is frozen
    finally:
        gc.unfreeze()


def test_full_collections_pause_young_ones_go_on() -> None:
    normal = gc.get_threshold()
    with full_gc_paused():
        assert gc.isenabled() and gc.get_threshold()[:2] == normal[:2]
        assert gc.get_threshold()[2] > 10**6
        ref = weakref.ref(Cycle())
        _allocations = [[i] for i in range(20_000)]
        del _allocations
        assert ref() is None  # collected by a young collection, inside the pause
    assert gc.get_threshold() == normal


def test_overlapping_full_gc_pauses_restore_the_thresholds_once_all_end() -> None:
    """Two threads' pauses that end in the other order than they began: the collector's
    thresholds come back when the last one ends, not before and not as the pause's own."""
    normal = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with full_gc_paused():
            first_in.set()
            second_in.wait(WAIT_S)
        first_out.set()

    def second() -> None:
        first_in.wait(WAIT_S)
        with full_gc_paused():
            second_in.set()
            first_out.wait(WAIT_S)
            seen.append(gc.get_threshold()[2])  # the first has ended: still paused

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT_S)
    assert seen and seen[0] > 10**6
    assert gc.get_threshold() == normal


def test_a_retro_pass_releases_its_delta_screener(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screener over a list update's changed entries is released when the pass ends, even
    when there is nothing to re-screen (no partitions assigned yet)."""
    from monitor.stream import retro

    settings = Settings()
    old = build_screener(settings, _table("ofac-sdn-2024-05-03", 200))
    new = build_screener(settings, _table("ofac-sdn-2024-12-16", 300))
    made: list[weakref.ref[Screener]] = []
    real = retro.delta_screener

    def delta(o: Screener, n: Screener) -> Screener | None:
        sub = real(o, n)
        if sub is not None:
            made.append(weakref.ref(sub))
        return sub

    async def send(outs: object) -> None:
        return None

    monkeypatch.setattr(retro, "delta_screener", delta)
    gc.disable()
    try:
        report = asyncio.run(retro.retro_screen(settings, old, new, [], send))
        assert report.payments == 0 and len(made) == 1
        assert made[0]() is None  # freed by its last reference, no collection
    finally:
        gc.enable()
