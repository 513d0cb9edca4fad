"""The synthetic payment generator: determinism, realism, seeding and labels."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rapidfuzz import fuzz

from monitor.events import PaymentEvent, Role
from monitor.lists.entry import Entry, EntryType, Identifier, ListName
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion
from monitor.screening.policy import JurisdictionPolicy
from monitor.synth import (
    EXCLUDED_CLEAN,
    Labelled,
    generate_labelled,
    generate_payments,
    read_jsonl,
    write_jsonl,
)
from monitor.synth.variants import variant

SCRIPTS = {
    "cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "hangul": re.compile(r"[\uAC00-\uD7AF]"),
    "arabic": re.compile(r"[\u0600-\u06FF]"),
    "cjk": re.compile(r"[\u4E00-\u9FFF]"),
    "latin": re.compile(r"[A-Za-z]"),
}


def _entry(eid: str, kind: EntryType, *names: str, bic: str | None = None) -> Entry:
    ids = (Identifier("bic", bic),) if bic else ()
    return Entry("test", eid, kind, tuple(ListName(n) for n in names), ("DPRK4",), ids,
                 countries=("Korea, North",))  # fmt: skip


@pytest.fixture(scope="module")
def table() -> SanctionsTable:
    entries = (
        _entry("1", EntryType.ENTITY, "GOLDEN TRIANGLE BANK", "GOLDEN DELTA BANK", bic="KGTBKPP1"),
        _entry("2", EntryType.ENTITY, "KOREA MANDAL CREDIT BANK"),
        _entry("3", EntryType.INDIVIDUAL, "CHOE, Chol Ryong", "CH'OE, Ch'o'l-ryong"),
        _entry("4", EntryType.ENTITY, "VOSTOK TRADING LIMITED LIABILITY COMPANY"),
        _entry("5", EntryType.ENTITY, "SIBREGIONGAZ, AO"),
        _entry("6", EntryType.INDIVIDUAL, "KIM, Myong Jin"),
    )
    return SanctionsTable(entries, ListVersion((SourceVersion("test", "0" * 64, None, 6),)))


@pytest.fixture(scope="module")
def traffic(table: SanctionsTable) -> list[Labelled]:
    return list(generate_labelled(5000, seed=11, table=table, hit_rate=0.02))


def test_same_seed_same_bytes(tmp_path: Path, table: SanctionsTable) -> None:
    paths = [tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"]
    for path, seed in zip(paths, (3, 3, 4), strict=True):
        write_jsonl(path, generate_payments(300, seed=seed, table=table, hit_rate=0.05))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


def test_round_trip_plain_and_gzip(tmp_path: Path) -> None:
    payments = list(generate_payments(50, seed=1))
    for name in ("p.jsonl", "p.jsonl.gz"):
        assert write_jsonl(tmp_path / name, payments) == 50
        assert list(read_jsonl(tmp_path / name)) == payments


def test_clean_traffic_is_the_same_whatever_the_hit_rate(table: SanctionsTable) -> None:
    low = list(generate_labelled(500, seed=9, table=table, hit_rate=0.0))
    high = list(generate_labelled(500, seed=9, table=table, hit_rate=0.2))
    same = [a.payment == b.payment for a, b in zip(low, high, strict=True) if not b.seeded]
    assert same and all(same)


def test_every_payment_validates(traffic: list[Labelled]) -> None:
    for item in traffic[:500]:
        assert PaymentEvent.model_validate_json(item.payment.model_dump_json()) == item.payment


def test_hit_rate_roughly_as_asked(traffic: list[Labelled]) -> None:
    seeded = sum(1 for t in traffic if t.seeded)
    assert 60 <= seeded <= 140  # 5000 x 0.02 = 100


def test_no_table_no_seeding() -> None:
    assert not any(t.seeded for t in generate_labelled(300, seed=2, hit_rate=0.5))


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("'", "")).strip()


def _field_value(
    p: PaymentEvent, role: Role, position: int | None
) -> tuple[str | None, str | None]:
    if role in (Role.ORIGINATOR, Role.BENEFICIARY):
        return getattr(p, role.value).name, None
    bank = p.beneficiary_agent if role == Role.BENEFICIARY_AGENT else (
        p.intermediary_agents[(position or 0) - 1])  # fmt: skip
    assert bank is not None
    return bank.name, bank.bic


def test_seeded_names_are_on_the_payment(traffic: list[Labelled], table: SanctionsTable) -> None:
    for item in (t for t in traffic if t.seeded):
        s = item.seeded[0]
        name, bic = _field_value(item.payment, s.role, s.position)
        entry = table.get(s.entry_key)
        assert entry is not None
        if s.variant == "bic_branch":
            assert bic == s.value and len(bic) == 11 and bic[:8] == "KGTBKPP1"
            continue
        assert name == s.value
        best = max(fuzz.token_set_ratio(_fold(name), _fold(n.text)) for n in entry.names)
        assert best >= 70, (name, entry.names)


def test_seeding_covers_roles_and_variants(traffic: list[Labelled]) -> None:
    seeded = [t.seeded[0] for t in traffic if t.seeded]
    assert {s.role for s in seeded} == {
        Role.ORIGINATOR, Role.BENEFICIARY, Role.BENEFICIARY_AGENT, Role.INTERMEDIARY_AGENT
    }  # fmt: skip
    assert {"bic_branch", "typo", "case"} <= {s.variant for s in seeded}


def test_targets_cycle_through_every_role(table: SanctionsTable) -> None:
    bank = table.get("test:1")
    assert bank is not None
    items = list(generate_labelled(400, seed=5, table=table, hit_rate=0.5, targets=[bank]))
    roles = {(s.role, s.variant == "bic_branch") for t in items for s in t.seeded}
    assert len(roles) == 4


def test_counterparties_repeat_zipf_like(traffic: list[Labelled]) -> None:
    counts = Counter(t.payment.beneficiary.name for t in traffic)
    top = sum(c for _, c in counts.most_common(len(counts) // 100 or 1))
    assert top / len(traffic) > 0.15  # the top 1% of payees take a large share
    assert len(counts) > 500  # and there is a long tail


def test_several_scripts(traffic: list[Labelled]) -> None:
    names = [t.payment.originator.name for t in traffic] + [
        t.payment.beneficiary.name for t in traffic
    ]
    for script, rx in SCRIPTS.items():
        assert sum(1 for n in names if rx.search(n)) > 20, script


def test_clean_payments_avoid_sanctioned_jurisdictions(traffic: list[Labelled]) -> None:
    policy = JurisdictionPolicy()
    for item in (t for t in traffic if not t.seeded):
        p = item.payment
        banks = [b for b in (p.originator_agent, p.beneficiary_agent, *p.intermediary_agents) if b]
        countries = {p.originator.country, p.beneficiary.country}
        countries |= {b.country for b in banks} | {b.bic[4:6] for b in banks if b.bic}
        assert not countries & EXCLUDED_CLEAN
        assert not any(b.bic and b.bic.startswith("KGTBKPP1") for b in banks)
        for line in (*p.originator.address_lines, *p.beneficiary.address_lines):
            assert policy.region_in(line) is None, line
        assert "IMO" not in (p.remittance_information or "")


@pytest.mark.parametrize(
    ("name", "kind", "person", "expected"),
    [
        ("CHOE, Chol Ryong", "as_listed", True, "Chol Ryong Choe"),
        ("CHOE, Chol Ryong", "order_swap", True, "Choe Chol Ryong"),
        ("VOSTOK TRADING LIMITED LIABILITY COMPANY", "drop_legal_form", False, "VOSTOK TRADING"),
        ("VOSTOK TRADING LIMITED LIABILITY COMPANY", "order_swap", False,
         "LIMITED LIABILITY COMPANY VOSTOK TRADING"),
        ("SIBREGIONGAZ, AO", "drop_legal_form", False, "SIBREGIONGAZ"),
        ("DV INK", "typo", False, None),
    ],
)  # fmt: skip
def test_variants(name: str, kind: str, person: bool, expected: str | None) -> None:
    import random

    assert variant(name, kind, person, random.Random(0)) == expected  # noqa: S311


def test_cli_generate_writes_payments_and_labels(tmp_path: Path) -> None:
    from monitor.cli import main

    out, labels = tmp_path / "p.jsonl.gz", tmp_path / "labels.jsonl"
    args = ["generate", "400", "--seed", "1", "--out", str(out), "--hit-rate", "0.05",
            "--list", "ofac-sdn-2024-12-16", "--labels", str(labels)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert len(list(read_jsonl(out))) == 400
    rows = [json.loads(line) for line in labels.read_text().splitlines()]
    assert rows and all(r["entry_ids"] and r["payment_id"].startswith("PMT-1-") for r in rows)
