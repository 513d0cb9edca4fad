"""The native screening core (`monitor._native`, Rust + PyO3, built from `native/`), if present.

`monitor.matching` is the reference implementation; the native module returns exactly what it
returns (tests compare the two), only faster. It is used when it was built at install time (a
Rust toolchain was found) unless `MONITOR_NATIVE=0`; `MONITOR_NATIVE=1` makes its absence an
error instead of a silent fallback (CI sets it, so CI proves the native path).
"""

from __future__ import annotations

import os
from types import ModuleType


class NativeUnavailable(RuntimeError):
    """MONITOR_NATIVE=1 but the native module could not be imported."""


def _load() -> ModuleType | None:
    wanted = os.environ.get("MONITOR_NATIVE", "").strip().lower()
    if wanted in ("0", "false", "no", "off"):
        return None
    try:
        from monitor import _native
    except ImportError as exc:
        if wanted in ("1", "true", "yes", "on"):
            raise NativeUnavailable(
                f"MONITOR_NATIVE={wanted} but monitor._native is not built ({exc}); "
                "reinstall with a Rust toolchain (cargo) on PATH"
            ) from exc
        return None
    return _native


def analyse_tables() -> dict[str, object]:
    """What the native `analyse_name` needs from the Python reference: the vocabulary and the
    tables derived from it, as the Python code holds them (one source of truth), and the versions
    of the Unicode data and anyascii release the native text step must agree with."""
    import unicodedata

    import anyascii

    from monitor.matching import phonetic, text, tokens, vocab

    return {
        "unidata_version": unicodedata.unidata_version,
        "anyascii_version": anyascii.__version__,
        # tokens.py
        "phrase_heads": tokens._PHRASE_HEADS,
        "head_words": list(tokens._HEAD_WORDS),
        "long_generic": list(tokens._LONG_GENERIC),
        "abd_fused": list(tokens._ABD_FUSED),
        "abd_sun": list(tokens._ABD_SUN),
        "tens_digits": set(tokens._TENS_DIGITS),
        "numberish": set(tokens._NUMBERISH),
        "base_weight": {int(k): v for k, v in tokens.BASE_WEIGHT.items()},
        "aside_factor": tokens.ASIDE_FACTOR,
        # vocab.py
        "legal_forms": vocab.LEGAL_FORMS,
        "org_generic": set(vocab.ORG_GENERIC),
        "geo_qualifiers": set(vocab.GEO_QUALIFIERS),
        "generic_abbreviations": vocab.GENERIC_ABBREVIATIONS,
        "titles": set(vocab.TITLES),
        "particles": set(vocab.PARTICLES),
        "particle_canon": vocab.PARTICLE_CANON,
        "patronymic_suffixes": list(vocab.PATRONYMIC_SUFFIXES),
        "roman_numerals": set(vocab.ROMAN_NUMERALS),
        "tens_words": vocab.TENS_WORDS,
        "long_legal_words": list(vocab.LONG_LEGAL_WORDS),
        "number_words": vocab.NUMBER_WORDS,
        "hypocorisms": vocab.HYPOCORISMS,
        "country_initialisms": {k: list(v) for k, v in vocab.COUNTRY_INITIALISMS.items()},
        # text.py
        "max_name_chars": text.MAX_NAME_CHARS,
        "confusables": text._CONFUSABLES,
        "leet": text._LEET,
        # phonetic.py (checked against the native copy of these rewrite rules)
        "digraphs": list(phonetic._DIGRAPHS),
        "vowel_groups": list(phonetic._VOWEL_GROUPS),
        "voicing": phonetic._VOICING,
        "adjectival": list(phonetic._ADJECTIVAL),
    }


native: ModuleType | None = _load()
"""The native module, or None when monitor runs the pure-Python core."""

native_analyse: bool = native is not None and bool(native.init_analyse(analyse_tables()))
"""`native.analyse_name` answers (else it always returns None: this interpreter's Unicode data
or anyascii release is not the one the native text step was built to agree with). The import
above needs `monitor.matching.tokens` and what it imports not to import this module."""
