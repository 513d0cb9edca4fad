from __future__ import annotations

from collections import Counter

from monitor.lists.entry import Address, EntryType, Identifier, ListName
from monitor.lists.remarks import iso_date, parse_remarks
from monitor.lists.table import SanctionsTable


def test_sdn_counts(sdn: SanctionsTable, sdn_may: SanctionsTable) -> None:
    assert len(sdn) == 14_981
    assert len(sdn_may) == 14_965
    assert sdn.version.sources[0].entry_count == 14_981
    assert sdn.version.sources[0].published == "2024-12-16"
    types = Counter(e.entry_type for e in sdn.entries)
    assert types == {
        EntryType.ENTITY: 6891,
        EntryType.INDIVIDUAL: 6863,
        EntryType.VESSEL: 851,
        EntryType.AIRCRAFT: 376,
    }


def test_cons_counts(cons: SanctionsTable) -> None:
    assert len(cons) == 442
    assert {e.source for e in cons.entries} == {"ofac-cons"}
    assert cons.version.sources[0].published == "2025-12-19"


def test_golden_triangle_bank(sdn: SanctionsTable) -> None:
    entry = sdn.get("ofac-sdn:47148")
    assert entry is not None
    assert entry.primary_name == "GOLDEN TRIANGLE BANK"
    assert entry.entry_type is EntryType.ENTITY
    assert entry.programs == ("DPRK4",)
    assert Identifier("bic", "KGTBKPP1") in entry.identifiers
    assert ListName("GOLDEN DELTA BANK", strong=True, kind="aka") in entry.names
    assert ListName("GTB", strong=False, kind="weak") in entry.names
    assert Address("GTB Building, Namsan-Dong Rason", "Namsan", "Korea, North") in entry.addresses


def test_korea_mandal_credit_bank_weak_aliases(sdn: SanctionsTable) -> None:
    entry = sdn.get("ofac-sdn:48219")
    assert entry is not None
    weak = {n.text for n in entry.names if not n.strong}
    assert weak == {"KMCB", "ANSAN"}
    assert ListName("MANDAL CREDIT BANK", kind="aka") in entry.names


def test_vessel_has_imo_flag_and_call_sign(sdn: SanctionsTable) -> None:
    ebano = sdn.get("ofac-sdn:4243")
    assert ebano is not None and ebano.entry_type is EntryType.VESSEL
    assert Identifier("imo", "7406784") in ebano.identifiers
    assert "Panama" in ebano.countries
    assert ("vessel_type", "General Cargo") in ebano.extra
    tifon = sdn.get("ofac-sdn:4249")
    assert tifon is not None
    assert Identifier("call_sign", "CL2059") in tifon.identifiers
    vessels = [e for e in sdn.entries if e.entry_type is EntryType.VESSEL]
    with_imo = [e for e in vessels if any(i.kind == "imo" for i in e.identifiers)]
    assert len(with_imo) > 0.9 * len(vessels)


def test_programs_split(sdn: SanctionsTable) -> None:
    multi = [e for e in sdn.entries if len(e.programs) > 1]
    assert multi
    assert all("]" not in p and "[" not in p for e in multi for p in e.programs)


def test_remarks_continued_in_comments_file(sdn: SanctionsTable) -> None:
    # 27307's remarks are cut mid-alias at 1,000 characters; sdn_comments.csv continues them.
    entry = sdn.get("ofac-sdn:27307")
    assert entry is not None
    weak = {n.text for n in entry.names if not n.strong}
    assert {"WHOIS HACKING TEAM", "APPLEWORM"} <= weak
    assert len(entry.remarks) > 1000


def test_parse_remarks_clauses() -> None:
    facts = parse_remarks(
        "SWIFT/BIC KGTBKPP1; DOB 15 Jan 1970; alt. DOB 1962; nationality Korea, North; "
        "Passport 12345 (Korea, North) issued 01 Jan 2010; National ID No. D489833(9) (Hong Kong); "
        "Tax ID No. 7707083893 (Russia); Registration Number 1027700132195 (Russia); "
        "Vessel Registration Identification IMO 9187629; Gender Male; "
        "a.k.a. 'GTB'; a.k.a. \"ANSAN\"; a.k.a. ''FOOPIE''; a.k.a. ''ABD AL-MUHSI'."
    )
    assert facts.identifiers == [
        Identifier("bic", "KGTBKPP1"),
        Identifier("passport", "12345", "Korea, North"),
        Identifier("national_id", "D489833(9)", "Hong Kong"),
        Identifier("tax_id", "7707083893", "Russia"),
        Identifier("registration", "1027700132195", "Russia"),
        Identifier("imo", "9187629"),
    ]
    assert facts.dates_of_birth == ["1970-01-15", "1962"]
    assert facts.countries == ["Korea, North"]
    assert [n.text for n in facts.weak_names] == ["GTB", "ANSAN", "FOOPIE", "'ABD AL-MUHSI"]
    assert all(n.kind == "weak" and not n.strong for n in facts.weak_names)
    assert facts.extra == [("gender", "Male")]


def test_iso_date() -> None:
    assert iso_date("15 Jan 1970") == "1970-01-15"
    assert iso_date("Feb 1995") == "1995-02"
    assert iso_date("1962") == "1962"
    assert iso_date("circa 1965") == "circa 1965"
    assert iso_date("1960 to 1962") == "1960 to 1962"


def test_individual_dob_and_nationality(sdn: SanctionsTable) -> None:
    people = [e for e in sdn.entries if e.entry_type is EntryType.INDIVIDUAL]
    assert sum(bool(e.dates_of_birth) for e in people) > 0.8 * len(people)
    assert sum(bool(e.countries) for e in people) > 0.5 * len(people)
