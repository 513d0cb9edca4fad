"""The one entry model every list source parses into.

Slotted, frozen dataclasses: the table holds tens of thousands of these and the matcher reads them
on the hot path, so they stay plain records; pydantic is kept for the topic/file boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntryType(StrEnum):
    INDIVIDUAL = "individual"
    ENTITY = "entity"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of an entry. `strong=False` marks OFAC's weak a.k.a.s (low-quality aliases)."""

    text: str
    strong: bool = True
    kind: str = "primary"  # primary | aka | fka | nka | weak


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier such as a SWIFT/BIC, IMO number, passport or tax id, as published."""

    kind: str  # bic | imo | passport | national_id | tax_id | ...
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    text: str
    city: str | None = None
    country: str | None = None  # country as published (e.g. "Korea, North")


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed party. `entry_id` is the publisher's id (OFAC ent_num, UN DATAID/reference)."""

    source: str  # e.g. "ofac-sdn", "ofac-cons", "un"
    entry_id: str
    entry_type: EntryType
    names: tuple[ListName, ...]
    programs: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()  # nationality / citizenship / registration, as published
    dates_of_birth: tuple[str, ...] = ()
    remarks: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def primary_name(self) -> str:
        return self.names[0].text if self.names else ""

    @property
    def key(self) -> str:
        """Unique across sources: an OFAC and a UN entry may share a number."""
        return f"{self.source}:{self.entry_id}"
