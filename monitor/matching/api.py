"""The pluggable matcher interface shared by the stream, the CLI, replay, evaluation and benchmarks.

A `Matcher` is configuration (a name plus parameters); `Matcher.index(table)` builds a `NameIndex`
over one sanctions table. The index is immutable and swapped whole on a list change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol

from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable

# What the payment says the party is. Banks are organisations; "any" when unknown.
PartyKind = Literal["person", "organization", "bank", "vessel", "any"]


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One name hit on the hot path (a slotted record, not a pydantic model)."""

    entry: Entry
    matched_name: str  # the list name (alias) that matched, as published
    score: float  # 0..100
    explanation: str  # one human sentence
    token_pairs: tuple[tuple[str, str, float], ...] = ()  # (query token, list token, similarity)
    components: tuple[tuple[str, float], ...] = ()  # named score components


class NameIndex(Protocol):
    """Candidate generation + scoring over one table."""

    @property
    def table(self) -> SanctionsTable: ...

    def search(
        self, name: str, kind: PartyKind = "any", threshold: float | None = None
    ) -> list[NameMatch]:
        """Hits at or above `threshold` (the matcher's default when None), best first."""
        ...


class Matcher(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def threshold(self) -> float: ...

    def params(self) -> dict[str, Any]:
        """Everything that changes results; hashed into `config_id`."""
        ...

    def index(self, table: SanctionsTable) -> NameIndex: ...

    def compare(self, query: str, candidate: str, kind: PartyKind = "any") -> float:
        """Score two names in isolation (0..100): used by pair evaluation."""
        ...


def config_id(matcher: Matcher) -> str:
    """Short stable id of a matcher configuration, carried on every alert and decision.

    It hashes the parameters and the matching code itself, so a code change that changes
    results also changes the id: "same id, same results" holds across releases.
    """
    blob = json.dumps(
        {"name": matcher.name, "code": code_fingerprint(), **matcher.params()},
        sort_keys=True,
        default=str,
    )
    return f"{matcher.name}:{hashlib.sha256(blob.encode()).hexdigest()[:10]}"


@cache
def code_fingerprint() -> str:
    """sha256 of the matching package's Python sources (read once per process)."""
    h = hashlib.sha256()
    package = resources.files("monitor.matching")
    for item in sorted(package.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".py"):
            h.update(item.name.encode())
            h.update(item.read_bytes())
    return h.hexdigest()[:12]


_REGISTRY: dict[str, Callable[..., Matcher]] = {}


def register(name: str) -> Callable[[Callable[..., Matcher]], Callable[..., Matcher]]:
    def deco(factory: Callable[..., Matcher]) -> Callable[..., Matcher]:
        _REGISTRY[name] = factory
        return factory

    return deco


def get_matcher(name: str = "default", **params: Any) -> Matcher:
    """Build a matcher by registry name with parameter overrides (e.g. `threshold=85`)."""
    import monitor.matching.matchers  # noqa: F401  (registers the built-in matchers)

    if name == "default":
        name = DEFAULT_MATCHER
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ValueError(f"unknown matcher {name!r}; known: {known}") from None
    return factory(**params)


def available_matchers() -> list[str]:
    import monitor.matching.matchers  # noqa: F401

    return sorted(_REGISTRY)


DEFAULT_MATCHER = "token-align"
