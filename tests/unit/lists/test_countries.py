from __future__ import annotations

import pytest

from monitor.lists.countries import country_code, subdivision_code
from monitor.lists.table import SanctionsTable


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Korea, North", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Korea, South", "KR"),
        ("Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Crimea region of Ukraine", "UA"),
        ("Region: Crimea", "UA"),
        ("Syrian Arab Republic", "SY"),
        ("Burma", "MM"),
        ("Cote d Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Bahamas, The", "BS"),
        ("St. Kitts & Nevis", "KN"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Man, Isle of", "IM"),
    ],
)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["undetermined", "na", "former Soviet Union", "", None])
def test_not_a_country(name: str | None) -> None:
    assert country_code(name) is None


def test_crimea_subdivision() -> None:
    assert subdivision_code("Crimea region of Ukraine") == "UA-43"
    assert subdivision_code("Russia") is None


def test_every_address_country_in_the_real_lists_is_known(
    sdn: SanctionsTable, cons: SanctionsTable, un: SanctionsTable
) -> None:
    not_countries = {
        "undetermined",
        "None Identified",
        "Region: Commonwealth of Independent States",
    }
    published = {
        a.country
        for table in (sdn, cons, un)
        for e in table.entries
        for a in e.addresses
        if a.country and a.country not in not_countries
    }
    assert {c for c in published if country_code(c) is None} == set()
