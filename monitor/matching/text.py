"""Text normalisation for name matching: any Unicode name in, a list of ASCII lowercase tokens out.

Use `tokenize_name` on both sides of every comparison (query and list alias) so that the two are
folded the same way. The steps, in order:

1. NFKC (fullwidth, ligatures, mathematical alphanumerics) and a length cap;
2. strip format characters (zero-width, bidi controls, soft hyphen) and turn control characters
   (NUL, tabs, newlines) into spaces;
3. case folding;
4. confusable folding: in a name that contains Latin letters, Cyrillic/Greek/Armenian letters that
   look like Latin ones (the "Bаnk" with a Cyrillic "а" evasion) are mapped to the Latin letter
   *before* transliteration, which would otherwise turn a Cyrillic "В" into "V";
5. transliteration to ASCII (anyascii, chosen by measurement: see README); Hangul is
   transliterated one syllable at a time and separated by spaces, so that "김정은" gives
   "gim jeong eun" and lines up with "Kim Jong Un";
6. punctuation: apostrophes vanish (McCune-Reischauer "Ch'o'l" -> "chol"), unspaced dotted
   initials collapse ("A.B.C." -> "abc"; "V. V. Putin" keeps two initials), "&" is "and",
   every other non-alphanumeric is a separator (hyphens included: "Yong-bok" -> "yong bok";
   the scorer re-joins split tokens);
7. digits used as letters inside a word ("Ig0r Sech1n") are read as the letters they imitate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

MAX_NAME_CHARS = 300
"""Longer inputs are cut: no legal name is this long and it bounds the work per screening."""

# Letters of other scripts that render like a Latin letter (subset of Unicode confusables.txt
# restricted to the scripts seen in evasion: Cyrillic, Greek, Armenian). Lowercase only: the map
# is applied after case folding.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ү": "y", "һ": "h", "ɡ": "g", "ь": "b",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "զ": "q",
    # Latin look-alikes outside ASCII that NFKC keeps
    "ı": "i", "ȷ": "j", "ɑ": "a"
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)

_APOSTROPHES = re.compile(r"['’‘`´ʼʻʹʽ′]")
_DOTTED_INITIALS = re.compile(r"\b(?:[a-z0-9]\.){2,}(?:[a-z0-9]\b)?")  # "l.x.c" too
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g"})
_HAS_DIGIT = re.compile(r"[0-9]")
_LATIN_LETTER = re.compile(r"[a-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ABJAD = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _strip_controls(text: str) -> str:
    """Drop format characters; controls, symbols and emoji become separators."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":  # zero-width, bidi marks and isolates, soft hyphen, BOM
            continue
        if cat[0] in "CZ" or cat in ("So", "Sk", "Sm"):  # controls, odd spaces, emoji, symbols
            out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


def _is_latin_letter(ch: str) -> bool:
    return "a" <= ch <= "z"


def fold_confusables(text: str) -> str:
    """Map look-alike letters to Latin in the words of a name that is (partly) written in Latin.

    A word is folded when it contains a Latin letter, or when the whole name has Latin letters and
    the word consists only of look-alikes: "Golden Triangle Bаnk" and "ВАNК OF X" both fold, while
    a name wholly in Cyrillic ("Владимир") is left for transliteration.
    """
    if text.isascii() or not _LATIN_LETTER.search(text):
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        if word.isascii():
            continue
        letters = [c for c in word if c.isalpha()]
        if all(_is_latin_letter(c) or c in _CONFUSABLES for c in letters):
            words[i] = word.translate(_CONFUSABLE_TABLE)
    return " ".join(words)


def _is_hangul(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7AF


def transliterate(text: str) -> str:
    """Any script to ASCII. Hangul gives one token per syllable ("김정은" -> "gim jeong eun", the
    way North Korean names are romanised: "KIM Jong Un"); Han characters of one word stay one
    token ("近平" -> "jinping"), as pinyin writes given names."""
    if text.isascii():
        return text
    if any(_is_hangul(c) for c in text):
        text = "".join(f" {c} " if _is_hangul(c) else c for c in text)
    return anyascii(text)


def _leet(token: str) -> str:
    """'sech1n' -> 'sechin' when letters dominate the token; '2004', 'ar16', 'b52' stay."""
    if not _HAS_DIGIT.search(token):
        return token
    digits = sum(c.isdigit() for c in token)
    letters = len(token) - digits
    if letters >= 2 and letters > 2 * digits and not token[0].isdigit():
        return token.translate(_LEET)
    return token


def clean_text(text: str) -> str:
    """Steps 1-6 of the module doc: the ASCII lowercase form, words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text[:MAX_NAME_CHARS])
    text = _strip_controls(text).casefold()
    text = fold_confusables(text)
    text = transliterate(text).lower()
    text = _APOSTROPHES.sub("", text)
    text = text.replace("&", " and ")
    if "." in text:
        text = _DOTTED_INITIALS.sub(_undot, text)
    return _SEPARATORS.sub(" ", text).strip()


def _undot(m: re.Match[str]) -> str:
    return m.group(0).replace(".", "").replace(" ", "") + " "


@lru_cache(maxsize=65536)
def _word(token: str) -> str:
    return _leet(token)


def tokenize_name(text: str) -> list[str]:
    """Normalised tokens of a name (may be empty). Never raises on any `str`."""
    return [_word(t) for t in clean_text(text).split()]


def is_abjad(text: str) -> bool:
    """Written in a script that omits short vowels (Arabic, Hebrew, Syriac, Thaana)?

    Their transliterations ("mhmd", "frnandw") are consonant skeletons and are compared with
    Latin names on consonants only.
    """
    return not text.isascii() and _ABJAD.search(text) is not None


def is_cjk(text: str) -> bool:
    """Written with Han or Hangul characters (every part of such a name is a given or family
    name; there are no optional middle names)."""
    return not text.isascii() and _CJK.search(text) is not None
