"""Variant families generated from a listed name itself (no hand-written table of people).

Each generator applies one general kind of change a payment may carry: word order, separators,
romanisation system, a typo, the legal form, letter case and diacritics, look-alike letters.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from monitor.matching.score import joins
from monitor.matching.tokens import TokenClass, analyse_name
from monitor.matching.vocab import LEGAL_FORMS

# General romanisation correspondences (Korean McCune-Reischauer / Revised / common usage,
# Russian transliteration schemes), applied to whole words.
_ROMANISATION: tuple[tuple[str, str], ...] = (
    (r"\bRi\b", "Lee"), (r"\bRi\b", "Yi"), (r"\bPak\b", "Park"), (r"\bPark\b", "Pak"),
    (r"\bChong\b", "Jong"), (r"\bJong\b", "Jeong"), (r"\bJeong\b", "Jong"), (r"eo", "o"),
    (r"(?<=[^e])o(?=[lnm]g?\b)", "eo"), (r"\bKum", "Geum"), (r"\bGeum", "Kum"),
    (r"\bCh(?=[aeiou])", "J"), (r"\bK(?=[aeiou])", "G"), (r"\bRo\b", "Roh"), (r"\bIm\b", "Lim"),
    (r"y\b", "i"), (r"kh", "h"), (r"w", "v"),
)  # fmt: skip

_CONFUSABLE = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440"}
_DIACRITIC = {"a": "á", "e": "é", "o": "ö", "u": "ü", "i": "í"}
_PHRASE_WORDS = frozenset({"LIMITED", "LIABILITY", "JOINT", "STOCK", "AKTSIONERNOE", "OBSHCHESTVO"})
_LEGAL_SWAPS = ("LLC", "OOO", "Limited Liability Company", "JSC", "AO", "ZAO", "Co. Ltd")


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def order(name: str) -> Iterator[str]:
    w = _words(name)
    if len(w) > 1:
        yield " ".join(reversed(w))
        yield " ".join(w[1:] + w[:1])


def separators(name: str) -> Iterator[str]:
    w = _words(name)
    yield name.replace("'", "").replace("’", "")
    if len(w) >= 3 and w[2].upper() not in _PHRASE_WORDS:  # do not split "Limited Liability"
        yield " ".join([w[0], w[1] + "-" + w[2].lower(), *w[3:]])
        yield " ".join([w[0], w[1] + w[2].lower(), *w[3:]])
    yield name.replace("-", " ")
    yield name.replace("-", "")


def romanisation(name: str) -> Iterator[str]:
    for pattern, repl in _ROMANISATION:
        out = re.sub(pattern, repl, name, count=1, flags=re.IGNORECASE)
        if out != name:
            yield out


def typos(name: str) -> Iterator[str]:
    """One-letter substitution, deletion, insertion and transposition inside the longest word
    made of letters only (words under five letters are left alone: one letter of "GTB" is
    another acronym)."""
    w = _words(name)
    i = max(range(len(w)), key=lambda k: len(w[k]) if w[k].isalpha() else 0)
    word = w[i]
    if len(word) < 5 or not word.isalpha():
        return
    mid = len(word) // 2
    for changed in (
        word[:mid] + ("x" if word[mid] != "x" else "z") + word[mid + 1 :],
        word[:mid] + word[mid + 1 :],
        word[:mid] + word[mid] + word[mid:],
        word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :],
    ):
        yield " ".join(w[:i] + [changed] + w[i + 1 :])


def legal_forms(name: str) -> Iterator[str]:
    w = _words(name)
    text = " ".join(w)
    core = [x for x in w if x.lower().strip(".") not in LEGAL_FORMS]
    for phrase in ("LIMITED LIABILITY COMPANY", "JOINT STOCK COMPANY"):
        if phrase in text.upper():
            core = text.upper().replace(phrase, " ").split()
    if len(core) == len(w) or not core:
        return
    yield " ".join(core)  # dropped
    for form in _LEGAL_SWAPS:
        yield " ".join(core) + " " + form  # changed


def case_and_diacritics(name: str) -> Iterator[str]:
    yield name.lower()
    yield name.upper()
    yield name.title()
    for plain, marked in _DIACRITIC.items():
        if plain in name.lower():
            yield re.sub(plain, marked, name.lower(), count=1)
            break


def confusables(name: str) -> Iterator[str]:
    for plain, lookalike in _CONFUSABLE.items():
        if plain in name.lower():
            yield re.sub(plain, lookalike, name.lower(), count=1)
        if plain.upper() in name:
            yield name.replace(plain.upper(), lookalike.upper(), 1)


FAMILIES: dict[str, Callable[[str], Iterator[str]]] = {
    "order": order,
    "separators": separators,
    "romanisation": romanisation,
    "typos": typos,
    "legal_forms": legal_forms,
    "case_diacritics": case_and_diacritics,
    "confusables": confusables,
}


def fused_three(name: str, rnd: random.Random) -> str | None:
    """The name with one run of three adjacent words the scorer may read as one written as one
    word ("Kim Jong Un" -> "kimjongun"), in analysed forms; None when it has no such run."""
    tokens = analyse_name(name)
    runs = [i for i, n, f in joins(tokens) if n == 3 and len(f.form) >= 4]  # "K M A": acronym
    if not runs:
        return None
    i = rnd.choice(runs)
    forms = [t.form for t in tokens]
    return " ".join([*forms[:i], "".join(forms[i : i + 3]), *forms[i + 3 :]])


def split_three(name: str, rnd: random.Random) -> str | None:
    """The name with one long word written as three ("Platonovich" -> "plat ono vich"), when
    each piece reads as a name word of its own (not a legal form, title or particle)."""
    tokens = analyse_name(name)
    long = [i for i, t in enumerate(tokens) if t.content and not t.cjk and len(t.form) >= 9]
    if not long:
        return None
    i = rnd.choice(long)
    word = tokens[i].form
    a, b = len(word) // 3, 2 * len(word) // 3
    pieces = [word[:a], word[a:b], word[b:]]
    read = [analyse_name(p) for p in pieces]
    if any(len(r) != 1 or r[0].cls != TokenClass.CONTENT for r in read):
        return None
    forms = [t.form for t in tokens]
    return " ".join([*forms[:i], *pieces, *forms[i + 1 :]])
