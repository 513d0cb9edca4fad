"""`romanisation_key` and `consonant_key` skip regex steps whose letter is absent: they must give
exactly what the plain regex pipeline gives (kept here as the reference), on list words, fused
pairs and random letter strings dense in the letters those steps look for."""

from __future__ import annotations

import random
import re

import pytest

from monitor.lists.load import load_bundled
from monitor.matching import phonetic
from monitor.matching.text import tokenize_name

_DOUBLES = re.compile(r"(.)\1+")
_J_AS_VOWEL = re.compile(r"j$")
_H_INSIDE = re.compile(r"(?<=.)h")
_BALTIC = re.compile(r"(?<=[^aeiou])(?:s|as|is|us)$")
_NON_CONSONANT = re.compile(r"[aeiouwy]")


def _reference_stem(token: str) -> str:
    if len(token) < 7:
        return token
    if len(token) >= 10 and token.endswith(("al", "e")):
        return token[: -len(next(e for e in ("al", "e") if token.endswith(e)))]
    return _BALTIC.sub("", token)


def reference_key(token: str) -> str:
    if not token.isalpha():
        return token
    t = _reference_stem(token)
    if t[0] == "x":
        t = "s" + t[1:]
    t = _J_AS_VOWEL.sub("i", t)
    for a, b in phonetic._DIGRAPHS:
        t = t.replace(a, b)
    t = phonetic._SOFT_C.sub("s", t)
    t = t.replace("y", "i").replace("j", "J").translate(phonetic._VOICING)
    for a, b in phonetic._VOWEL_GROUPS:
        t = t.replace(a, b)
    t = _DOUBLES.sub(r"\1", t)
    t = _H_INSIDE.sub("", t)
    t = phonetic._R_BEFORE_CONSONANT.sub("", t) if len(t) > 3 else t
    if 2 <= len(t) <= 5 and t[0] in "rl" and t[1] == "i":
        t = t[1:]
    t = _DOUBLES.sub(r"\1", t)
    if t.endswith("f") and len(t) > 3:
        t = t[:-1] + "v"
    return t.lower() or token


def reference_consonants(token: str) -> str:
    if not token.isalpha():
        return token
    t = token
    for a, b in phonetic._DIGRAPHS:
        t = t.replace(a, b)
    t = _NON_CONSONANT.sub("", phonetic._SOFT_C.sub("s", t))
    t = t.replace("j", "J").translate(phonetic._VOICING).replace("v", "f").lower()
    return _DOUBLES.sub(r"\1", t)


@pytest.fixture(scope="module")
def words() -> list[str]:
    out: set[str] = set()
    for entry in load_bundled(["ofac-sdn-2024-12-16"]).entries:
        for name in entry.names:
            ws = tokenize_name(name.text)
            out.update(ws)
            out.update(a + b for a, b in zip(ws, ws[1:], strict=False))
    rnd = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz" + "hjrcsyx" * 3
    out.update(
        "".join(rnd.choice(letters) for _ in range(rnd.randint(1, 14))) for _ in range(20_000)
    )
    out.update(["hh", "xhh", "sj", "rrrs", "Ärs", "ßs", "2004", "b52"])
    return sorted(out)


def test_romanisation_key_equals_the_regex_pipeline(words: list[str]) -> None:
    differ = [w for w in words if phonetic.romanisation_key(w) != reference_key(w)]
    assert differ == []
    assert len(words) > 40_000


def test_consonant_key_equals_the_regex_pipeline(words: list[str]) -> None:
    assert [w for w in words if phonetic.consonant_key(w) != reference_consonants(w)] == []
