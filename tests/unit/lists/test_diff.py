from __future__ import annotations

from dataclasses import replace

from monitor.lists.diff import diff_tables
from monitor.lists.entry import ListName
from monitor.lists.table import SanctionsTable

DEC_2024_ACTION = [
    "47148", "48219", "48220", "51328", "51330", "51331",
    *(str(n) for n in range(52113, 52122)), "52131",
]  # fmt: skip


def test_may_to_december_2024_adds_exactly_the_16_designations(
    sdn_may: SanctionsTable, sdn: SanctionsTable
) -> None:
    diff = diff_tables(sdn_may, sdn)
    assert diff.added == tuple(f"ofac-sdn:{n}" for n in DEC_2024_ACTION)
    assert diff.removed == ()
    assert diff.changed == ()
    assert diff.rescreen_keys == diff.added
    assert diff.old_version == sdn_may.version_id and diff.new_version == sdn.version_id


def test_reverse_diff_removes_them(sdn_may: SanctionsTable, sdn: SanctionsTable) -> None:
    diff = diff_tables(sdn, sdn_may)
    assert len(diff.removed) == 16 and not diff.added and not diff.rescreen_keys


def test_changed_entry_reports_fields(sdn_may: SanctionsTable) -> None:
    old_entry = sdn_may.entries[0]
    new_entry = replace(old_entry, names=(*old_entry.names, ListName("NEW ALIAS", kind="aka")))
    new = SanctionsTable((new_entry, *sdn_may.entries[1:]), sdn_may.version)
    diff = diff_tables(sdn_may, new)
    assert [(c.key, c.fields) for c in diff.changed] == [(old_entry.key, ("names",))]
    assert diff.rescreen_keys == (old_entry.key,)
    assert diff.to_dict()["changed"] == [{"key": old_entry.key, "fields": ["names"]}]


def test_same_table_is_empty(sdn: SanctionsTable) -> None:
    assert diff_tables(sdn, sdn).is_empty
