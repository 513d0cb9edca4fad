"""Planting listed parties on otherwise clean payments, and recording where (the labels).

A seeded payment names one listed entry under one variant spelling as originator, beneficiary,
beneficiary bank or intermediary, or carries a listed BIC with a branch suffix. With `targets`
the seeder cycles through the given entries and through each entry's roles, so a small sample
(the bundled demo) is guaranteed to cover every entry in every role.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor.events import Bank, Party, PaymentEvent, Role
from monitor.lists.countries import country_code
from monitor.lists.entry import Entry, EntryType
from monitor.lists.table import SanctionsTable
from monitor.synth.parts import PartyType
from monitor.synth.variants import (
    ORG_VARIANTS,
    PERSON_VARIANTS,
    is_bank,
    listed_bic,
    seed_roles,
    variant,
)


@dataclass(frozen=True, slots=True)
class Seeded:
    """A listed party planted on a payment: where, which entry, and how it was spelled."""

    role: Role
    position: int | None  # 1-based for intermediary agents
    entry_key: str  # `source:entry_id`
    entry_id: str
    variant: (
        str  # as_listed | order_swap | case | hyphen_space | typo | drop_legal_form | bic_branch
    )
    value: str  # the text put on the payment: a name, or a BIC


@dataclass(frozen=True, slots=True)
class Labelled:
    """A generated payment and the listed parties seeded on it (empty for clean traffic)."""

    payment: PaymentEvent
    seeded: tuple[Seeded, ...] = ()


def seedable(table: SanctionsTable) -> list[Entry]:
    """Individuals and entities (banks included) with at least one name: what payments can name."""
    kinds = (EntryType.INDIVIDUAL, EntryType.ENTITY)
    return [e for e in table.entries if e.entry_type in kinds and e.names]


def entry_country(entry: Entry) -> str | None:
    for name in (*entry.countries, *(a.country for a in entry.addresses)):
        code = country_code(name)
        if code:
            return code
    return None


class Seeder:
    def __init__(
        self,
        rng: random.Random,
        candidates: Sequence[Entry],
        *,
        cycle: bool,
        listed_country_rate: float = 0.5,
    ) -> None:
        if not candidates:
            raise ValueError("nothing to seed: the table has no individuals or entities")
        self.rng = rng
        self.candidates = list(candidates)
        self.cycle = cycle
        self.listed_country_rate = listed_country_rate  # share carrying the entry's own country
        # drawn by kind first: banks are few on the lists but a payment names three or more
        groups: dict[str, list[Entry]] = {"person": [], "org": [], "bank": []}
        for e in self.candidates:
            kind = (
                "person"
                if e.entry_type == EntryType.INDIVIDUAL
                else "bank"
                if is_bank(e)
                else "org"
            )
            groups[kind].append(e)
        self._groups = [(g, w) for g, w in zip(groups.values(), (40, 35, 25), strict=True) if g]
        self._k = 0
        self._visits: dict[str, int] = {}

    def _next(self) -> tuple[Entry, str]:
        if not self.cycle:
            group = self.rng.choices([g for g, _ in self._groups], [w for _, w in self._groups])[0]
            entry = self.rng.choice(group)
            return entry, self.rng.choice(seed_roles(entry))
        entry = self.candidates[self._k % len(self.candidates)]
        self._k += 1
        n = self._visits.get(entry.key, 0)
        self._visits[entry.key] = n + 1
        roles = seed_roles(entry)
        return entry, roles[n % len(roles)]

    def _spell(self, entry: Entry, person: bool) -> tuple[str, str]:
        strong = [n.text for n in entry.names if n.strong] or [entry.primary_name]
        name = strong[0] if self.rng.random() < 0.6 else self.rng.choice(strong)
        kinds = list(PERSON_VARIANTS if person else ORG_VARIANTS)
        self.rng.shuffle(kinds)
        for kind in kinds:
            value = variant(name, kind, person, self.rng)
            if value:
                return value, kind
        return name, "as_listed"

    def _party(self, old: Party, entry: Entry, name: str, person: bool) -> Party:
        country, lines = old.country, old.address_lines
        listed = self._country(entry)
        if listed:
            country = listed
            addr = entry.addresses[0] if entry.addresses else None
            lines = [x for x in (addr.text, addr.city) if x][:2] if addr else []
        kind: PartyType = "person" if person else "organization"
        return Party(
            name=name, account=old.account, address_lines=lines, country=country, party_type=kind
        )

    def apply(self, fields: dict[str, Any]) -> Seeded:
        """Replace one party or bank in `fields` (a clean payment's fields) with a listed one."""
        entry, role = self._next()
        person = entry.entry_type == EntryType.INDIVIDUAL
        if role.endswith(":bic"):
            bic8 = listed_bic(entry) or ""
            branch = "XXX" if self.rng.random() < 0.5 else self._branch()
            value, kind = bic8 + branch, "bic_branch"
            bank = Bank(bic=value, country=bic8[4:6])
            role = role.removesuffix(":bic")
        else:
            value, kind = self._spell(entry, person)
            bank = Bank(name=value, country=self._country(entry))
        position = None
        if role in ("originator", "beneficiary"):
            fields[role] = self._party(fields[role], entry, value, person)
        elif role == "beneficiary_agent":
            fields[role] = bank
        else:
            chain = list(fields["intermediary_agents"])
            at = self.rng.randint(0, len(chain))
            chain.insert(at, bank)
            fields["intermediary_agents"], position = chain, at + 1
            if fields["message_type"] == "internal":
                fields["message_type"] = "pacs.008"
        return Seeded(Role(role), position, entry.key, entry.entry_id, kind, value)

    def _country(self, entry: Entry) -> str | None:
        return entry_country(entry) if self.rng.random() < self.listed_country_rate else None

    def _branch(self) -> str:
        first = self.rng.choice("ABCDEFGHJKLMNPRSTUVW0123456789")
        return first + "".join(self.rng.choices(string.ascii_uppercase + string.digits, k=2))
