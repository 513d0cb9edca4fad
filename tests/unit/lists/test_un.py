from __future__ import annotations

from collections import Counter

import pytest

from monitor.lists.entry import EntryType, Identifier, ListName
from monitor.lists.errors import ListError
from monitor.lists.table import SanctionsTable
from monitor.lists.un import parse_un


def test_un_counts(un: SanctionsTable) -> None:
    types = Counter(e.entry_type for e in un.entries)
    assert types == {EntryType.INDIVIDUAL: 730, EntryType.ENTITY: 273}
    assert un.version.sources[0].published == "2026-02-27"
    assert not un.warnings


def test_un_individual_names_assembled_in_order(un: SanctionsTable) -> None:
    entry = un.get("un:LYi.023")
    assert entry is not None
    assert entry.primary_name == "Ahmad Oumar Imhamad al-Fitouri"
    assert ListName("احمد عمر امحمد الفيتوري", strong=True, kind="original") in entry.names
    assert ListName("Al Dabbashi", strong=False, kind="weak") in entry.names  # QUALITY Low
    assert entry.programs == ("Libya",)
    assert ("dataid", "6908704") in entry.extra
    assert Identifier("passport", "LY53FP76", "Libya") in entry.identifiers
    assert Identifier("national_id", "119880387067") in entry.identifiers
    assert entry.dates_of_birth == ("1988-05-07",)
    assert entry.countries == ("Libya",)


def test_un_entity_aliases(un: SanctionsTable) -> None:
    entry = un.get("un:CDe.001")
    assert entry is not None
    assert entry.primary_name == "ADF"
    assert ListName("Allied Democratic Forces", kind="aka") in entry.names
    assert ListName("NALU", kind="fka") in entry.names


def test_un_good_alias_is_strong(un: SanctionsTable) -> None:
    good = [
        n for e in un.entries for n in e.names if n.kind == "aka" and e.entry_type == "individual"
    ]
    assert good and all(n.strong for n in good)


UN_MINI = b"""<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">
<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>RI</FIRST_NAME>
<SECOND_NAME>CHANG</SECOND_NAME><THIRD_NAME>HO</THIRD_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER>
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>RI CHANG-HO</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>CHANGO</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR>
</INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR>
<TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
</INDIVIDUAL></INDIVIDUALS>
<ENTITIES><ENTITY><DATAID>2</DATAID><FIRST_NAME>ACME TRADING</FIRST_NAME>
<UN_LIST_TYPE>Atlantis</UN_LIST_TYPE><REFERENCE_NUMBER>ATe.001</REFERENCE_NUMBER>
<ENTITY_ADDRESS><STREET>1 Main St</STREET><CITY>Pyongyang</CITY>
<COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""


def test_un_small_file() -> None:
    entries, warnings, published = parse_un(UN_MINI)
    assert published == "2026-01-02"
    person, entity = entries
    assert [n.text for n in person.names] == ["RI CHANG HO", "RI CHANG-HO", "CHANGO"]
    assert [n.strong for n in person.names] == [True, True, False]
    assert person.dates_of_birth == ("circa 1966", "1960 to 1962")
    assert entity.addresses[0].city == "Pyongyang"
    assert warnings.items == ["un: unknown-program: ATe.001: UN_LIST_TYPE 'Atlantis'"]


def test_un_truncated_xml_is_an_error() -> None:
    with pytest.raises(ListError, match="not well-formed"):
        parse_un(UN_MINI[: len(UN_MINI) // 2])


def test_un_wrong_root_is_an_error() -> None:
    with pytest.raises(ListError, match="expected <CONSOLIDATED_LIST>"):
        parse_un(b"<sdnList></sdnList>")


def test_un_doctype_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST/>'
    with pytest.raises(ListError, match="document type"):
        parse_un(bomb)
