"""Romanisation-folding phonetic keys for single name tokens.

Two names written from the same sound by different romanisation systems differ in regular ways.
`romanisation_key` undoes those regularities so that the variants collide:

- Korean McCune-Reischauer vs Revised Romanisation vs common usage: eo/o/u ("Jeong"/"Jong"),
  eu/u ("Geum"/"Kum"), aspirates and voicing k/g, t/d, p/b, ch/j ("Chong"/"Jong", "Pak"/"Bak"),
  the English-style "r" of "Park", initial r/l before i or y dropped ("Ri"/"Li"/"Lee"/"Rhee"/"Yi"/
  "I", "Ryong"/"Yong", "Rim"/"Lim"/"Im");
- Russian/Ukrainian: y/i/j ("Sergey"/"Sergei"/"Sergej", "Zelenskyy"/"Zelensky"), kh/h, zh/j,
  ts/tz, w/v ("Wladimir"), final -ff/-v ("Smirnoff"), s/z ("Selenskyj");
- Arabic: q/k, ou/oo/u, ee/i, ai/ay/ei/e, dh/d, th/t, gh/g, doubled consonants
  ("Mohammed"/"Muhammad" collide on the skeleton);
- Chinese Wade-Giles vs pinyin: hs/x/sh ("Hsi"/"Xi"/"Shi"), ch/j, ts/z.

`skeleton_key` additionally drops vowels (keeping a marker for a leading vowel): it is coarse and
the scorer only trusts it on tokens of four letters or more.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("gyi", "di"),  # Hungarian soft consonants before i: "Vlagyimir", "Putyin"
    ("tyi", "ti"),
    ("nyi", "ni"),
    ("tsch", "J"),
    ("dzh", "J"),
    ("sch", "s"),
    ("tch", "J"),
    ("zh", "J"),
    ("dj", "J"),
    ("ch", "J"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("sh", "s"),
    ("hs", "s"),
    ("ck", "k"),
    ("ts", "s"),
    ("tz", "s"),
    ("wh", "v"),
    ("x", "ks"),
    ("q", "k"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_VOWEL_GROUPS: tuple[tuple[str, str], ...] = (
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "u"),
    ("ee", "i"),
    ("ea", "i"),
    ("ie", "i"),
    ("ae", "e"),
    ("ai", "e"),
    ("ei", "e"),
    ("ii", "i"),
)
_VOICING = str.maketrans({"g": "k", "d": "t", "b": "p", "z": "s", "w": "v", "c": "k"})
_R_BEFORE_CONSONANT = re.compile(r"(?<=[aeiou])r(?=[^aeiou])")
_DOUBLES = re.compile(r"(.)\1+")
_FIRST = itemgetter(1)
"""`_DOUBLES.sub(_FIRST, t)` keeps one of each run: a C callable instead of the template "\\1",
which `re` re-parses in Python on every call."""
_VOWELS = re.compile(r"[aeiou]")


_BALTIC = re.compile(r"(?<=[^aeiou])(?:s|as|is|us)$")


def _baltic_stem(token: str) -> str:
    """Latvian and Lithuanian add a nominative ending to foreign names: "Sergejs Lavrovs",
    "Vladimiras Putinas". Dropped from long words only (both sides alike, so "Thomas" still
    equals "Thomas")."""
    if len(token) < 7:
        return token
    if len(token) >= 10 and token.endswith(_ADJECTIVAL):
        return token[: -len(next(e for e in _ADJECTIVAL if token.endswith(e)))]
    return _BALTIC.sub("", token) if token[-1] == "s" else token


_ADJECTIVAL = ("al", "e")
"""Long words in names of organisations come as noun or adjective: "Agriculture(al)"."""


@lru_cache(maxsize=131072)
def romanisation_key(token: str) -> str:
    """Fold one ASCII lowercase token to its romanisation-independent key. Numbers pass through."""
    if not token.isalpha():
        return token
    # Each regex step runs only when its letter is present: the same result, without ~10 regex
    # calls per word (an index build keys ~80k distinct words and fused runs).
    t = _baltic_stem(token)
    if t[0] == "x":  # pinyin x = sh/hs/s
        t = "s" + t[1:]
    if t[-1] == "j":  # Sergej, Nikolaj, Selenskyj
        t = t[:-1] + "i"
    for a, b in _DIGRAPHS:
        if a in t:
            t = t.replace(a, b)
    if "c" in t:
        t = _SOFT_C.sub("s", t)
    t = t.replace("y", "i").replace("j", "J")
    t = t.translate(_VOICING)
    for a, b in _VOWEL_GROUPS:
        if a in t:
            t = t.replace(a, b)
    t = _DOUBLES.sub(_FIRST, t)
    if "h" in t[1:]:  # an h after the first letter is dropped
        t = t[0] + t[1:].replace("h", "")
    if len(t) > 3 and "r" in t:
        t = _R_BEFORE_CONSONANT.sub("", t)
    if len(t) <= 5 and len(t) >= 2 and t[0] in "rl" and t[1] == "i":
        t = t[1:]  # Korean initial-r/l dropping: Ri/Li/Lee/Rhee/Yi, Ryong/Yong, Rim/Lim/Im
    t = _DOUBLES.sub(_FIRST, t)
    f = t.endswith("f")
    if f and len(t) > 3:
        t = t[:-1] + "v"
    return t.lower() or token


@lru_cache(maxsize=131072)
def skeleton_key(token: str) -> str:
    """Consonant skeleton of the romanisation key; a leading vowel becomes '@' ("Usama"/"Osama")."""
    k = romanisation_key(token)
    if not k.isalpha():
        return k
    head = "@" if k[0] in "aeiou" else k[0]
    return head + _VOWELS.sub("", k[1:])


_NON_CONSONANT = str.maketrans("", "", "aeiouwy")


@lru_cache(maxsize=131072)
def consonant_key(token: str) -> str:
    """Consonants only, voicing merged: 'frnandw' (from Arabic script) and 'fernando' both 'frnt'.

    Arabic and Hebrew script write long vowels as w/y/alif and leave short ones out, so w and y
    are dropped along with the vowels.
    """
    if not token.isalpha():
        return token
    t = token
    for a, b in _DIGRAPHS:
        if a in t:
            t = t.replace(a, b)
    if "c" in t:
        t = _SOFT_C.sub("s", t)
    t = t.translate(_NON_CONSONANT)
    t = t.replace("j", "J").translate(_VOICING).replace("v", "f").lower()  # Arabic has no v
    return _DOUBLES.sub(_FIRST, t)
