"""Normalisation: Unicode forms, invisible characters, confusables, punctuation, scripts."""

from __future__ import annotations

import pytest

from monitor.matching.text import clean_text, fold_confusables, is_abjad, is_cjk, tokenize_name


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("CH'OE, Ch'o'l-ryong", ["choe", "chol", "ryong"]),  # McCune-Reischauer apostrophes
        ("KIM, Myo’ng-chin", ["kim", "myong", "chin"]),  # typographic apostrophe
        ("Yong-bok", ["yong", "bok"]),
        ("  Yong   Bok  ", ["yong", "bok"]),
        ("François Hollande", ["francois", "hollande"]),  # diacritics
        ("Ｇｏｌｄｅｎ　Ｔｒｉａｎｇｌｅ", ["golden", "triangle"]),  # fullwidth (NFKC)
        ("STRASSE ß", ["strasse", "ss"]),  # case folding
        ("A.B.C. Company", ["abc", "company"]),  # unspaced dotted initials collapse
        ("L.X.C Aviation", ["lxc", "aviation"]),  # ... also without the last dot
        ("J.R.R.Tolkien", ["jrr", "tolkien"]),
        ("V. V. Putin", ["v", "v", "putin"]),  # spaced initials stay initials
        ("AT&T Inc.", ["at", "and", "t", "inc"]),
        ("Ig0r Sech1n", ["igor", "sechin"]),  # digits standing for letters
        ("Trust 2004-1", ["trust", "2004", "1"]),  # real numbers stay
    ],
)
def test_tokenize(raw: str, tokens: list[str]) -> None:
    assert tokenize_name(raw) == tokens


@pytest.mark.parametrize(
    "raw",
    [
        "Vla\u200bdimir",  # zero-width space
        "Vla\u200ddimir",  # zero-width joiner
        "\u202eVladimir\u202c",  # bidi override
        "\u2066Vladimir\u2069",  # bidi isolate
        "\ufeffVladimir",  # BOM
        "Vla\u00addimir",  # soft hyphen
    ],
)
def test_invisible_characters_are_removed(raw: str) -> None:
    assert tokenize_name(raw) == ["vladimir"]


def test_controls_and_emoji_separate_words() -> None:
    assert tokenize_name("KIM\x00Jong\tUn\n") == ["kim", "jong", "un"]
    assert tokenize_name("😀 Kim 😀") == ["kim"]


def test_confusables_fold_to_latin_before_transliteration() -> None:
    # Cyrillic а (U+0430) in a Latin name: must read as "bank", not be transliterated
    assert tokenize_name("Golden Triangle B\u0430nk") == ["golden", "triangle", "bank"]
    # all-look-alike word in a Latin name: Cyrillic В would transliterate to V
    assert tokenize_name("\u0412\u0410N\u041a of Korea") == ["bank", "of", "korea"]
    # Greek omicron
    assert tokenize_name("G\u03bflden") == ["golden"]


def test_cyrillic_names_are_transliterated_not_folded() -> None:
    assert fold_confusables("владимир путин") == "владимир путин"
    assert tokenize_name("Владимир Путин") == ["vladimir", "putin"]


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("김정은", ["gim", "jeong", "eun"]),  # Hangul: one token per syllable
        ("习近平", ["xijinping"]),  # Han: one word stays one token (the index joins "Xi Jinping")
        ("Ελληνικά", ["ellinika"]),
        ("محمد", ["mhmd"]),  # Arabic: consonants, compared on consonant keys
    ],
)
def test_scripts(raw: str, tokens: list[str]) -> None:
    assert tokenize_name(raw) == tokens


def test_script_flags() -> None:
    assert is_abjad("محمد بن سلمان") and is_abjad("בנימין")
    assert not is_abjad("Mohammed")
    assert is_cjk("김정은") and is_cjk("习近平") and not is_cjk("Kim Jong Un")


def test_long_input_is_bounded() -> None:
    assert len(clean_text("a" * 100_000)) <= 300
