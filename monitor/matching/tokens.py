"""Name analysis: normalised tokens classified by how much identity they carry.

`analyse_name(text)` is what both the index build (once per alias) and each screening call run;
tokens are interned through an LRU cache so the per-query path does little work for words it has
seen before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from monitor.matching.phonetic import consonant_key, romanisation_key, skeleton_key
from monitor.matching.text import is_abjad, is_cjk, tokenize_name
from monitor.matching.vocab import (
    COUNTRY_INITIALISMS,
    GENERIC_ABBREVIATIONS,
    GEO_QUALIFIERS,
    HYPOCORISMS,
    LEGAL_FORMS,
    LEGAL_PHRASES,
    LONG_LEGAL_WORDS,
    NUMBER_WORDS,
    ORG_GENERIC,
    PARTICLE_CANON,
    PARTICLES,
    PATRONYMIC_SUFFIXES,
    ROMAN_NUMERALS,
    TENS_WORDS,
    TITLES,
)


class TokenClass(IntEnum):
    CONTENT = 0
    PATRONYMIC = 1
    GENERIC = 2
    PARTICLE = 3
    TITLE = 4
    LEGAL = 5
    NUMBER = 6
    INITIAL = 7


BASE_WEIGHT: dict[TokenClass, float] = {
    TokenClass.CONTENT: 1.0,
    TokenClass.PATRONYMIC: 0.5,
    TokenClass.GENERIC: 0.3,
    TokenClass.PARTICLE: 0.15,
    TokenClass.TITLE: 0.1,
    TokenClass.LEGAL: 0.1,
    TokenClass.NUMBER: 0.25,
    TokenClass.INITIAL: 0.4,
}
"""How much identity each class carries, relative to an ordinary name word."""


@dataclass(frozen=True, slots=True)
class Token:
    form: str  # normalised ASCII form, as shown in explanations
    key: str  # romanisation key (legal forms: their family; particles: canonical spelling)
    skel: str  # consonant skeleton of the key
    cls: TokenClass
    weight: float  # base weight of the class
    cons: str = ""  # consonants only: how abjad-script names line up with Latin ones
    abjad: bool = False  # transliterated from Arabic/Hebrew script (short vowels unwritten)
    content: bool = False  # identity-carrying (a name word or patronymic): can anchor a match
    cjk: bool = False  # from Han/Hangul script: East Asian names have no optional middle names
    aside: bool = False  # written in brackets: weighs `ASIDE_FACTOR` of its class


_PHRASE_HEADS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _canon in sorted(LEGAL_PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASE_HEADS.setdefault(_phrase[0], []).append((_phrase, _canon))

_ABD_FUSED = ("abdoul", "abdul", "abdel", "abdal", "abdol")
_ABD_SUN = ("abdur", "abdus", "abdun", "abduz", "abdut", "abdud", "abdush")


def _fold_phrases(words: list[str]) -> list[str]:
    """Multi-word legal forms to one token; fused Arabic 'Abdul-X' to 'abd al X'; number words."""
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        heads, alone = _word_plan(words[i])
        for phrase, canon in heads:
            if _phrase_at(words, i, phrase):
                out.append(canon)
                i += len(phrase)
                break
        else:
            out.extend(alone)
            i += 1
    return _fold_numbers(out) if not _NUMBERISH.isdisjoint(out) else out


@lru_cache(maxsize=131072)
def _word_plan(w: str) -> tuple[tuple[tuple[tuple[str, ...], str], ...], tuple[str, ...]]:
    """The phrases that may start at word `w`, and what `w` is when none does (cached: names
    share their words, and the typo lookup is the costly part)."""
    heads = tuple(_PHRASE_HEADS.get(w) or _near_heads(w))
    return heads, COUNTRY_INITIALISMS.get(w) or _split_abd(w)


_HEAD_WORDS = tuple(w for w in _PHRASE_HEADS if len(w) >= 5)


def _near_heads(w: str) -> list[tuple[tuple[str, ...], str]]:
    """Phrases whose first word is one typo away from `w` ("Joynt Stock Company")."""
    if len(w) < 5:
        return []
    near = process.extractOne(w, _HEAD_WORDS, scorer=OSA.distance, score_cutoff=1)
    return _PHRASE_HEADS[near[0]] if near is not None else []


def _same_word(word: str, expected: str) -> bool:
    """Equal, or one typo apart in words of five letters or more."""
    if word == expected:
        return True
    return len(expected) >= 5 and OSA.distance(word, expected, score_cutoff=1) <= 1


def _phrase_at(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Phrase at position i; the name's last word may be cut short (35-character payment fields)."""
    k = len(phrase)
    got = words[i : i + k]
    if len(got) < k:
        return False
    if all(map(_same_word, got, phrase)):
        return True
    last = got[-1]
    return (
        i + k == len(words)
        and all(map(_same_word, got[:-1], phrase[:-1]))
        and len(last) >= 3
        and phrase[-1].startswith(last)
    )


