"""Hostile input against the pure core: decoding, payment screening and the default matcher.

Properties, not examples: for any bytes, and for payments whose text is built from what attackers
and broken systems send (controls, NUL, bidi overrides, zero-width and combining marks,
confusables, emoji and ZWJ sequences, lone surrogates, NFKC-expanding ligatures, megabyte names),
decoding never raises, screening never raises, scores stay within 0..100 and hits come best first.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.events import Bank, Party, PaymentEvent
from monitor.lists.entry import Entry, EntryType, Identifier, ListName
from monitor.lists.table import ListVersion, SanctionsTable, SourceVersion
from monitor.matching.api import NameIndex, PartyKind, get_matcher
from monitor.screening.core import Screener
from monitor.screening.decode import MAX_EVENT_BYTES, Rejected, decode_payment
from monitor.screening.emit import decide
from monitor.screening.policy import JurisdictionPolicy

NOW = datetime(2024, 12, 17, 10, tzinfo=UTC)
REASONS = {"too_large", "not_json", "schema", "not_utf8"}
KINDS: list[PartyKind] = ["person", "organization", "bank", "vessel", "any"]

CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u2028", "\u2029"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
BIDI += ["\u200e", "\u200f", "\u061c"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
COMBINING = ["\u0301", "\u0336", "\u20dd", "\u0489", "\u0300" * 50]
CONFUSABLES = ["А", "О", "Е", "Р", "С", "Н", "Κ", "Ο", "Α", "Ｇ", "ｏ", "ℓ", "𝐆", "𝔾", "Ⓖ"]
EXPANDING = ["ﷺ", "﷽", "ﬁ", "ß", "İ", "ŉ", "ǰ", "ΐ", "㍱", "\U0001d56d"]
EMOJI = ["🏦", "👨‍👩‍👧‍👦", "🇰🇵", "🏳️‍🌈", "\U0001f9d1\u200d\U0001f4bb", "\ufe0f"]
SCRIPTS = ["Иван Петров", "김정은", "محمد علي", "金正恩", "יוסף כהן", "Ελληνική", "ไทย"]
LISTED = ["GOLDEN TRIANGLE BANK", "Ivan PETROV", "KIM Jong Un", "OCEAN STAR"]
ATOMS = CONTROLS + BIDI + INVISIBLE + COMBINING + CONFUSABLES + EXPANDING + EMOJI + SCRIPTS
ATOMS += LISTED + ["\ud800", "\udfff", "\x00" * 10, " ", "  ", "-", "'", ".", "&", "\\", '"']

hostile_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(ATOMS), max_size=12).map("".join),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(LISTED),
        st.sampled_from(ATOMS),
        st.text(max_size=5),
    ),  # fmt: skip
    st.builds(lambda name, mark: mark.join(name), st.sampled_from(LISTED), st.sampled_from(ATOMS)),
)


@pytest.fixture(scope="module")
def table() -> SanctionsTable:
    entries = (
        Entry("ofac-sdn", "47148", EntryType.ENTITY,
              (ListName("GOLDEN TRIANGLE BANK"), ListName("GTB", strong=False, kind="weak")),
              programs=("DPRK4",), identifiers=(Identifier("bic", "KGTBKPP1"),)),
        Entry("ofac-sdn", "2", EntryType.INDIVIDUAL,
              (ListName("Ivan PETROV"), ListName("Иван Петров"))),
        Entry("un", "KPi.003", EntryType.INDIVIDUAL, (ListName("KIM Jong Un"), ListName("김정은"))),
        Entry("ofac-sdn", "9001", EntryType.VESSEL, (ListName("OCEAN STAR"),),
              identifiers=(Identifier("imo", "9187629"),)),
    )  # fmt: skip
    return SanctionsTable(
        entries, ListVersion((SourceVersion("ofac-sdn", "ab" * 32, "2024-12-16", len(entries)),))
    )


@pytest.fixture(scope="module")
def screener(table: SanctionsTable) -> Screener:
    return Screener(table, get_matcher(), JurisdictionPolicy())


@pytest.fixture(scope="module")
def index(screener: Screener) -> NameIndex:
    return screener.index


def base_payment(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "payment_id": "pmt-1",
        "created_at": "2024-12-17T09:14:03Z",
        "amount": "125000.00",
        "currency": "USD",
        "message_type": "pacs.008",
        "originator": {"name": "Primorsky Timber Export LLC", "country": "RU"},
        "beneficiary": {"name": "Harbour Logistics Ltd", "country": "HK"},
        "intermediary_agents": [{"bic": "KGTBKPP1XXX", "name": "Golden Triangle Bank"}],
        "remittance_information": "INV 2024-7781",
    }
    return data | changes


def check_hits(screener: Screener, payment: PaymentEvent) -> None:
    hits = screener.screen(payment)
    assert all(0.0 <= h.score <= 100.0 for h in hits)
    alert, decision = decide(screener, payment, screened_at=NOW)
    assert (alert is None) == (decision.outcome.value == "CLEAR")
    # The stream serialises both outside its error handling: they must always encode.
    json.loads(decision.model_dump_json())
    if alert is not None:
        assert all(0 <= h["score"] <= 100 for h in json.loads(alert.model_dump_json())["hits"])


# --- decoding: any bytes


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2048))
def test_decode_any_bytes_never_raises(raw: bytes) -> None:
    got = decode_payment(raw)
    assert isinstance(got, PaymentEvent) or got.reason in REASONS


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_decode_any_json_value_never_raises(value: Any) -> None:
    got = decode_payment(json.dumps(value).encode())
    assert isinstance(got, Rejected) and got.reason in {"schema", "not_json"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "not_json"),
        (b"", "not_json"),
        (b"\x00" * 100, "not_json"),
        (b"[" * 200_000, "not_json"),  # deep nesting: RecursionError, not a crash
        (b'{"a":' * 40_000 + b"1" + b"}" * 40_000, "not_json"),
        (b"x" * (MAX_EVENT_BYTES + 1), "too_large"),
        (json.dumps(base_payment(amount="1" * 5000)).encode(), "schema"),
        (json.dumps(base_payment()).encode().replace(b'"125000.00"', b"1" * 5000), "not_json"),
        (json.dumps(base_payment()).encode().replace(b'"125000.00"', b"NaN"), "schema"),
        (json.dumps(base_payment()).encode().replace(b'"125000.00"', b"1e999999"), "schema"),
        (json.dumps(base_payment(beneficiary={"name": "x" * 1_000_000})).encode(), "too_large"),
        (json.dumps(base_payment(beneficiary={"name": "x" * 10_000})).encode(), "schema"),
        (json.dumps(base_payment(intermediary_agents=[{"name": "b"}] * 10_000)).encode(), "schema"),
        (json.dumps(base_payment(remittance_information=[[[[[["deep"]]]]]])).encode(), "schema"),
        (json.dumps(base_payment(extra={"__class__": "os.system"})).encode(), "schema"),
        (b'{"payment_id": "\xed\xa0\x80"}', "not_utf8"),  # an encoded surrogate is not UTF-8
        (b"\xef\xbb\xbf" + json.dumps(base_payment()).encode(), "not_json"),  # BOM
    ],
)
def test_decode_hostile_shapes_are_rejected_with_a_reason(raw: bytes | None, reason: str) -> None:
    got = decode_payment(raw)
    assert isinstance(got, Rejected) and got.reason == reason, got
    assert len(got.error) <= 2000


def test_decode_is_fast_on_the_largest_accepted_record() -> None:
    raw = json.dumps(base_payment(remittance_information="[" * 4000)).encode()
    raw += b" " * (MAX_EVENT_BYTES - len(raw))
    started = time.perf_counter()
    assert isinstance(decode_payment(raw), Rejected | PaymentEvent)
    assert time.perf_counter() - started < 1.0


# --- payments with hostile text, through decode and the screening core


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    orig=hostile_text, bene=hostile_text, bank=hostile_text, line=hostile_text,
    remit=hostile_text, ascii_only=st.booleans(),
)  # fmt: skip
def test_hostile_text_payments_decode_and_screen_without_raising(
    screener: Screener, orig: str, bene: str, bank: str, line: str, remit: str, ascii_only: bool
) -> None:
    data = base_payment(
        payment_id=f"p-{remit[:100]}",
        originator={"name": orig, "address_lines": [line]},
        beneficiary={"name": bene, "party_type": "person"},
        beneficiary_agent={"name": bank},
        remittance_information=remit + " IMO 9187629",
    )
    got = decode_payment(json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))
    if isinstance(got, Rejected):
        assert got.reason in REASONS
        return
    check_hits(screener, got)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=hostile_text, kind=st.sampled_from(KINDS))
def test_name_search_never_raises_scores_in_range_best_first(
    index: NameIndex, name: str, kind: PartyKind
) -> None:
    hits = index.search(name, kind)
    scores = [h.score for h in hits]
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert all(h.explanation for h in hits)


@settings(max_examples=300, deadline=None)
@given(a=hostile_text, b=hostile_text)
def test_pair_compare_scores_in_range(a: str, b: str) -> None:
    score = get_matcher().compare(a, b)
    assert 0.0 <= score <= 100.0


@pytest.mark.parametrize("size", [100_000, 1_000_000])
@pytest.mark.parametrize("fill", ["GOLDEN TRIANGLE BANK ", "x", "\u200b", "👨‍👩‍👧‍👦 ", "А\u0301"])
def test_megabyte_names_are_searched_quickly(index: NameIndex, size: int, fill: str) -> None:
    """The decoder caps names at 512 chars; the core must still survive what bypasses it."""
    name = (fill * (size // len(fill) + 1))[:size]
    started = time.perf_counter()
    hits = index.search(name, "any")
    assert all(0.0 <= h.score <= 100.0 for h in hits)
    assert time.perf_counter() - started < 10.0


def test_huge_payment_built_past_validation_is_screened(screener: Screener) -> None:
    """10,000 intermediaries and a 1 MB name (model_construct skips the schema's bounds)."""
    banks = [
        Bank.model_construct(bic="KGTBKPP1XXX" if i % 997 == 0 else None, name=f"Bank {i} \u202e")
        for i in range(10_000)
    ]
    big = Party.model_construct(name="Ivan Petrov " * 90_000, account=None, address_lines=[],
                                country=None, party_type="person")  # fmt: skip
    valid = PaymentEvent.model_validate(base_payment())
    payment = valid.model_copy(update={"intermediary_agents": banks, "beneficiary": big})
    started = time.perf_counter()
    hits = screener.screen(payment)
    assert time.perf_counter() - started < 60.0
    assert sum(1 for h in hits if h.kind.value == "bic") == len(range(0, 10_000, 997))
    check_hits(screener, payment)


@pytest.mark.parametrize(
    "name",
    [
        "GOLDEN\u200bTRIANGLE\u200b BANK",  # zero-width space inside a word
        "G\u200dO\u200dL\u200dD\u200dE\u200dN TRIANGLE BANK",  # zero-width joiners
        "GОLDEN TRIАNGLE BАNK",  # Cyrillic О and А
        "\x00GOLDEN\x00 TRIANGLE BANK",  # NUL bytes
        "Ｇｏｌｄｅｎ Ｔｒｉａｎｇｌｅ Ｂａｎｋ",  # fullwidth
        "\u202aGOLDEN TRIANGLE BANK\u202c",  # embedding controls around it
        "GOLDEN TRIANGLE BANK 🏦",
    ],
)
def test_obfuscated_listed_name_is_still_caught(index: NameIndex, name: str) -> None:
    assert any(h.entry.entry_id == "47148" for h in index.search(name, "bank")), name


@pytest.mark.xfail(
    reason="known gap: RLO-reversed text reads as the listed name on screen", strict=False
)
def test_right_to_left_override_reversed_name_is_caught(index: NameIndex) -> None:
    # Logical order "KNAB ELGNAIRT NEDLOG" after U+202E displays as "GOLDEN TRIANGLE BANK".
    assert any(h.entry.entry_id == "47148" for h in index.search("\u202eKNAB ELGNAIRT NEDLOG"))
