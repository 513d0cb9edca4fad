"""Facts hidden in OFAC's free-text Remarks column.

OFAC's legacy CSV keeps identifiers (SWIFT/BIC, IMO, passports, tax ids), dates of birth,
nationalities and weak a.k.a.s only inside Remarks, as `; `-separated clauses such as
`SWIFT/BIC KGTBKPP1; DOB 15 Jan 1970; a.k.a. 'GTB'.` Everything a matcher or a jurisdiction check
needs is lifted out here; the clause text itself stays in `Entry.remarks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitor.lists.entry import Identifier, ListName

# Clause prefix -> identifier kind; the longest matching prefix wins (see _CLAUSE).
_ID_KINDS: dict[str, str] = {
    "SWIFT/BIC": "bic",
    "Vessel Registration Identification IMO": "imo",
    "Identification Number IMO": "imo",
    "Company Number IMO": "imo",
    "MMSI": "mmsi",
    "Diplomatic Passport": "passport",
    "Passport": "passport",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "SSN": "ssn",
    "Tax ID No.": "tax_id",
    "R.F.C.": "tax_id",
    "C.U.R.P.": "curp",
    "Registration Number": "registration",
    "Registration ID": "registration",
    "Business Registration Number": "registration",
    "Legal Entity Number": "lei",
    "Identification Number": "identification",
    "Driver's License No.": "drivers_license",
    "Aircraft Tail Number": "aircraft_tail",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_msn",
}
_COUNTRY_PREFIXES = frozenset(("nationality", "citizen", "Nationality of Registration"))
_EXTRA_KEYS = {"Gender": "gender", "POB": "pob"}
_OTHER_PREFIXES = ("DOB", "a.k.a.", "f.k.a.", "n.k.a.", "Digital Currency Address")
# One pass per clause: the longest known prefix wins ("Identification Number IMO" over
# "Identification Number"); "alt. " marks a second value of the same kind.
_CLAUSE = re.compile(
    r"^(?:alt\. )?("
    + "|".join(
        map(
            re.escape,
            sorted(
                (*_ID_KINDS, *_COUNTRY_PREFIXES, *_EXTRA_KEYS, *_OTHER_PREFIXES),
                key=len,
                reverse=True,
            ),
        )
    )
    + r")(?=[ ,])"
)
_CRYPTO = re.compile(r"^(?:alt\. )?Digital Currency Address - (?P<currency>\S+) (?P<address>\S+)$")
_WEAK = re.compile(r"^[afn]\.k\.a\.,? (?P<q>['\"])(?P<name>.+)(?P=q)$")
_ID_TAIL = re.compile(r" (?:issued|expires) ")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_DATE = re.compile(r"^(?:(?P<day>\d{1,2}) )?(?:(?P<month>[A-Z][a-z]{2}) )?(?P<year>\d{4})$")


@dataclass(slots=True)
class RemarkFacts:
    identifiers: list[Identifier] = field(default_factory=list)
    dates_of_birth: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    weak_names: list[ListName] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


def split_clauses(remarks: str) -> list[str]:
    """`a; b; c.` -> [a, b, c]; the final full stop belongs to the remarks, not the last clause."""
    text = remarks.strip()
    text = text[:-1] if text.endswith(".") else text
    return [c.strip() for c in text.split(";") if c.strip()]


def iso_date(text: str) -> str:
    """`15 Jan 1970` -> `1970-01-15`, `Jan 1970` -> `1970-01`, `1962` -> `1962`; anything else
    (`circa 1965`, `1960 to 1962`) is returned as published."""
    m = _DATE.match(text.strip())
    if not m or (m["month"] and m["month"] not in _MONTHS) or (m["day"] and not m["month"]):
        return text.strip()
    parts = [m["year"]]
    if m["month"]:
        parts.append(f"{_MONTHS[m['month']]:02d}")
    if m["day"]:
        parts.append(f"{int(m['day']):02d}")
    return "-".join(parts)


def parse_identifier(kind: str, rest: str) -> Identifier:
    """`12345 (Korea, North) issued 2010` -> Identifier(kind, "12345", "Korea, North")."""
    value = _ID_TAIL.split(rest, 1)[0].strip()
    country = None
    if value.endswith(")") and (open_at := value.rfind(" (")) > 0:
        value, country = value[:open_at].rstrip(), value[open_at + 2 : -1].strip() or None
    return Identifier(kind, value, country)


def parse_remarks(remarks: str) -> RemarkFacts:
    facts = RemarkFacts()
    for clause in split_clauses(remarks):
        _parse_clause(clause, facts)
    return facts


def _unquote(name: str) -> str:
    """`'FOOPIE'` (published as a.k.a. ''FOOPIE'') -> `FOOPIE`; a lone leading apostrophe, as in
    `'ABD AL-MUHSI` (a transliterated ayn), is part of the name."""
    name = name.strip()
    while len(name) > 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1].strip()
    return name


def _parse_clause(clause: str, facts: RemarkFacts) -> None:
    m = _CLAUSE.match(clause)
    if m is None:
        return
    prefix, rest = m[1], clause[m.end() :].strip()
    if prefix == "DOB":
        facts.dates_of_birth.append(iso_date(rest))
    elif prefix in _COUNTRY_PREFIXES:
        facts.countries.append(rest)
    elif prefix in _ID_KINDS:
        facts.identifiers.append(parse_identifier(_ID_KINDS[prefix], rest))
    elif prefix in _EXTRA_KEYS:
        facts.extra.append((_EXTRA_KEYS[prefix], rest))
    elif crypto := _CRYPTO.match(clause):
        facts.identifiers.append(Identifier("crypto", crypto["address"]))
    elif weak := _WEAK.match(clause):
        facts.weak_names.append(ListName(_unquote(weak["name"]), strong=False, kind="weak"))