def _fold_numbers(words: list[str]) -> list[str]:
    """Number words to digits; "forty four" / "forty-four" / "forty 4" -> "44"."""
    out: list[str] = []
    for w in words:
        w = NUMBER_WORDS.get(w, w)
        if out and out[-1] in _TENS_DIGITS and len(w) == 1 and w.isdigit():
            out[-1] = str(int(out[-1]) + int(w))
            continue
        tens = TENS_WORDS.get(w)
        out.append(str(tens) if tens is not None else w)
    return out


_TENS_DIGITS = frozenset(str(v) for v in TENS_WORDS.values())
_NUMBERISH = frozenset(NUMBER_WORDS) | frozenset(TENS_WORDS)


def _split_abd(w: str) -> tuple[str, ...]:
    if not w.startswith("abd") or len(w) < 5:
        return (w,)
    for head in _ABD_FUSED:
        if w.startswith(head):
            rest = w[len(head) :]
            if rest in ("", "l", "lah", "llah", "ah", "la"):
                return (w,) if rest else ("abd", "al")
            return ("abd", "al", rest) if len(rest) >= 3 else (w,)
    for head in _ABD_SUN:
        if w.startswith(head):
            rest = w[4:]
            if len(rest) > 1 and rest[0] == rest[1]:
                rest = rest[1:]
            return ("abd", "al", rest) if len(rest) >= 3 else (w,)
    return (w,)


def _legal_family(form: str) -> str | None:
    fam = LEGAL_FORMS.get(form)
    if fam is None and len(form) >= 6:
        near = process.extractOne(form, LONG_LEGAL_WORDS, scorer=OSA.distance, score_cutoff=1)
        if near is not None:
            return LEGAL_FORMS.get(near[0], "co")
    return fam


_LONG_GENERIC = tuple(w for w in ORG_GENERIC if len(w) >= 6)


def _is_generic(form: str) -> bool:
    """A generic organisation word, or one typo away from a long one ("Tradding")."""
    if form in ORG_GENERIC or form in GEO_QUALIFIERS or form in GENERIC_ABBREVIATIONS:
        return True
    if form.endswith("s") and form[:-1] in ORG_GENERIC:  # plural or possessive: "Bank's"
        return True
    if len(form) < 6:
        return False
    return process.extractOne(form, _LONG_GENERIC, scorer=OSA.distance, score_cutoff=1) is not None


