"""The worker's current screener: one reference, swapped whole when a new list version is ready.

A batch reads `holder.current` once and screens all its payments against that screener, so no
payment ever sees a half-loaded table, and a swap costs one assignment on the event loop.

The screener a swap replaces is handed to `retire`: freeing its ~10^6 objects in one go takes
100-200 ms with the GIL held, so a background thread takes it apart a piece at a time instead.
"""

from __future__ import annotations

import ctypes
import gc
import queue
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, cast

import structlog

from monitor.lists.load import full_gc_paused, load_any, load_bundled
from monitor.lists.table import SanctionsTable
from monitor.matching.api import get_matcher
from monitor.screening.core import Screener
from monitor.screening.policy import JurisdictionPolicy
from monitor.settings import Settings

log = structlog.get_logger(__name__)


def load_configured(specs: list[str]) -> SanctionsTable:
    """The lists named in settings (paths or bundled names), or the bundled default set."""

    if not specs:
        return load_bundled()
    return SanctionsTable.merge([load_any(s) for s in specs])


def load_screener(settings: Settings, specs: list[str]) -> Screener:
    """Load and index a list version, then move it out of the GC's sight (`gc.freeze`).

    The table is long-lived and acyclic; left to the cyclic GC, every full collection would walk
    it and stall the stream. Frozen objects are never collected, so when a swap replaces this
    screener, `retire` must free it (it breaks the screener's own reference cycle first). Young
    collections run during the load (`full_gc_paused`), so the garbage cycles the stream makes
    meanwhile are collected while young instead of being frozen with the table.
    """
    with full_gc_paused():
        screener = build_screener(settings, load_configured(specs))
        gc.freeze()  # before full collections are back: the first must not walk the table
    return screener


def build_screener(settings: Settings, table: SanctionsTable) -> Screener:
    matcher = get_matcher(settings.matcher, **settings.matcher_params())
    policy = JurisdictionPolicy(countries=frozenset(c.upper() for c in settings.jurisdictions))
    return Screener(table, matcher, policy)


class ScreenerHolder:
    def __init__(self, screener: Screener) -> None:
        self.current = screener
        self._listeners: list[Callable[[Screener, Screener], None]] = []

    def on_swap(self, fn: Callable[[Screener, Screener], None]) -> None:
        self._listeners.append(fn)

    def swap(self, new: Screener) -> Screener:
        old, self.current = self.current, new
        log.info("list_swapped", old=old.list_version, new=new.list_version, entries=len(new.table))
        for fn in self._listeners:
            fn(old, new)
        return old


RETIRE_WAIT_S = 600.0
"""How long `retire` waits for the last user of a replaced screener (a retro-screening pass, a
batch in flight) to let go; after that it leaves the object to whoever still holds it."""

RETIRE_TELL_S = 10.0  # log who still holds a replaced screener after this long
_SLICE_S = 0.001  # aim for frees of about this long, each
_YIELD_S = 0.002  # hand the GIL to the event loop at least this often
_BIG = 64  # containers with more items than this are taken apart, not freed whole


def retire(old: object) -> threading.Event:
    """Free a replaced screener (or any large structure) off the event loop, a piece at a time.

    Call it after dropping every other reference you intend to drop; the retiring thread waits
    until it holds the last one. The event is set once the object is freed (or abandoned).
    """
    done = threading.Event()
    _retiring.put((old, done))
    del old
    _ensure_retirer()
    return done


_retiring: queue.SimpleQueue[tuple[object, threading.Event]] = queue.SimpleQueue()
_retirer: threading.Thread | None = None
_retirer_lock = threading.Lock()


def _ensure_retirer() -> None:
    global _retirer
    with _retirer_lock:
        if _retirer is None or not _retirer.is_alive():
            _retirer = threading.Thread(target=_retire_forever, name="retire", daemon=True)
            _retirer.start()


class _Retiring:
    """One object waiting to be freed: `stack` holds the retirer's only reference to it."""

    __slots__ = ("stack", "done", "since", "told")

    def __init__(self, obj: object, done: threading.Event) -> None:
        self.stack = [obj]
        self.done = done
        self.since = time.monotonic()
        self.told = False

    def sole_owner(self) -> bool:
        """Only `stack` and the object's own methods cached on itself (e.g. an `lru_cache` over
        a bound method) still refer to it."""
        obj = self.stack[0]
        return sys.getrefcount(obj) <= 3 + _self_references(obj)  # + `obj` and the argument

    def tell(self) -> None:
        """Log, once, that something still holds the object: a leak until it lets go."""
        if not self.told and time.monotonic() - self.since > RETIRE_TELL_S:
            obj = self.stack[0]
            kinds: set[str] = set()
            for r in gc.get_referrers(obj):  # a loop: a comprehension would add a closure cell
                if r is not self.stack and getattr(r, "__self__", None) is not obj:
                    kinds.add(type(r).__name__)
            log.warning("retire_waiting", kind=type(obj).__name__, held_by=sorted(kinds))
            self.told = True


