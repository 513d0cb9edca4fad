"""Shared fixtures: the shared data folder and one index over the real SDN list per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.lists.table import SanctionsTable
from monitor.matching.api import NameIndex, get_matcher
from monitor.matching.engine import AlignMatcher

SHARED = Path(__file__).parents[3].parent / "shared"
SDN = SHARED / "data" / "sanctions" / "ofac-sdn-2024-12-16"
MATCHING = SHARED / "data" / "matching"

DEC_2024 = (
    "47148", "48219", "48220", "51328", "51330", "51331", "52113", "52114", "52115", "52116",
    "52117", "52118", "52119", "52120", "52121", "52131",
)  # fmt: skip
"""The 16 entries OFAC designated on 16 Dec 2024 (ent_nums)."""


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def matcher() -> AlignMatcher:
    m = get_matcher()
    assert isinstance(m, AlignMatcher)
    return m


@pytest.fixture(scope="session")
def sdn() -> SanctionsTable:
    from monitor.lists.load import load_list

    return load_list(need(SDN))


@pytest.fixture(scope="session")
def sdn_index(matcher: AlignMatcher, sdn: SanctionsTable) -> NameIndex:
    return matcher.index(sdn)
