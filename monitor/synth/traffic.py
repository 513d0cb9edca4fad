"""Clean traffic: counterparty and bank pools drawn with Zipf-like repetition.

Counterparties repeat the way a bank's real flow does (a few payees take most payments), so the
screener's name cache sees realistic hit rates. Clean traffic never uses a comprehensively
sanctioned country (KP, IR, CU, SY), a listed BIC, or a name that folds to a listed one.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import accumulate
from typing import Any

from anyascii import anyascii

from monitor.events import Bank, Party
from monitor.lists.table import SanctionsTable
from monitor.synth.parts import CORRESPONDENT_COUNTRIES, COUNTRIES, Country, Names, PartyType

EXCLUDED_CLEAN = frozenset({"KP", "IR", "CU", "SY"})
# rough units per USD, so amounts look right in each currency
_PER_USD = {"JPY": 150, "KRW": 1400, "INR": 83, "RUB": 95, "MXN": 17, "BRL": 5, "TRY": 32,
            "EGP": 48, "KZT": 480, "TWD": 32, "CNY": 7.2, "HKD": 7.8, "PLN": 4, "AED": 3.7,
            "SAR": 3.75, "QAR": 3.64, "SGD": 1.35, "CAD": 1.36, "AUD": 1.5}  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Counterparty:
    party: Party
    bank: Bank  # its account-holding bank (BIC only, as in MT103 option A)
    bank_named: Bank  # the same bank with its name (option D / pacs.008 with name)


def _zipf_cum(n: int, s: float) -> list[float]:
    return list(accumulate(1.0 / (k**s) for k in range(1, n + 1)))


def _listed_bics(table: SanctionsTable | None) -> frozenset[str]:
    if table is None:
        return frozenset()
    return frozenset(
        i.value.replace(" ", "").upper()[:8]
        for e in table.entries
        for i in e.identifiers
        if i.kind == "bic"
    )


def _listed_folded(table: SanctionsTable | None) -> frozenset[str]:
    if table is None:
        return frozenset()
    return frozenset(_fold(n.text) for e in table.entries for n in e.names)


def _fold(text: str) -> str:
    return " ".join(sorted(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split()))


class TrafficGenerator:
    """Builds the counterparty and bank pools once, then draws payments from them."""

    def __init__(
        self, seed: int, table: SanctionsTable | None = None, *, pool_size: int = 3000
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
        self.seed = seed
        self._listed_bics = _listed_bics(table)
        self._listed_names = _listed_folded(table)
        self.names = Names(self.rng)
        countries = [c for c in COUNTRIES if c.code not in EXCLUDED_CLEAN]
        self._countries = countries
        self._country_cum = list(accumulate(c.weight for c in countries))
        self.banks = self._build_banks(countries)
        self.correspondents = [b for b in self.banks if b.country in CORRESPONDENT_COUNTRIES][
            : 3 * len(CORRESPONDENT_COUNTRIES)
        ]
        self.pool = self._build_pool(pool_size)
        self._orig_cum = _zipf_cum(len(self.pool), 0.85)
        self._ben_order = list(range(len(self.pool)))
        self.rng.shuffle(self._ben_order)
        self._corr_cum = _zipf_cum(len(self.correspondents), 1.0)

    # ---- pools
    def _bic(self, name: str, country: str) -> str:
        letters = re.sub(r"[^A-Z]", "", anyascii(name).upper())
        for attempt in range(100):
            head = (letters + "XXXX")[:4] if attempt == 0 else letters[:2] + self.names.letters(2)
            loc = self.names.location_code()
            bic8 = f"{head}{country}{loc}"
            if bic8 not in self._listed_bics and bic8 not in self._used_bics:
                self._used_bics.add(bic8)
                return bic8 + self.rng.choice(("", "", "XXX", "XXX", self.names.branch()))
        raise RuntimeError("could not find a free BIC")  # pragma: no cover

    def _build_banks(self, countries: Sequence[Country]) -> list[Bank]:
        self._used_bics: set[str] = set()
        banks: list[Bank] = []
        for c in countries:
            for _ in range(2 + int(c.weight)):
                name = self.names.bank(c)
                banks.append(Bank(bic=self._bic(name, c.code), name=name, country=c.code))
        return banks

    def _draw_country(self) -> Country:
        return self._countries[bisect(self._country_cum, self.rng.random() * self._country_cum[-1])]

    def _build_pool(self, size: int) -> list[_Counterparty]:
        pool: list[_Counterparty] = []
        seen: set[str] = set()
        by_country: dict[str, list[Bank]] = {}
        for b in self.banks:
            by_country.setdefault(b.country or "", []).append(b)
        while len(pool) < size:
            c = self._draw_country()
            person = self.rng.random() < 0.55
            name = self.names.person(c) if person else self.names.company(c)
            key = _fold(name)
            if name in seen or key in self._listed_names:
                continue
            seen.add(name)
            bank = self.rng.choice(by_country[c.code])
            kind: PartyType = (
                "unknown" if self.rng.random() < 0.15 else ("person" if person else "organization")
            )
            party = Party(
                name=name,
                account=self.names.account(c, bank.bic or ""),
                address_lines=self.names.address(c) if self.rng.random() < 0.9 else [],
                country=c.code,
                party_type=kind,
            )
            pool.append(_Counterparty(party, bank.model_copy(update={"name": None}), bank))
        return pool

    # ---- payments
    def _counterparties(self) -> tuple[_Counterparty, _Counterparty]:
        rng, cum = self.rng, self._orig_cum
        o = self.pool[bisect(cum, rng.random() * cum[-1])]
        while True:
            b = self.pool[self._ben_order[bisect(cum, rng.random() * cum[-1])]]
            if b is not o:
                return o, b

    def _amount(self, currency: str, orgs: bool) -> Decimal:
        usd = min(max(self.rng.lognormvariate(8.0 if orgs else 5.8, 1.5), 1.0), 4e7)
        x = usd * _PER_USD.get(currency, 1.0)
        return Decimal(f"{x:.0f}" if currency in ("JPY", "KRW") else f"{x:.2f}")

    def _currency(self, o: Party, b: Party) -> str:
        local = {c.code: c.currency for c in self._countries}
        if o.country == b.country:
            return local[o.country or "US"]
        return self.rng.choices(("USD", "EUR", local[b.country or "US"]), (55, 30, 15))[0]

    def _intermediaries(self, currency: str, cross: bool) -> list[Bank]:
        if not cross:
            return []
        k = self.rng.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
        cum, out = self._corr_cum, []
        for _ in range(k):
            bank = self.correspondents[bisect(cum, self.rng.random() * cum[-1])]
            if bank not in out:
                out.append(
                    bank if self.rng.random() < 0.5 else bank.model_copy(update={"name": None})
                )
        return out

    def clean_fields(self, created_at: datetime) -> dict[str, Any]:
        """One clean payment's fields: a dict, so seeding can replace a party before validation."""
        rng = self.rng
        o, b = self._counterparties()
        cross = o.party.country != b.party.country
        currency = self._currency(o.party, b.party)
        same_bank = not cross and rng.random() < 0.3
        mtype = "internal" if same_bank else rng.choices(("pacs.008", "MT103"), (6, 4))[0]
        named = rng.random() < 0.5
        return {
            "created_at": created_at,
            "amount": self._amount(currency, o.party.party_type == "organization"),
            "currency": currency,
            "message_type": mtype,
            "originator": o.party,
            "beneficiary": b.party,
            "originator_agent": o.bank_named if named else o.bank,
            "beneficiary_agent": (o if same_bank else b).bank_named if named else b.bank,
            "intermediary_agents": self._intermediaries(currency, cross),
            "remittance_information": self.names.remittance(
                b.party.party_type == "person", created_at.year
            )
            if rng.random() < 0.85
            else None,
        }
