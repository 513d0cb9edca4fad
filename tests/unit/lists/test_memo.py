"""Entries of unchanged records are reused from the last parse of the same source."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from monitor.lists import load_list
from monitor.lists.load import forget_parses, load_lists
from monitor.lists.memo import RecordMemo
from monitor.lists.warnings import Warnings

from .conftest import sdn_row, write_sdn_folder

ROWS = [
    sdn_row("100", "ALPHA BANK"),
    sdn_row("200", "BETA, John", "individual", "SDGT", remarks="DOB 01 Jan 1970."),
    sdn_row("300", "GAMMA LLC", program="SDGT] [NEWPROG-EO99999"),
]
BUNDLED = Path(str(resources.files("monitor") / "data"))
ALTS = [["200", "1", "aka", "BETTA, Jon", None]]


def test_second_parse_reuses_unchanged_entries_and_reraises_their_warnings(
    tmp_path: Path,
) -> None:
    first = load_list(write_sdn_folder(tmp_path / "a", ROWS, ALTS))
    changed = [ROWS[0], sdn_row("200", "BETA, Johann", "individual", "SDGT"), ROWS[2]]
    second = load_list(write_sdn_folder(tmp_path / "b", changed, ALTS))
    again = load_list(write_sdn_folder(tmp_path / "c", changed, ALTS))

    by_key = {e.key: e for e in first.entries}
    assert second.get("ofac-sdn:100") is by_key["ofac-sdn:100"]
    assert second.get("ofac-sdn:300") is by_key["ofac-sdn:300"]
    changed_entry = second.get("ofac-sdn:200")
    assert changed_entry is not None and changed_entry.primary_name == "BETA, Johann"
    assert changed_entry.dates_of_birth == ()  # parsed afresh: the remarks went too
    # the reused entry's warning is there every time, once
    for table in (first, second, again):
        assert table.warnings == (
            "ofac-sdn: unknown-program: ent_num 300: program 'NEWPROG-EO99999'",
        )
    assert [e for e in again.entries] == [e for e in second.entries]


def test_a_changed_alias_or_address_row_reparses_its_entry(tmp_path: Path) -> None:
    first = load_list(write_sdn_folder(tmp_path / "a", ROWS, ALTS))
    alts = [["200", "1", "aka", "BETTA, Jonny", None]]
    adds = [["100", "1", "1 Main St", "Pyongyang", "North Korea", None]]
    second = load_list(write_sdn_folder(tmp_path / "b", ROWS, alts, adds))
    assert second.get("ofac-sdn:300") is first.get("ofac-sdn:300")
    beta = second.get("ofac-sdn:200")
    assert beta is not None and "BETTA, Jonny" in [n.text for n in beta.names]
    alpha = second.get("ofac-sdn:100")
    assert alpha is not None and alpha is not first.get("ofac-sdn:100")
    assert [a.city for a in alpha.addresses] == ["Pyongyang"]


def test_only_the_last_parse_is_kept() -> None:
    memo: RecordMemo[str, str] = RecordMemo()
    calls: list[str] = []

    def parse_all(keys: list[str]) -> int:
        run = memo.parser("src")
        for k in keys:
            run.get(k, lambda w, k=k: calls.append(k) or k.upper(), Warnings("src"))
        run.done()
        return run.reused

    assert parse_all(["a", "b"]) == 0
    assert parse_all(["b", "c"]) == 1
    assert parse_all(["a", "c"]) == 1  # "a" was dropped with the parse that lacked it
    assert calls == ["a", "b", "c", "a"]


def test_the_bundled_sdn_update_equals_a_fresh_parse_and_reuses_unchanged_entries() -> None:
    forget_parses()
    fresh = load_list(BUNDLED / "ofac-sdn-2024-12-16.tar.xz")
    forget_parses()
    may = load_list(BUNDLED / "ofac-sdn-2024-05-03.tar.xz")
    dec = load_list(BUNDLED / "ofac-sdn-2024-12-16.tar.xz")
    assert dec.entries == fresh.entries
    assert dec.warnings == fresh.warnings
    assert dec.version_id == fresh.version_id
    kept = {e.key for e in may.entries} & {e.key for e in dec.entries}
    # the update added the 16 designations and changed no other record: all of those reused
    assert len(dec.entries) - len(kept) == 16
    assert all(dec.get(k) is may.get(k) for k in kept)


def test_unchanged_sources_are_taken_whole_from_the_last_parse() -> None:
    forget_parses()
    un, cons = BUNDLED / "un-2026-02-27.tar.xz", BUNDLED / "ofac-cons-2025-12-19.tar.xz"
    before = load_lists([BUNDLED / "ofac-sdn-2024-05-03.tar.xz", cons, un])
    after = load_lists([BUNDLED / "ofac-sdn-2024-12-16.tar.xz", cons, un])
    by_source = {v.source: v for v in after.version.sources}
    assert by_source["ofac-sdn"].published == "2024-12-16"
    # the unchanged sources' entries are the very objects of the last parse, in order
    for source in ("ofac-cons", "un"):
        old = [e for e in before.entries if e.source == source]
        new = [e for e in after.entries if e.source == source]
        assert len(new) == len(old) > 0
        assert all(a is b for a, b in zip(old, new, strict=True))
    forget_parses()
    fresh = load_lists([BUNDLED / "ofac-sdn-2024-12-16.tar.xz", cons, un])
    assert fresh.entries == after.entries
    assert fresh.warnings == after.warnings
    assert fresh.version_id == after.version_id


def test_the_same_files_under_another_date_are_parsed_again(tmp_path: Path) -> None:
    first = load_list(write_sdn_folder(tmp_path / "sdn-2024-01-02", ROWS, ALTS))
    again = load_list(write_sdn_folder(tmp_path / "copy-2024-01-02", ROWS, ALTS))
    later = load_list(write_sdn_folder(tmp_path / "sdn-2024-03-04", ROWS, ALTS))
    assert again.version_id == first.version_id
    assert later.version.sources[0].published == "2024-03-04"
    assert later.version_id != first.version_id
    assert later.entries == first.entries