def _retire_forever() -> None:
    """Free each retired object once the retirer holds the last reference to it. An object
    still held elsewhere waits without holding up the others (a swap every few minutes must not
    queue screeners behind one that a long retro-screening pass still uses)."""
    waiting: list[_Retiring] = []
    while True:
        try:
            obj, done = _retiring.get(timeout=0.01 if waiting else None)
            waiting.append(_Retiring(obj, done))
            del obj
        except queue.Empty:
            pass
        for item in list(waiting):
            try:
                if item.sole_owner():
                    waiting.remove(item)
                    _free(item)
                elif time.monotonic() - item.since > RETIRE_WAIT_S:
                    waiting.remove(item)
                    log.warning("retire_gave_up", kind=type(item.stack[0]).__name__)
                    item.stack.clear()
                    item.done.set()
                else:
                    item.tell()
            except Exception:  # never kill the thread: a retired object is only memory
                log.exception("retire_failed")
                if item in waiting:  # a failure inside `_free` comes after its removal
                    waiting.remove(item)
                item.stack.clear()
                item.done.set()


def _free(item: _Retiring) -> None:
    t0 = time.monotonic()
    kind = type(item.stack[0]).__name__
    try:
        _drop_self_references(item.stack[0])
        _release(item.stack)
        _trim_heap()
    finally:
        item.stack.clear()
        item.done.set()
    log.info(
        "retired",
        kind=kind,
        waited_s=round(t0 - item.since, 2),
        free_s=round(time.monotonic() - t0, 2),
    )


def _trim_heap() -> None:
    """Hand the pages a freed screener leaves in the C heap back to the system (glibc's
    `malloc_trim`; ctypes releases the GIL for the call, which takes a few ms). Without it a
    worker's RSS stays at two screeners' worth after its first list update."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _load_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return cast("Callable[[int], int]", ctypes.CDLL(None).malloc_trim)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim this way
        return None


_MALLOC_TRIM = _load_malloc_trim()


def _self_references(obj: object) -> int:
    return sum(1 for _ in _self_bound(obj))


def _self_bound(obj: object) -> list[str]:
    """Attributes holding a method bound to `obj` itself, maybe wrapped: a reference cycle."""
    names = []
    for name, value in getattr(obj, "__dict__", {}).items():
        inner = getattr(value, "__wrapped__", value)
        if getattr(inner, "__self__", None) is obj:
            names.append(name)
    return names


def _drop_self_references(obj: object) -> None:
    for name in _self_bound(obj):
        value = obj.__dict__.pop(name)
        clear = getattr(value, "cache_clear", None)
        if clear is not None:
            clear()
        del value


def _release(stack: list[Any]) -> None:
    """Empty `stack` (objects it alone holds) without freeing much at once.

    An object held nowhere else is taken apart: its big parts (large containers, objects with
    attributes) go on the stack, its small ones are freed in slices sized to take ~1 ms each,
    and then the emptied shell is freed. Objects still referenced elsewhere are only let go of.
    """
    pause = _Pause()
    while stack:
        obj = stack.pop()
        if sys.getrefcount(obj) != 2:  # `obj` and the argument: else held elsewhere too
            continue
        small = _split(_parts(obj), stack)
        del obj  # its parts are held by `stack` and `small`: nothing else is freed here
        _free_in_slices(small, pause)
        pause.maybe()


def _split(parts: list[Any], big: list[Any]) -> list[Any]:
    """Move the big parts onto `big`; the small ones are returned."""
    small: list[Any] = []
    for part in parts:
        (big if _big(part) else small).append(part)
    return small


def _free_in_slices(items: list[Any], pause: _Pause) -> None:
    n = 64
    while items:
        t0 = time.perf_counter()
        del items[-n:]
        took = time.perf_counter() - t0
        if took < _SLICE_S / 2:
            n *= 2
        elif took > _SLICE_S * 2:
            n = max(1, n // 2)
        pause.maybe()


class _Pause:
    def __init__(self) -> None:
        self.last = time.perf_counter()

    def maybe(self) -> None:
        now = time.perf_counter()
        if now - self.last >= _YIELD_S:
            time.sleep(0)  # let the event loop take the GIL
            self.last = time.perf_counter()


def _big(obj: object) -> bool:
    if isinstance(obj, dict | list | tuple | set | frozenset):
        return len(obj) > _BIG
    return hasattr(obj, "__dict__") and not isinstance(obj, type)


def _parts(obj: Any) -> list[Any]:
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, list | tuple | set | frozenset):
        return list(obj)
    parts = list(getattr(obj, "__dict__", {}).values())
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot not in ("__dict__", "__weakref__") and hasattr(obj, slot):
                parts.append(getattr(obj, slot))
    return parts
