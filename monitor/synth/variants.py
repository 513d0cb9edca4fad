"""Variant spellings of listed names, as they turn up on real payments.

Each kind is one realistic deviation from the published spelling (name order, case, hyphens and
spaces, one typo, a dropped legal form); seeding applies exactly one so a replay or evaluation can
report recall per kind.
"""

from __future__ import annotations

import random
import re

from monitor.lists.entry import Entry, EntryType

_BANK_WORD = re.compile(r"\b(BANK|BANCO|BANQUE|BANCA|BANKASI)\b", re.IGNORECASE)
BIC_SHAPE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
LEGAL_FORM = re.compile(
    r"(?:\b(?:(?:PUBLIC |CLOSED |OPEN )?JOINT[- ]STOCK COMPANY|PRIVATE LIMITED|PVT\.?|"
    r"LIMITED LIABILITY COMPANY|L\.L\.C\.|LLC|LTD\.?|LIMITED|COMPANY|CO\.|CORPORATION|"
    r"CORP\.?|INC\.?|P?JSC|OJSC|CJSC|OAO|ZAO|OOO|AO|S\.A\.|SA|GMBH|AG|FZE|FZCO|PLC|B\.V\.|BV)"
    r"(?=\W|$)[\s,]*)+",
    re.IGNORECASE,
)


def natural(name: str, person: bool) -> str:
    """OFAC's `SURNAME, Given` as a payment would carry it: `Given SURNAME`."""
    if person and "," in name:
        last, first = name.split(",", 1)
        return f"{first.strip()} {last.strip()}"
    return name.replace(",", "")


def _cap(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _typo(text: str, rng: random.Random) -> str | None:
    words = text.split(" ")
    i = max(range(len(words)), key=lambda k: (len(words[k]), -k))
    w = words[i]
    if len(w) < 5 or not w.isalpha():
        return None
    p = rng.randrange(1, len(w) - 2)
    op = rng.choice(("swap", "drop", "double", "vowel"))
    if op == "swap":
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    elif op == "drop":
        w = w[:p] + w[p + 1 :]
    elif op == "double":
        w = w[:p] + w[p] + w[p:]
    else:
        vowels = [v for v in "aeiou" if v != w[p].lower()]
        v = rng.choice(vowels)
        w = w[:p] + (v.upper() if w[p].isupper() else v) + w[p + 1 :]
    words[i] = w
    return " ".join(words)


def variant(name: str, kind: str, person: bool, rng: random.Random) -> str | None:
    """One spelling variant of a listed name, or None when `kind` does not apply to it."""
    base = (
        " ".join(_cap(w) for w in natural(name, True).split()) if person else natural(name, False)
    )
    words = base.split()
    if kind == "as_listed":
        return base
    if kind == "order_swap":
        if len(words) < 2:
            return None
        form = LEGAL_FORM.search(base)
        if not person and form and form.end() == len(base):
            return f"{form.group(0)} {base[: form.start()].strip()}"
        return " ".join(words[-1:] + words[:-1])
    if kind == "case":
        other = base.upper() if person else " ".join(_cap(w) for w in words)
        return base.lower() if rng.random() < 0.5 else other
    if kind == "hyphen_space":
        if "-" in base:
            if rng.random() < 0.5:
                return base.replace("-", " ", 1)
            return re.sub(r"-(\w)", lambda m: m.group(1).lower(), base, count=1)
        joinable = len(words) - (2 if person else 1)  # a person's given names, not the surname
        if joinable < 1:
            return None
        j = rng.randrange(joinable)
        glue = "-" if person else rng.choice(("-", ""))
        return " ".join(words[:j] + [words[j] + glue + words[j + 1]] + words[j + 2 :])
    if kind == "typo":
        return _typo(base, rng)
    if kind == "drop_legal_form":
        stripped = " ".join(LEGAL_FORM.sub(" ", base).replace(",", " ").split())
        return stripped if stripped != base and len(stripped) >= 4 else None
    raise ValueError(f"unknown variant kind {kind!r}")


PERSON_VARIANTS = ("order_swap", "case", "hyphen_space", "typo", "as_listed")
ORG_VARIANTS = ("drop_legal_form", "case", "hyphen_space", "typo", "order_swap")


def is_bank(entry: Entry) -> bool:
    return entry.entry_type == EntryType.ENTITY and (
        any(i.kind == "bic" for i in entry.identifiers)
        or bool(_BANK_WORD.search(entry.primary_name))
    )


def listed_bic(entry: Entry) -> str | None:
    for i in entry.identifiers:
        value = i.value.replace(" ", "").upper()
        if i.kind == "bic" and BIC_SHAPE.match(value):
            return value[:8]
    return None


def seed_roles(entry: Entry) -> tuple[str, ...]:
    """Where a listed entry can appear on a payment; a bank with a BIC also appears by BIC."""
    if entry.entry_type == EntryType.INDIVIDUAL:
        return ("originator", "beneficiary")
    if not is_bank(entry):
        return ("beneficiary", "originator")
    roles = ("beneficiary_agent", "intermediary_agent")
    return (
        roles + ("beneficiary_agent:bic", "intermediary_agent:bic") if listed_bic(entry) else roles
    )
