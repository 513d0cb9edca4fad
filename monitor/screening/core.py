"""Payment screening: every party and every bank on a payment, by name, identifier and jurisdiction.

Pure and synchronous: the stream agent, the CLI, replay and the benchmarks all call
`Screener.screen(payment)`. A `Screener` is built once per (table, matcher, policy) and never
mutated (beyond its result caches); a list update builds a new one and swaps the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from monitor.events import MAX_INTERMEDIARIES, MAX_NAME, Bank, MatchKind, Party, PaymentEvent, Role
from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable
from monitor.matching.api import Matcher, NameMatch, PartyKind, config_id
from monitor.screening.policy import JurisdictionPolicy

_IMO_IN_TEXT = re.compile(r"\bIMO[\s:#-]*(\d{7})\b", re.IGNORECASE)
NAME_CACHE_SIZE = 65_536  # entries per cache (names, parties, banks)
# A party is cached only if its name and address lines hold at most this many characters, so a
# cached party holds no more text than a cached name (<= MAX_NAME): hostile traffic with long
# addresses cannot make the cache hold 8 x 512 characters per entry. Real parties are far shorter.
MAX_CACHED_CHARS = MAX_NAME


@dataclass(frozen=True, slots=True)
class HitRecord:
    """One finding on one payment field (hot-path record; `emit` makes the wire model of it)."""

    role: Role
    position: int | None
    field: str
    value: str
    kind: MatchKind
    score: float
    matched: str
    explanation: str
    entry: Entry | None = None  # None for policy (jurisdiction) hits
    policy_code: str = ""  # ISO country or region code of a jurisdiction hit

    @property
    def entry_key(self) -> str:
        return self.entry.key if self.entry else f"policy:{self.policy_code}"


@dataclass(frozen=True, slots=True, eq=False)
class Slot:
    """Where a party or bank sits on a payment: its role, 1-based position and field prefix.

    Compared and hashed by identity (the fixed slots are module constants), so a slot is a cheap
    part of a screener cache key.
    """

    role: Role
    position: int | None
    prefix: str  # e.g. "beneficiary" or "intermediary_agents[2]"


ORIGINATOR = Slot(Role.ORIGINATOR, None, "originator")
ORIGINATOR_AGENT = Slot(Role.ORIGINATOR_AGENT, None, "originator_agent")
BENEFICIARY_AGENT = Slot(Role.BENEFICIARY_AGENT, None, "beneficiary_agent")
BENEFICIARY = Slot(Role.BENEFICIARY, None, "beneficiary")
_INTERMEDIARIES = tuple(
    Slot(Role.INTERMEDIARY_AGENT, i, f"intermediary_agents[{i}]")
    for i in range(1, MAX_INTERMEDIARIES + 1)
)


def intermediary_slot(i: int) -> Slot:
    """The slot of the i-th (1-based) intermediary agent."""
    if 0 < i <= len(_INTERMEDIARIES):
        return _INTERMEDIARIES[i - 1]
    return Slot(Role.INTERMEDIARY_AGENT, i, f"intermediary_agents[{i}]")  # past the schema bound


@dataclass(frozen=True, slots=True)
class Target:
    """One screenable field of a payment."""

    slot: Slot
    party: Party | None = None
    bank: Bank | None = None


def targets(p: PaymentEvent) -> Iterator[Target]:
    """Originator, beneficiary, both agents and every intermediary, in payment-chain order.

    The order hits are reported in; `Screener.screen` walks the same order without the objects.
    """
    yield Target(ORIGINATOR, party=p.originator)
    if p.originator_agent:
        yield Target(ORIGINATOR_AGENT, bank=p.originator_agent)
    for i, bank in enumerate(p.intermediary_agents, start=1):
        yield Target(intermediary_slot(i), bank=bank)
    if p.beneficiary_agent:
        yield Target(BENEFICIARY_AGENT, bank=p.beneficiary_agent)
    yield Target(BENEFICIARY, party=p.beneficiary)


def _identifier_index(
    table: SanctionsTable, kind: str, width: int | None
) -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = {}
    for entry in table.entries:
        for ident in entry.identifiers:
            if ident.kind == kind:
                key = ident.value.replace(" ", "").upper()[:width]
                index.setdefault(key, []).append(entry)
    return index


_PARTY_KIND: dict[str, PartyKind] = {"person": "person", "organization": "organization"}


class Screener:
    """Screens payments against one table with one matcher configuration and one policy.

    Counterparties repeat (a few payees take most payments), so results are cached per screener,
    bounded to `cache_size` entries each (LRU): whole parties and banks by their raw fields and
    slot, and names by (raw name, kind) for the misses. A list change builds a new screener, so
    nothing cached outlives the table it came from; `cache_size=0` turns caching off.
    """

    def __init__(
        self,
        table: SanctionsTable,
        matcher: Matcher,
        policy: JurisdictionPolicy | None = None,
        *,
        cache_size: int = NAME_CACHE_SIZE,
    ) -> None:
        self.table = table
        self.matcher = matcher
        self.policy = policy or JurisdictionPolicy()
        self.index = matcher.index(table)
        self.list_version = table.version_id
        self.config_id = config_id(matcher)
        self._bic = _identifier_index(table, "bic", 8)
        self._imo = _identifier_index(table, "imo", None)
        self.search_name = lru_cache(maxsize=cache_size)(self._search_name)
        self.party_hits = lru_cache(maxsize=cache_size)(self._party_hits)
        self.bank_hits = lru_cache(maxsize=cache_size)(self._bank_hits)

    def release(self) -> None:
        """Empty the caches and undo their reference cycle (each is an `lru_cache` over a bound
        method of this screener), so that dropping the last reference frees the screener at once;
        it cannot screen afterwards. A dropped screener is otherwise cyclic garbage until a full
        collection, and one still waiting when a list update ends is frozen with the new table
        (`stream.holder.load_screener`): never freed."""
        for name in ("search_name", "party_hits", "bank_hits"):
            cache = self.__dict__.pop(name, None)
            if cache is not None:
                cache.cache_clear()

    def lookup_bic(self, bic: str) -> list[tuple[Entry, str, str]]:
        """(entry, listed BIC, explanation) for entries listing this BIC's institution code.

        Compares the 8-character institution code, so BIC11 branch codes hit the listed BIC8.
        """
        code = bic.replace(" ", "").upper()[:8]
        out = []
        for entry in self._bic.get(code, ()):
            listed = next(i.value for i in entry.identifiers if i.kind == "bic")
            why = f"BIC {bic} has institution code {code}, listed SWIFT/BIC {listed}"
            out.append((entry, listed, why))
        return out

    def _search_name(self, name: str, kind: PartyKind) -> tuple[NameMatch, ...]:
        return tuple(self.index.search(name, kind))

    def screen(self, payment: PaymentEvent) -> list[HitRecord]:
        """Every hit on the payment, field by field in payment-chain order (see `targets`)."""
        bank_hits = self.bank_hits
        hits = list(self._party(ORIGINATOR, payment.originator))
        b = payment.originator_agent
        if b:
            hits += bank_hits(ORIGINATOR_AGENT, b.bic, b.name, b.country)
        if payment.intermediary_agents:
            for i, b in enumerate(payment.intermediary_agents):
                t = _INTERMEDIARIES[i] if i < MAX_INTERMEDIARIES else intermediary_slot(i + 1)
                hits += bank_hits(t, b.bic, b.name, b.country)
        b = payment.beneficiary_agent
        if b:
            hits += bank_hits(BENEFICIARY_AGENT, b.bic, b.name, b.country)
        hits += self._party(BENEFICIARY, payment.beneficiary)
        if payment.remittance_information:
            hits += self._screen_imo_text(payment.remittance_information)
        return hits

    def _party(self, t: Slot, p: Party) -> tuple[HitRecord, ...]:
        """The party's hits, from the cache unless it holds more text than a name may."""
        lines = p.address_lines
        if len(p.name) + sum(map(len, lines)) <= MAX_CACHED_CHARS:
            return self.party_hits(t, p.name, p.party_type, p.country, *lines)
        return self._party_hits(t, p.name, p.party_type, p.country, *lines)  # see MAX_CACHED_CHARS

    def _party_hits(
        self, t: Slot, name: str, party_type: str, country: str | None, *address_lines: str
    ) -> tuple[HitRecord, ...]:
        """A party's hits: name, country, then each address line naming a sanctioned region."""
        hits = self._names(t, name, _PARTY_KIND.get(party_type, "any"))
        hits += self._jurisdiction(t, f"{t.prefix}.country", country)
        for i, line in enumerate(address_lines):
            region = self.policy.region_in(line)
            if region:
                hits.append(self._policy_hit(t, f"{t.prefix}.address_lines[{i}]", line, *region))
        return tuple(hits)

    def _bank_hits(
        self, t: Slot, bic: str | None, name: str | None, country: str | None
    ) -> tuple[HitRecord, ...]:
        """A bank's hits: listed BIC, BIC country, name, then country."""
        hits: list[HitRecord] = []
        if bic:
            for entry, listed, why in self.lookup_bic(bic):
                hits.append(HitRecord(
                    t.role, t.position, f"{t.prefix}.bic", bic, MatchKind.BIC, 100.0,
                    listed, why, entry,
                ))  # fmt: skip
            hits += self._jurisdiction(t, f"{t.prefix}.bic", bic, country=bic[4:6])
        if name:
            hits += self._names(t, name, "bank")
        hits += self._jurisdiction(t, f"{t.prefix}.country", country)
        return tuple(hits)

    def _names(self, t: Slot, name: str, kind: PartyKind) -> list[HitRecord]:
        hits = []
        for m in self.search_name(name, kind):
            hits.append(HitRecord(
                t.role, t.position, f"{t.prefix}.name", name, MatchKind.NAME, m.score,
                m.matched_name, m.explanation, m.entry,
            ))  # fmt: skip
        return hits

    def _jurisdiction(
        self, t: Slot, field: str, value: str | None, country: str | None = None
    ) -> list[HitRecord]:
        code = (country or value or "").upper()
        if value and self.policy.country_hit(code):
            return [self._policy_hit(t, field, value, code, f"sanctioned jurisdiction {code}")]
        return []

    def _policy_hit(self, t: Slot, field: str, value: str, code: str, label: str) -> HitRecord:
        why = f"{field} {value!r} is in {label} (comprehensive sanctions policy)"
        return HitRecord(
            t.role, t.position, field, value, MatchKind.JURISDICTION, 100.0, label, why,
            policy_code=code,
        )  # fmt: skip

    def _screen_imo_text(self, text: str) -> list[HitRecord]:
        hits = []
        for number in dict.fromkeys(_IMO_IN_TEXT.findall(text)):
            for entry in self._imo.get(number, ()):
                why = f"remittance information names IMO {number}, listed for {entry.primary_name}"
                hits.append(HitRecord(
                    Role.REMITTANCE, None, "remittance_information", f"IMO {number}",
                    MatchKind.IMO, 100.0, f"IMO {number}", why, entry,
                ))  # fmt: skip
        return hits
