"""The screener's caches change speed, never results: cached, tiny and disabled caches agree.

Generated traffic with a small counterparty pool repeats parties and banks many times, seeded
listed names and BICs, plus payments given a sanctioned region, an IMO and a KP bank, so every
kind of hit goes through the caches (and comes back out of them on the repeats).
"""

from __future__ import annotations

import dataclasses

import pytest

from monitor.events import Bank, MatchKind, PaymentEvent
from monitor.lists.load import load_bundled
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion
from monitor.matching.api import get_matcher
from monitor.screening.core import HitRecord, Screener
from monitor.synth import generate_payments

SLICE = 600


@pytest.fixture(scope="module")
def table() -> SanctionsTable:
    """A slice of the 2024-12-16 SDN plus a few vessels (for IMO hits)."""
    full = load_bundled(["ofac-sdn-2024-12-16"])
    vessels = [e for e in full.entries[SLICE:] if any(i.kind == "imo" for i in e.identifiers)]
    entries = full.entries[:SLICE] + tuple(vessels[:5])
    version = ListVersion((SourceVersion("ofac-sdn", "ca" * 32, "2024-12-16", len(entries)),))
    return SanctionsTable(entries, version)


def _spiced(p: PaymentEvent, i: int, imo: str) -> PaymentEvent:
    """Every kind of non-name hit, on some payments only (the rest stay as generated)."""
    if i % 7 == 0:
        lines = [*p.beneficiary.address_lines, "ul. Kirova 3, Simferopol"]
        p = p.model_copy(
            update={"beneficiary": p.beneficiary.model_copy(update={"address_lines": lines})}
        )
    if i % 11 == 0:
        p = p.model_copy(update={"remittance_information": f"charter hire, vessel IMO {imo}"})
    if i % 13 == 0:
        kp = Bank(bic="FTBDKPPYXXX", name="Foreign Trade Bank", country="KP")
        p = p.model_copy(update={"intermediary_agents": [*p.intermediary_agents, kp]})
    return p


@pytest.fixture(scope="module")
def payments(table: SanctionsTable) -> list[PaymentEvent]:
    imo = next(i.value for e in table.entries for i in e.identifiers if i.kind == "imo")
    made = generate_payments(300, seed=5, table=table, hit_rate=0.15, pool_size=40)
    once = [_spiced(p, i, imo) for i, p in enumerate(made)]
    return once + once  # the second pass is served from the caches


def _screen_all(screener: Screener, payments: list[PaymentEvent]) -> list[list[HitRecord]]:
    return [screener.screen(p) for p in payments]


@pytest.mark.parametrize("cache_size", [8, 65_536])
def test_cached_results_equal_uncached(
    table: SanctionsTable, payments: list[PaymentEvent], cache_size: int
) -> None:
    matcher = get_matcher()
    uncached = Screener(table, matcher, cache_size=0)
    cached = Screener(table, matcher, cache_size=cache_size)
    expected = _screen_all(uncached, payments)
    assert _screen_all(cached, payments) == expected  # same hits, same order, every payment
    kinds = {h.kind for hits in expected for h in hits}
    assert kinds == set(MatchKind)  # names, BICs, IMOs and jurisdictions all went through
    assert sum(map(len, expected)) > len(payments) // 10
    for cache in (cached.party_hits, cached.bank_hits, cached.search_name):
        info = cache.cache_info()
        assert info.hits > 0 and info.currsize <= cache_size
    assert uncached.party_hits.cache_info().currsize == 0
    assert uncached.search_name.cache_info().currsize == 0


def test_cached_hits_carry_the_slot_they_were_found_in(table: SanctionsTable) -> None:
    """One listed bank in two positions: each payment reports its own role and position."""
    screener = Screener(table, get_matcher())
    bic = next(i.value for e in table.entries for i in e.identifiers if i.kind == "bic")
    bank = Bank(bic=bic)
    base = next(iter(generate_payments(1, seed=1)))
    for n in (1, 3, 2):  # the bank last of n intermediaries, then first as beneficiary agent
        others = [Bank(bic=f"ABCDUS3{k}") for k in range(n - 1)]
        p = base.model_copy(update={"intermediary_agents": [*others, bank]})
        bic_hits = [h for h in screener.screen(p) if h.kind is MatchKind.BIC]
        assert [(h.position, h.field) for h in bic_hits] == [(n, f"intermediary_agents[{n}].bic")]
    p = base.model_copy(update={"beneficiary_agent": bank, "intermediary_agents": []})
    bic_hits = [h for h in screener.screen(p) if h.kind is MatchKind.BIC]
    assert [(h.role.value, h.position) for h in bic_hits] == [("beneficiary_agent", None)]


def test_a_list_change_is_not_answered_from_the_old_cache(
    table: SanctionsTable, payments: list[PaymentEvent]
) -> None:
    """A new list builds a new screener; what the old one cached does not leak into it."""
    matcher = get_matcher()
    old = Screener(table, matcher)
    hit_payment, hit = next(
        (p, h) for p in payments for h in old.screen(p) if h.kind is MatchKind.NAME and h.entry
    )
    assert hit.entry is not None
    delisted = tuple(e for e in table.entries if e.key != hit.entry.key)
    new_table = dataclasses.replace(table, entries=delisted, _by_key={})
    new = Screener(new_table, matcher)
    assert hit.entry.key not in {h.entry_key for h in new.screen(hit_payment)}
    assert hit.entry.key in {h.entry_key for h in old.screen(hit_payment)}  # old still cached


def test_a_party_with_long_addresses_is_screened_but_not_cached(
    table: SanctionsTable, payments: list[PaymentEvent]
) -> None:
    """The cache holds no more text per party than per name; longer parties skip it."""
    lines = [f"building {i} " + "x" * 80 for i in range(7)] + ["Sevastopol"]
    base = payments[0]
    long = base.beneficiary.model_copy(update={"address_lines": lines})
    p = base.model_copy(update={"beneficiary": long})
    screener = Screener(table, get_matcher())
    screener.screen(base)
    cached = screener.party_hits.cache_info().currsize
    hits = screener.screen(p)
    assert hits == Screener(table, get_matcher(), cache_size=0).screen(p)
    assert "beneficiary.address_lines[7]" in {h.field for h in hits}
    assert screener.party_hits.cache_info().currsize == cached


def test_a_released_screener_is_freed_by_its_last_reference(table: SanctionsTable) -> None:
    """`release` empties the caches and undoes their cycle: no collector needed (one made and
    dropped during a list update would otherwise be frozen with the new table)."""
    import gc
    import weakref

    screener = Screener(table, get_matcher())
    for p in generate_payments(50, seed=3, table=table, hit_rate=0.2):
        screener.screen(p)
    assert screener.party_hits.cache_info().currsize > 0
    kept, dropped = weakref.ref(screener), Screener(table, get_matcher())
    gone = weakref.ref(dropped)
    gc.disable()
    try:
        screener.release()
        del screener, dropped
        assert kept() is None  # released: freed at once
        assert gone() is not None  # not released: a cycle, left to the collector
    finally:
        gc.enable()
        gc.collect()
