"""Jurisdiction policy: comprehensively sanctioned countries and regions.

A jurisdiction hit is a policy finding, not a list hit: it says the payment touches a place the bank
does not do business with, whatever the names on it. Kept separate so compliance can tune it
without touching the lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_JURISDICTIONS = frozenset({"KP", "IR", "CU", "SY"})

# Regions as they appear in address lines, with common spellings and romanisations; keyed by
# their ISO 3166-2 code (reported as the hit's entry_id).
DEFAULT_REGIONS: tuple[tuple[str, str, str], ...] = (
    ("UA-43", "Crimea", r"\bcrimea\b|\bkrym\b|\bkrim\b|\bsevastopol\b|\bsimferopol\b|\bкрым\b"),
    (
        "UA-14",
        "so-called Donetsk People's Republic (DNR)",
        r"\bdnr\b|\bdpr\b|donetsk people'?s republic|донецкая народная",
    ),
    (
        "UA-09",
        "so-called Luhansk People's Republic (LNR)",
        r"\blnr\b|\blpr\b|lu[h]?ansk people'?s republic|луганская народная",
    ),
)


@dataclass(frozen=True)
class JurisdictionPolicy:
    countries: frozenset[str] = DEFAULT_JURISDICTIONS
    regions: tuple[tuple[str, str, str], ...] = DEFAULT_REGIONS
    _compiled: tuple[tuple[str, str, re.Pattern[str]], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        compiled = tuple(
            (code, label, re.compile(rx, re.IGNORECASE)) for code, label, rx in self.regions
        )
        object.__setattr__(self, "_compiled", compiled)

    def country_hit(self, country: str | None) -> bool:
        return country is not None and country.upper() in self.countries

    def region_in(self, text: str) -> tuple[str, str] | None:
        """(code, label) of the sanctioned region an address line names, if any."""
        for code, label, rx in self._compiled:
            if rx.search(text):
                return code, label
        return None

    def params(self) -> dict[str, object]:
        return {"countries": sorted(self.countries), "regions": [c for c, _, _ in self.regions]}
