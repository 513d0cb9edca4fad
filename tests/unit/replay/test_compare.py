"""A/B comparison: list versions and configurations over the same payments."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.events import Alert, Hit, MatchKind, Role
from monitor.lists.load import load_bundled
from monitor.replay.compare import Comparison, Screened, Side
from monitor.replay.config import ReplayConfig
from monitor.synth import Seeded, generate_labelled, read_jsonl, write_jsonl, write_labels

# Entries added to the SDN between the 2024-05-03 and 2024-12-16 publications.
NEW_ENT_NUMS = (47148, 48219, 48220, 51328, 51330, 51331, *range(52113, 52122), 52131)


@pytest.fixture(scope="module")
def new_entry_traffic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """64 payments: about half name one of the 16 new entries (cycling roles), the rest clean."""
    table = load_bundled(["ofac-sdn-2024-12-16"])
    targets = [table.get(f"ofac-sdn:{n}") for n in NEW_ENT_NUMS]
    assert all(targets) and len(targets) == 16
    items = list(generate_labelled(64, seed=5, table=table, hit_rate=0.5,
                                   targets=[t for t in targets if t]))  # fmt: skip
    folder = tmp_path_factory.mktemp("ab")
    write_jsonl(folder / "p.jsonl", (i.payment for i in items))
    labels: dict[str, tuple[Seeded, ...]] = {
        i.payment.payment_id: i.seeded for i in items if i.seeded
    }
    write_labels(folder / "labels.jsonl", labels)
    assert {s.entry_id for v in labels.values() for s in v} == {str(n) for n in NEW_ENT_NUMS}
    return folder / "p.jsonl", set(labels)


def test_new_sdn_entries_show_up_only_in_the_newer_list(
    new_entry_traffic: tuple[Path, set[str]],
) -> None:
    src, seeded = new_entry_traffic
    args = ["replay", str(src), "--compare-lists", "ofac-sdn-2024-05-03", "ofac-sdn-2024-12-16",
            "--jurisdictions", "", "--matcher", "baseline",
            "--labels", str(src.parent / "labels.jsonl"), "--json"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # Ground truth from the core itself: the seeded payments on which the newer list finds the
    # planted entry (a few harsh variants, e.g. words run together, are missed by the matcher).
    newer = ReplayConfig(matcher="baseline", jurisdictions=()).screener(
        load_bundled(["ofac-sdn-2024-12-16"])
    )
    new_keys = {f"ofac-sdn:{n}" for n in NEW_ENT_NUMS}
    touching = {
        p.payment_id for p in read_jsonl(src) if new_keys & {h.entry_key for h in newer.screen(p)}
    }
    assert touching <= seeded and len(touching) >= 0.8 * len(seeded)
    assert set(report["payments"]["with_hits_only_in_b"]) == touching
    assert set(report["payments"]["alerted_only_in_b"]) <= touching
    assert report["payments"]["with_hits_only_in_a"] == []
    assert report["hits"]["only_a"] == 0
    assert report["breakdown"]["source"]["ofac-sdn"]["only_b"] == report["hits"]["only_b"]
    assert report["a"]["list_version"].startswith("ofac-sdn@2024-05-03")
    assert report["b"]["list_version"].startswith("ofac-sdn@2024-12-16")
    # A cannot catch the planted parties (they were not listed yet); B's recall is `touching`
    assert report["labels"]["a"]["hits"]["tp"] == 0
    assert report["labels"]["b"]["payments"]["tp"] == len(touching)


def _hit(role: Role, entry_id: str, kind: MatchKind, programs: tuple[str, ...]) -> Hit:
    return Hit(
        role=role,
        field=f"{role.value}.name",
        value="x",
        source="ofac-sdn",
        entry_id=entry_id,
        entry_type="entity",
        matched="x",
        programs=list(programs),
        score=90,
        kind=kind,
        explanation="",
    )


def _alert(pid: str, *hits: tuple[Role, str, MatchKind, tuple[str, ...]]) -> Alert:
    at = datetime(2024, 1, 1, tzinfo=UTC)
    return Alert(
        alert_id=f"alr-{pid}",
        payment_id=pid,
        list_version="v",
        matcher_config="m",
        screened_at=at,
        payment_created_at=at,
        hits=[_hit(*h) for h in hits],
    )


def test_hit_level_sets_and_breakdowns_by_role_source_program_kind() -> None:
    a, b = Side("A", "v1", "m"), Side("B", "v2", "m")
    a.add(_alert("P1", (Role.BENEFICIARY, "1", MatchKind.NAME, ("SDGT",))))
    a.add(_alert("P2", (Role.ORIGINATOR, "2", MatchKind.NAME, ("IRAN",))))
    b.add(_alert("P1", (Role.BENEFICIARY, "1", MatchKind.NAME, ("SDGT",)),
                 (Role.BENEFICIARY_AGENT, "3", MatchKind.BIC, ("DPRK4", "SDGT"))))  # fmt: skip
    b.add(_alert("P3", (Role.ORIGINATOR, "2", MatchKind.NAME, ("IRAN",))))
    c = Comparison.of(Screened([a, b], ["P1", "P2", "P3", "P4"]))
    assert len(c.only_a) == 1 and len(c.only_b) == 2 and len(c.both) == 1
    p = c.payments()
    assert p["alerted_only_in_a"] == ["P2"] and p["alerted_only_in_b"] == ["P3"]
    assert p["alerted_in_both"] == ["P1"] and p["with_hits_only_in_b"] == ["P1", "P3"]
    bd = c.breakdowns()
    assert bd["role"]["beneficiary_agent"] == {"only_a": 0, "only_b": 1, "both": 0}
    assert bd["program"]["SDGT"] == {"only_a": 0, "only_b": 1, "both": 1}
    assert bd["kind"]["name"] == {"only_a": 1, "only_b": 1, "both": 1}
    assert bd["source"]["ofac-sdn"] == {"only_a": 1, "only_b": 2, "both": 1}