@lru_cache(maxsize=131072)
def make_token(form: str, abjad: bool = False, cjk: bool = False, aside: bool = False) -> Token:
    """Classify one normalised word (cached: the vocabulary of names is small); `aside`: written
    in brackets (weighs `ASIDE_FACTOR` of its class)."""
    if aside:
        t = make_token(form, abjad, cjk)
        return replace(t, weight=t.weight * ASIDE_FACTOR, aside=True)
    legal = _legal_family(form)
    if legal is not None:
        fam = "#" + legal
        return Token(form, fam, fam, TokenClass.LEGAL, BASE_WEIGHT[TokenClass.LEGAL])
    if form.isdigit() or (len(form) > 1 and form in ROMAN_NUMERALS):
        return Token(form, form, form, TokenClass.NUMBER, BASE_WEIGHT[TokenClass.NUMBER])
    if form in PARTICLES:
        canon = PARTICLE_CANON.get(form, form)
        return Token(form, canon, canon, TokenClass.PARTICLE, BASE_WEIGHT[TokenClass.PARTICLE])
    if len(form) == 1 and not cjk:
        # one letter from Han or Hangul is a whole syllable ("이" -> "i"), never an initial
        return Token(form, form, form, TokenClass.INITIAL, BASE_WEIGHT[TokenClass.INITIAL])
    if form in TITLES:
        cls = TokenClass.TITLE
    elif _is_generic(form):
        cls = TokenClass.GENERIC
    elif len(form) > 6 and form.endswith(PATRONYMIC_SUFFIXES):
        cls = TokenClass.PATRONYMIC
    else:
        cls = TokenClass.CONTENT
    if cls not in (TokenClass.CONTENT, TokenClass.PATRONYMIC):
        key = romanisation_key(GENERIC_ABBREVIATIONS.get(form, form))
        return Token(
            form, key, skeleton_key(form), cls, BASE_WEIGHT[cls], consonant_key(form), abjad,
            False, cjk,
        )  # fmt: skip
    key = romanisation_key(HYPOCORISMS.get(form, form))
    return Token(
        form, key, skeleton_key(form), cls, BASE_WEIGHT[cls], consonant_key(form), abjad,
        True, cjk,
    )  # fmt: skip


@lru_cache(maxsize=262144)
def analyse_name(text: str) -> tuple[Token, ...]:
    """Classified tokens of a name, in written order (cached: list names recur across list
    versions, so rebuilding the index for an update re-analyses only what changed)."""
    abjad = is_abjad(text)
    cjk = is_cjk(text)
    if "(" in text:
        parts = _bracketed_parts(text)
        if len(parts) > 1:
            return tuple(
                make_token(w, abjad, cjk, aside)
                for part, aside in parts
                for w in _fold_phrases(tokenize_name(part))
            )
    return tuple(make_token(w, abjad, cjk) for w in _fold_phrases(tokenize_name(text)))


ASIDE_FACTOR = 0.5
"""Weight factor of words in brackets: a qualifier the name can be written without ("Deutsche
Bank (Schweiz) AG", "AERO CONTINENTE (USA) INC."), an acronym or translation given alongside
("ISLAMIC JIHAD UNION (IJU)"), another spelling ("Fawzi (Faouzi)"). Present on both sides they
still match at half weight; left over on one side they are a small detail, while against
words the other side has left over they contradict at full weight (`score_tokens`)."""


def _bracketed_parts(text: str) -> list[tuple[str, bool]]:
    """(segment, inside brackets?) in order; the whole text, outside, when brackets hold nothing
    but leave nothing outside either (a name wholly in brackets is still the name)."""
    parts: list[tuple[str, bool]] = []
    depth = 0
    start = 0
    for k, ch in enumerate(text):
        if ch == "(" or (ch == ")" and depth):
            if k > start:
                parts.append((text[start:k], depth > 0))
            depth += 1 if ch == "(" else -1
            start = k + 1
    if start < len(text):
        parts.append((text[start:], depth > 0))
    if all(aside for _, aside in parts) or not any(
        aside and tokenize_name(part) for part, aside in parts
    ):
        return [(text, False)]
    if not any(not aside and tokenize_name(part) for part, aside in parts):
        return [(text, False)]
    return parts


@lru_cache(maxsize=131072)
def fused_token(form: str, abjad: bool = False, cjk: bool = False) -> Token:
    """Two or three adjacent words written together: only its spelling and key are ever compared."""
    return Token(form, romanisation_key(form), "", TokenClass.CONTENT, 1.0, "", abjad, True, cjk)
