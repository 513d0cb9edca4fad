"""Events on the topics: payments in; alerts, decisions and dead letters out.

These pydantic models are the wire contract (JSON Schemas in `schemas/` are generated from them).
The hot path works on slotted records (`monitor.screening.core`) and converts at the boundary.
Every model carries `schema_version` so consumers can evolve with producers.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

SCHEMA_VERSION = 1

# Bounds keep one hostile event from costing the worker seconds or megabytes of work;
# anything beyond them is a schema violation and goes to the dead-letter topic.
MAX_NAME = 512
MAX_TEXT = 4096
MAX_INTERMEDIARIES = 32

_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_AMOUNT_SCHEMA = {
    "title": "Amount",
    "type": "string",
    "description": (
        "Decimal amount, > 0, at most 20 digits with at most 4 after the point; "
        'written as a string ("1250.00"), a JSON number is accepted on input'
    ),
}

Name = Annotated[str, Field(max_length=MAX_NAME)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Party(_Model):
    """An originator or beneficiary (debtor / creditor)."""

    name: Name
    account: Annotated[str, Field(max_length=64)] | None = Field(
        None, description="account or IBAN"
    )
    address_lines: Annotated[
        list[Annotated[str, Field(max_length=MAX_NAME)]], Field(max_length=8)
    ] = []
    country: Country | None = None
    party_type: Literal["person", "organization", "unknown"] = "unknown"


class Bank(_Model):
    """A financial institution on the payment chain (agent)."""

    bic: Annotated[str, Field(description="BIC8 or BIC11")] | None = None
    name: Name | None = None
    country: Country | None = None

    @field_validator("bic")
    @classmethod
    def _bic_shape(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.replace(" ", "").upper()
        if not _BIC.match(v):
            raise ValueError(
                "BIC must be 8 or 11 characters: 4 letters bank, 2 country, 2 location"
            )
        return v


class PaymentEvent(_Model):
    schema_version: Literal[1] = 1
    payment_id: Annotated[str, Field(min_length=1, max_length=128)]
    created_at: datetime
    # The published schema states the amount's form itself: pydantic's own rendering of a
    # constrained Decimal changed between releases (2.12-2.13 add a regex, 2.11 and 2.14 do not),
    # and a contract must not change with the library version a machine happens to have.
    amount: Annotated[
        Decimal,
        Field(gt=0, max_digits=20, decimal_places=4),
        WithJsonSchema(_AMOUNT_SCHEMA, mode="serialization"),
    ]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")]
    message_type: Annotated[str, Field(max_length=32, description="pacs.008, MT103, internal, ...")]
    originator: Party
    beneficiary: Party
    originator_agent: Bank | None = None
    beneficiary_agent: Bank | None = None
    intermediary_agents: Annotated[list[Bank], Field(max_length=MAX_INTERMEDIARIES)] = []
    remittance_information: Annotated[str, Field(max_length=MAX_TEXT)] | None = None


class Role(StrEnum):
    ORIGINATOR = "originator"
    ORIGINATOR_AGENT = "originator_agent"
    BENEFICIARY = "beneficiary"
    BENEFICIARY_AGENT = "beneficiary_agent"
    INTERMEDIARY_AGENT = "intermediary_agent"
    REMITTANCE = "remittance_information"  # identifiers (IMO) named in the free text


class MatchKind(StrEnum):
    NAME = "name"
    BIC = "bic"
    IMO = "imo"
    JURISDICTION = "jurisdiction"


class Hit(_Model):
    role: Role
    position: int | None = Field(None, description="1-based position for intermediary agents")
    field: str = Field(
        description="input field, e.g. beneficiary.name or intermediary_agents[1].bic"
    )
    value: str = Field(description="the input value screened")
    source: str = Field(description="list source, e.g. ofac-sdn; 'policy' for jurisdictions")
    entry_id: str
    entry_type: str
    matched: str = Field(description="list name, alias or identifier that matched")
    programs: list[str] = []
    score: float = Field(ge=0, le=100)
    kind: MatchKind
    explanation: str
    retro: bool = False


class Alert(_Model):
    schema_version: Literal[1] = 1
    alert_id: str = Field(
        description="deterministic: same payment, list version and config -> same id"
    )
    payment_id: str
    list_version: str
    matcher_config: str
    screened_at: datetime
    payment_created_at: datetime
    retro: bool = Field(False, description="raised by retro-screening after a list update")
    hits: list[Hit]


class Outcome(StrEnum):
    CLEAR = "CLEAR"
    HOLD = "HOLD"


class Decision(_Model):
    schema_version: Literal[1] = 1
    decision_id: str
    payment_id: str
    outcome: Outcome
    alert_id: str | None = None
    list_version: str
    matcher_config: str
    screened_at: datetime


class DeadLetter(_Model):
    schema_version: Literal[1] = 1
    reason: str
    error: str
    original_base64: str
    topic: str
    partition: int
    offset: int
    received_at: datetime
