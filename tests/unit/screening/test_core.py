"""The payment-screening core on a tiny hand-made table (the real lists are tested elsewhere)."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.events import MatchKind, Outcome, PaymentEvent, Role
from monitor.lists.entry import Entry, EntryType, Identifier, ListName
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion
from monitor.matching.api import get_matcher
from monitor.screening.core import Screener
from monitor.screening.emit import decide
from monitor.screening.policy import JurisdictionPolicy

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "payment.json"
NOW = datetime(2024, 12, 17, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def screener() -> Screener:
    gtb = Entry(
        "ofac-sdn", "47148", EntryType.ENTITY,
        (ListName("GOLDEN TRIANGLE BANK"), ListName("GTB", strong=False, kind="weak")),
        programs=("DPRK4",), identifiers=(Identifier("bic", "KGTBKPP1"),),
    )  # fmt: skip
    vessel = Entry(
        "ofac-sdn", "9001", EntryType.VESSEL, (ListName("OCEAN STAR"),),
        identifiers=(Identifier("imo", "9187629"),),
    )  # fmt: skip
    table = SanctionsTable(
        (gtb, vessel), ListVersion((SourceVersion("ofac-sdn", "ab" * 32, "2024-12-16", 2),))
    )
    return Screener(table, get_matcher("baseline"), JurisdictionPolicy())


def payment(**changes: object) -> PaymentEvent:
    data = json.loads(EXAMPLE.read_text())
    data.update(changes)
    return PaymentEvent.model_validate(data)


def test_intermediary_bic_with_branch_suffix_hits_with_role_and_position(
    screener: Screener,
) -> None:
    hits = screener.screen(payment())
    bic = [h for h in hits if h.kind is MatchKind.BIC]
    assert len(bic) == 1
    assert (bic[0].role, bic[0].position, bic[0].entry.entry_id) == (
        Role.INTERMEDIARY_AGENT, 2, "47148",
    )  # fmt: skip
    assert bic[0].field == "intermediary_agents[2].bic"
    assert "KGTBKPP1" in bic[0].explanation


def test_bic_country_kp_is_a_jurisdiction_hit_distinct_from_list_hit(screener: Screener) -> None:
    hits = screener.screen(payment())
    jur = [h for h in hits if h.kind is MatchKind.JURISDICTION]
    assert {h.field for h in jur} == {
        "intermediary_agents[2].bic",
        "intermediary_agents[2].country",
    }
    assert all(h.entry is None for h in jur)


def test_clean_payment_is_cleared(screener: Screener) -> None:
    p = payment(intermediary_agents=[{"bic": "CHASUS33XXX", "name": "JPMorgan Chase Bank"}])
    alert, decision = decide(screener, p, screened_at=NOW)
    assert alert is None
    assert decision.outcome is Outcome.CLEAR and decision.alert_id is None


def test_ids_are_deterministic_and_name_the_version(screener: Screener) -> None:
    a1, d1 = decide(screener, payment(), screened_at=NOW)
    a2, d2 = decide(screener, payment(), screened_at=datetime.now(UTC))
    assert a1 is not None and a2 is not None
    assert (a1.alert_id, d1.decision_id) == (a2.alert_id, d2.decision_id)
    assert d1.outcome is Outcome.HOLD and d1.alert_id == a1.alert_id
    assert a1.list_version == screener.list_version and "ofac-sdn@2024-12-16" in a1.list_version
    assert a1.matcher_config == screener.config_id
    other, _ = decide(screener, payment(payment_id="pmt-other"), screened_at=NOW)
    assert other is not None and other.alert_id != a1.alert_id


def test_bank_name_hit_in_beneficiary_agent(screener: Screener) -> None:
    p = payment(
        intermediary_agents=[],
        beneficiary_agent={"name": "Golden Triangle Bank", "country": "HK"},
    )
    hits = [h for h in screener.screen(p) if h.kind is MatchKind.NAME]
    assert [(h.role, h.entry.entry_id) for h in hits] == [(Role.BENEFICIARY_AGENT, "47148")]


def test_sanctioned_region_in_address(screener: Screener) -> None:
    p = payment(
        intermediary_agents=[],
        beneficiary={"name": "Jane Roe", "address_lines": ["ul. Lenina 5", "Simferopol, Crimea"]},
    )
    hits = screener.screen(p)
    assert [h.field for h in hits] == ["beneficiary.address_lines[1]"]
    assert "Crimea" in hits[0].matched and hits[0].policy_code == "UA-43"


def test_imo_in_remittance_text(screener: Screener) -> None:
    p = payment(intermediary_agents=[], remittance_information="freight, vessel IMO 9187629")
    hits = screener.screen(p)
    assert [(h.kind, h.entry.entry_id) for h in hits] == [(MatchKind.IMO, "9001")]


def test_jurisdiction_policy_is_configurable(screener: Screener) -> None:
    lenient = Screener(screener.table, screener.matcher, JurisdictionPolicy(countries=frozenset()))
    kinds = {h.kind for h in lenient.screen(payment())}
    assert MatchKind.JURISDICTION not in kinds and MatchKind.BIC in kinds
