"""Payment screening: every party and every bank on a payment, by name, identifier and jurisdiction.

Pure and synchronous: the stream agent, the CLI, replay and the benchmarks all call
`Screener.screen(payment)`. A `Screener` is built once per (table, matcher, policy) and never
mutated; a list update builds a new one and swaps the reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from monitor.events import Bank, MatchKind, Party, PaymentEvent, Role
from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable
from monitor.matching.api import Matcher, NameMatch, PartyKind, config_id
from monitor.screening.policy import JurisdictionPolicy

_IMO_IN_TEXT = re.compile(r"\bIMO[\s:#-]*(\d{7})\b", re.IGNORECASE)
NAME_CACHE_SIZE = 65_536


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


@dataclass(frozen=True, slots=True)
class Target:
    """One screenable field of a payment."""

    role: Role
    position: int | None
    prefix: str  # e.g. "beneficiary" or "intermediary_agents[2]"
    party: Party | None = None
    bank: Bank | None = None


def targets(p: PaymentEvent) -> Iterator[Target]:
    """Originator, beneficiary, both agents and every intermediary, in payment-chain order."""
    yield Target(Role.ORIGINATOR, None, "originator", party=p.originator)
    if p.originator_agent:
        yield Target(Role.ORIGINATOR_AGENT, None, "originator_agent", bank=p.originator_agent)
    for i, bank in enumerate(p.intermediary_agents, start=1):
        yield Target(Role.INTERMEDIARY_AGENT, i, f"intermediary_agents[{i}]", bank=bank)
    if p.beneficiary_agent:
        yield Target(Role.BENEFICIARY_AGENT, None, "beneficiary_agent", bank=p.beneficiary_agent)
    yield Target(Role.BENEFICIARY, None, "beneficiary", party=p.beneficiary)


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
    """Screens payments against one table with one matcher configuration and one policy."""

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
        # Counterparties repeat: cache name results per screener (a list change builds a new one).
        self.search_name = lru_cache(maxsize=cache_size)(self._search_name)

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
        hits: list[HitRecord] = []
        for t in targets(payment):
            if t.party is not None:
                hits.extend(self._screen_party(t, t.party))
            elif t.bank is not None:
                hits.extend(self._screen_bank(t, t.bank))
        if payment.remittance_information:
            hits.extend(self._screen_imo_text(payment.remittance_information))
        return hits

    def _names(self, t: Target, name: str, kind: PartyKind) -> Iterator[HitRecord]:
        for m in self.search_name(name, kind):
            yield HitRecord(
                t.role, t.position, f"{t.prefix}.name", name, MatchKind.NAME, m.score,
                m.matched_name, m.explanation, m.entry,
            )  # fmt: skip

    def _screen_party(self, t: Target, party: Party) -> Iterator[HitRecord]:
        yield from self._names(t, party.name, _PARTY_KIND.get(party.party_type, "any"))
        yield from self._jurisdiction(t, f"{t.prefix}.country", party.country)
        for i, line in enumerate(party.address_lines):
            region = self.policy.region_in(line)
            if region:
                yield self._policy_hit(t, f"{t.prefix}.address_lines[{i}]", line, *region)

    def _screen_bank(self, t: Target, bank: Bank) -> Iterator[HitRecord]:
        if bank.bic:
            for entry, listed, why in self.lookup_bic(bank.bic):
                yield HitRecord(
                    t.role, t.position, f"{t.prefix}.bic", bank.bic, MatchKind.BIC, 100.0,
                    listed, why, entry,
                )  # fmt: skip
            yield from self._jurisdiction(t, f"{t.prefix}.bic", bank.bic, country=bank.bic[4:6])
        if bank.name:
            yield from self._names(t, bank.name, "bank")
        yield from self._jurisdiction(t, f"{t.prefix}.country", bank.country)

    def _jurisdiction(
        self, t: Target, field: str, value: str | None, country: str | None = None
    ) -> Iterator[HitRecord]:
        code = (country or value or "").upper()
        if value and self.policy.country_hit(code):
            yield self._policy_hit(t, field, value, code, f"sanctioned jurisdiction {code}")

    def _policy_hit(self, t: Target, field: str, value: str, code: str, label: str) -> HitRecord:
        why = f"{field} {value!r} is in {label} (comprehensive sanctions policy)"
        return HitRecord(
            t.role, t.position, field, value, MatchKind.JURISDICTION, 100.0, label, why,
            policy_code=code,
        )  # fmt: skip

    def _screen_imo_text(self, text: str) -> Iterator[HitRecord]:
        for number in dict.fromkeys(_IMO_IN_TEXT.findall(text)):
            for entry in self._imo.get(number, ()):
                why = f"remittance information names IMO {number}, listed for {entry.primary_name}"
                yield HitRecord(
                    Role.REMITTANCE, None, "remittance_information", f"IMO {number}",
                    MatchKind.IMO, 100.0, f"IMO {number}", why, entry,
                )  # fmt: skip
