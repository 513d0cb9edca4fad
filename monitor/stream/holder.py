"""The worker's current screener: one reference, swapped whole when a new list version is ready.

A batch reads `holder.current` once and screens all its payments against that screener, so no
payment ever sees a half-loaded table, and a swap costs one assignment on the event loop.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import structlog

from monitor.lists.load import gc_paused, load_any, load_bundled
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
    it and stall the stream. Refcounting still frees it when a swap drops the last reference.
    """
    with gc_paused():
        screener = build_screener(settings, load_configured(specs))
        gc.freeze()  # before the GC is back on: its first collection must not walk the table
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
