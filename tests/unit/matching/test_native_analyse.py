"""Parity of the native `analyse_name` (Rust) with the Python reference, field by field.

Every name of every bundled list and of the shared matching data, every code point, and
generated text must give the same token tuples (same strings, weights equal with ==). The one
input the native code declines is a string Rust cannot hold (lone surrogates): it answers None
and the caller analyses in Python; both paths are covered here.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from anyascii import anyascii
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from monitor.lists.load import bundled_names, load_bundled
from monitor.matching import native as native_mod
from monitor.matching import phonetic, text, tokens, vocab
from monitor.matching.native import native
from monitor.matching.phonetic import romanisation_key
from monitor.matching.text import tokenize_name
from monitor.matching.tokens import analyse_name, fused_token

pytestmark = pytest.mark.skipif(
    native is None, reason="monitor._native is not built (or MONITOR_NATIVE=0)"
)

MATCHING = Path(__file__).parents[3].parent / "shared" / "data" / "matching"

FIELDS = ("form", "key", "skel", "cls", "weight", "cons", "abjad", "content", "cjk", "aside")
_as_tuple = attrgetter(*FIELDS)


def python_tuples(name: str) -> list[tuple[Any, ...]]:
    return [_as_tuple(t) for t in analyse_name(name)]


def _has_surrogate(name: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in name)


def mismatch(name: str) -> str | None:
    """None when both sides agree, else what differs (field by field)."""
    assert native is not None
    got = native.analyse_name(name)
    want = python_tuples(name)
    if got is None:
        # the documented fallback, and the only one: Python analyses what Rust cannot hold
        return None if _has_surrogate(name) else f"{name!r}: native declined"
    if got == want:
        return None
    if len(got) != len(want):
        return f"{name!r}: {len(got)} native tokens, {len(want)} Python: {got} != {want}"
    diffs = [
        f"token {i} {f}: native {g!r} != python {w!r}"
        for i, (gt, wt) in enumerate(zip(got, want, strict=True))
        for f, g, w in zip(FIELDS, gt, wt, strict=True)
        if g != w or type(g) is not type(w) and f != "cls"
    ]
    return f"{name!r}: " + "; ".join(diffs)


def assert_parity(names: Iterable[str], min_count: int) -> None:
    seen = 0
    bad: list[str] = []
    for name in names:
        seen += 1
        m = mismatch(name)
        if m is not None:
            bad.append(m)
    assert seen >= min_count, f"only {seen} names read"
    assert not bad, f"{len(bad)} of {seen} names differ:\n" + "\n".join(bad[:20])


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


def csv_column(path: Path, *columns: str) -> Iterator[str]:
    with need(path).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for c in columns:
                yield row[c]


def test_native_analyse_is_on() -> None:
    """Built means used: the tables were accepted (same Unicode data, same anyascii)."""
    assert native_mod.native_analyse, (
        f"native text step refused: Python has Unicode {unicodedata.unidata_version}, "
        "see native/tools/gen_unicode_tables.py and the pinned crates in native/Cargo.toml"
    )


@pytest.mark.parametrize("list_name", bundled_names())
def test_bundled_lists(list_name: str) -> None:
    table = load_bundled([list_name])
    names = sorted({n.text for e in table.entries for n in e.names})
    assert_parity(names, 1000)


def test_name_pairs() -> None:
    assert_parity(csv_column(MATCHING / "name_pairs.csv", "name1", "name2"), 1000)


def test_multiscript_sample_names() -> None:
    assert_parity(csv_column(MATCHING / "multiscript_sample_names.csv", "name"), 400)


def test_one_person_many_scripts() -> None:
    path = need(MATCHING / "one_person_many_scripts.txt")
    assert_parity(path.read_text(encoding="utf-8").splitlines(), 50)


def test_negatives_global() -> None:
    path = MATCHING / "negatives_global_1k.csv"
    assert_parity(csv_column(path, "full_name", "first_name", "middle_name", "last_name"), 1000)


def _all_chars() -> Iterator[str]:
    return (chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)


def test_every_code_point_nfkc_and_anyascii() -> None:
    """The pinned crates agree with `unicodedata.normalize("NFKC")` and `anyascii` on every
    character (generated tables cover the rest: category classes, isalpha, casefold)."""
    assert native is not None
    nfkc = [c for c in _all_chars() if native._nfkc(c) != unicodedata.normalize("NFKC", c)]
    assert not nfkc, [f"U+{ord(c):04X}" for c in nfkc[:20]]
    trans = [c for c in _all_chars() if native._anyascii(c) != anyascii(c)]
    assert not trans, [f"U+{ord(c):04X}" for c in trans[:20]]


def test_every_code_point_tokenize() -> None:
    """Each character alone, inside a Latin word (confusable folding) and as dotted initials."""
    assert native is not None
    bad = [
        s
        for c in _all_chars()
        for s in (c, f"a{c}b x", f"K{c}{c}.{c}.z")
        if native.tokenize_name(s) != tokenize_name(s)
    ]
    assert not bad, [ascii(s) for s in bad[:20]]


def test_every_code_point_analyse_sampled() -> None:
    """Whole analysis of each character between name words (every 7th code point: the
    classification does not depend on which character it is, tokenization is covered above)."""
    chars = (chr(cp) for cp in range(0, sys.maxunicode + 1, 7) if not 0xD800 <= cp <= 0xDFFF)
    assert_parity((f"Abdul{c}Rahman ({c}) Trading Co" for c in chars), 100_000)


# --- generated text -------------------------------------------------------------------------

HOSTILE = st.sampled_from(
    ["\x00", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad", "😀", "\U000e0001",
     "\ud800", "\t", "\n", " ", "-", "'", "`", ".", "&", "(", ")", "Ｋ", "ß", "İ", "ﷺ", "김",
     "习", "а", "ё", "ı", "ǅ", "ﬁ", "①", "ᴬ", "\u0301", "\u0130", "_", "3", "0", "1"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.characters(), HOSTILE), max_size=80).map("".join)

# Words the classification acts on, so generated names reach every branch of tokens.py.
_VOCAB_WORDS = sorted(
    {w for phrase in vocab.LEGAL_PHRASES for w in phrase}
    | set(vocab.LEGAL_FORMS) | vocab.ORG_GENERIC | vocab.GEO_QUALIFIERS
    | set(vocab.GENERIC_ABBREVIATIONS) | vocab.TITLES | vocab.PARTICLES | vocab.ROMAN_NUMERALS
    | set(vocab.TENS_WORDS) | set(vocab.NUMBER_WORDS) | set(vocab.HYPOCORISMS)
    | set(vocab.COUNTRY_INITIALISMS)
    | {"abdul", "abdullah", "abdoulaye", "abdurrahman", "abdussalam", "abdelaziz", "abdal",
       "abdulla", "abdula", "abdush", "abduz", "abdallah", "putinas", "lavrovs", "sergejs",
       "agricultural", "ivanovich", "petrovna", "xi", "jinping", "rhee", "smirnoff", "tradding",
       "joynt", "compan", "limted", "corporatoin", "ig0r", "sech1n", "b52", "2004", "us", "u.s.",
       "a.b.c.", "v.", "kim", "jong", "un", "bаnk", "ВАNК"}
)  # fmt: skip
_SEPS = st.sampled_from([" ", " ", " ", "-", ", ", ".", " (", ") ", "&", "'", "  "])


def _typo(w: str, draw: Any) -> str:
    if len(w) < 3 or not draw(st.booleans()):
        return w
    i = draw(st.integers(0, len(w) - 2))
    op = draw(st.sampled_from(["sub", "del", "ins", "swap", "cut", "upper"]))
    if op == "sub":
        return w[:i] + draw(st.sampled_from("aeioukstx")) + w[i + 1 :]
    if op == "del":
        return w[:i] + w[i + 1 :]
    if op == "ins":
        return w[:i] + draw(st.sampled_from("aehrsy")) + w[i:]
    if op == "swap":
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if op == "cut":
        return w[: i + 1]
    return w.upper()


@st.composite
def vocab_names(draw: Any) -> str:
    words = draw(st.lists(st.sampled_from(_VOCAB_WORDS), min_size=1, max_size=8))
    out = []
    for w in words:
        out.append(_typo(w, draw))
        out.append(draw(_SEPS))
    return "".join(out[:-1])


relaxed = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(TEXT)
@example("")
@example(" ")
@example("\t\n \x00")
@example("()")
@example("(((")
@example(")(")
@example("Deutsche Bank (Schweiz) AG")
@example("(IJU)")
@example("A (")
@example("Ch`ol Kim")
@example("Ch`ol Kim é")
@example("x" * 400)
@example("(" + "ab " * 200 + ") " + "cd " * 200)
@example("😀👑 Kim 🇰🇵")
@example("Bаnk Владимир 김정은 习近平 محمد")
@example("a_b.c.d _a.b.c e.f.g_ 1.2.3.")
def test_arbitrary_text(name: str) -> None:
    assert mismatch(name) is None, mismatch(name)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=250, max_size=420), st.text(alphabet="( )abc.", max_size=40))
def test_long_text(name: str, brackets: str) -> None:
    """Past the 300-character cut, which applies to each bracketed part on its own."""
    for s in (name, brackets + name, name + brackets):
        assert mismatch(s) is None, mismatch(s)


@relaxed
@given(vocab_names())
@example("Limited Liability Compan")
@example("Joynt Stock Company")
@example("forty four")
@example("twenty 0 5")
@example("Abdul-Rahman Abdurrahman abdussalam")
@example("U.S. Department of State")
@example("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU")
def test_vocabulary_names(name: str) -> None:
    assert mismatch(name) is None, mismatch(name)


@relaxed
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)))
def test_phonetic_keys_and_fused_tokens(words: list[str]) -> None:
    """What the search core calls directly: `romanisation_key` and `fused_token` of joined
    words."""
    assert native is not None
    for w in words:
        assert native.romanisation_key(w) == romanisation_key(w), w
    for a, b in zip(words, words[1:], strict=False):
        for abjad, cjk in ((False, False), (True, False), (False, True)):
            assert native.fused_token(a + b, abjad, cjk) == _as_tuple(
                fused_token(a + b, abjad, cjk)
            )


def test_threads_share_the_cache() -> None:
    """Several threads analysing at once (the loop screens while a list swap builds an index)
    get what Python gets."""
    from concurrent.futures import ThreadPoolExecutor

    assert native is not None
    names = [f"{w} Trading Co {i % 97}" for i, w in enumerate(_VOCAB_WORDS * 20)]
    native._cache_clear()
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(native.analyse_name, names))
    assert got == [python_tuples(n) for n in names]


# --- the fallback ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\ud800", "Kim \udcff Jong", "(\ud83d) Bank"])
def test_lone_surrogates_fall_back_to_python(name: str) -> None:
    """Rust cannot hold them: native declines (None) and Python analyses (its result stands)."""
    assert native is not None
    assert native.analyse_name(name) is None
    assert native.tokenize_name(name) is None
    analyse_name(name)  # the Python path copes


def test_refuses_other_unicode_data_and_restores() -> None:
    """Another interpreter's Unicode data or anyascii: every answer is None (Python is used),
    never a different result; phonetic rules changed on one side only: init fails loudly."""
    assert native is not None
    tables = native_mod.analyse_tables()
    try:
        assert native.init_analyse({**tables, "unidata_version": "99.0.0"}) is False
        assert native.analyse_name("Kim Jong Un") is None
        assert native.init_analyse({**tables, "anyascii_version": "0.0.1"}) is False
        assert native.analyse_name("Kim Jong Un") is None
        drift = [*phonetic._DIGRAPHS, ("zz", "s")]
        with pytest.raises(ValueError, match="_DIGRAPHS"):
            native.init_analyse({**tables, "digraphs": drift})
    finally:
        assert native.init_analyse(tables) is True
    assert mismatch("Kim Jong Un") is None


def test_vocabulary_comes_from_python() -> None:
    """The native side has no copy of the vocabulary: a changed table is used as passed."""
    assert native is not None
    tables = native_mod.analyse_tables()
    try:
        assert native.init_analyse({**tables, "titles": {"vostok"}})
        got = native.analyse_name("VOSTOK TRADING")
        assert got is not None and got[0][3] == tokens.TokenClass.TITLE
        assert mismatch("VOSTOK TRADING") is not None  # the comparison does see differences
    finally:
        native.init_analyse(tables)
    assert mismatch("VOSTOK TRADING") is None
    assert text.MAX_NAME_CHARS == tables["max_name_chars"]
