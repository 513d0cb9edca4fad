"""Properties that must hold for any input: no exceptions, bounded scores, order independence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.lists.entry import Entry, EntryType, ListName
from monitor.lists.table import ListVersion, SanctionsTable
from monitor.matching.engine import AlignIndex, AlignMatcher
from monitor.matching.text import tokenize_name

MATCHER = AlignMatcher()
_NAMES = ("KIM, Myong Jin", "VOSTOK TRADING LLC", "Golden Triangle Bank", "ZAO", "GTB")
TABLE = SanctionsTable(
    tuple(
        Entry("t", str(i), EntryType.ENTITY if i % 2 else EntryType.INDIVIDUAL, (ListName(n),))
        for i, n in enumerate(_NAMES)
    ),
    ListVersion(()),
)
INDEX: AlignIndex = MATCHER.index(TABLE)

HOSTILE = st.sampled_from(
    ["\x00", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad", "😀", "\U000e0001",
     "\ud800", "\t", "\n", " ", "-", "'", ".", "&", "Ｋ", "ß", "İ", "ﷺ", "김", "习", "а"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.characters(), HOSTILE), max_size=60).map("".join)
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)

relaxed = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(TEXT)
def test_tokenize_never_raises(text: str) -> None:
    for token in tokenize_name(text):
        assert token and token.isascii() and token == token.lower()


@relaxed
@given(TEXT, TEXT, st.sampled_from(["person", "organization", "bank", "vessel", "any"]))
def test_compare_bounded(a: str, b: str, kind: str) -> None:
    score = MATCHER.compare(a, b, kind)  # type: ignore[arg-type]
    assert 0.0 <= score <= 100.0


@relaxed
@given(TEXT)
def test_search_never_raises(text: str) -> None:
    for hit in INDEX.search(text):
        assert 0.0 <= hit.score <= 100.0


def test_very_long_inputs() -> None:
    for text in ("a" * 1_000_000, "kim " * 50_000, "\u200b" * 100_000, "\x00" * 10_000):
        INDEX.search(text)
        MATCHER.compare(text, "KIM, Myong Jin")


@relaxed
@given(st.lists(WORD, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_person_names_are_order_independent(words: list[str], rnd: object) -> None:
    shuffled = list(words)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = " ".join(words), " ".join(shuffled)
    listed = "KIM, Myong Jin"
    assert MATCHER.compare(a, listed, "person") == MATCHER.compare(b, listed, "person")
    assert MATCHER.compare(a, b, "person") == MATCHER.compare(a, a, "person")


@relaxed
@given(st.lists(WORD, min_size=1, max_size=4))
def test_identical_names_score_100(words: list[str]) -> None:
    name = " ".join(words)
    assert MATCHER.compare(name, name, "person") == 100.0
