"""OFAC legacy CSV lists (SDN and Consolidated non-SDN) into the one entry model.

Both lists share one shape: a primary file (sdn.csv / cons_prim.csv), aliases (alt), addresses
(add) and an optional comments file that continues Remarks cut at OFAC's column limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from hashlib import blake2b
from typing import TypeVar

from monitor.lists.csvfile import clean, cleaned, read_rows
from monitor.lists.entry import Address, Entry, EntryType, Identifier, ListName
from monitor.lists.errors import ListError
from monitor.lists.memo import RecordMemo
from monitor.lists.programs import OFAC_PROGRAMS, split_ofac_programs
from monitor.lists.remarks import parse_remarks
from monitor.lists.warnings import Warnings


@dataclass(frozen=True, slots=True)
class OfacLayout:
    """File names of one OFAC list family."""

    source: str
    primary: str
    alt: str
    add: str
    comments: str

    @property
    def required(self) -> tuple[str, ...]:
        return (self.primary, self.alt, self.add)

    @property
    def files(self) -> tuple[str, ...]:
        return (*self.required, self.comments)


SDN = OfacLayout("ofac-sdn", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS = OfacLayout("ofac-cons", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")

T = TypeVar("T")

REMARKS_LIMIT = 1000  # OFAC cuts Remarks here and continues them in the comments file
_MIN_OVERLAP = 20

_TYPES = {
    "individual": EntryType.INDIVIDUAL,
    "vessel": EntryType.VESSEL,
    "aircraft": EntryType.AIRCRAFT,
    "": EntryType.ENTITY,
}
_MEMO: RecordMemo[bytes, Entry] = RecordMemo()
"""Entries of the last parse of each OFAC source, reused for unchanged records (see memo.py)."""

_EXTRA_COLUMNS = (
    (4, "title"),
    (6, "vessel_type"),
    (7, "tonnage"),
    (8, "grt"),
    (10, "vessel_owner"),
)


def parse_ofac(layout: OfacLayout, files: Mapping[str, bytes]) -> tuple[list[Entry], Warnings]:
    """Entries of one OFAC list, in file order. `files` maps file name -> raw published bytes."""
    missing = [f for f in layout.required if f not in files]
    if missing:
        raise ListError(f"{layout.source}: missing {', '.join(missing)}")
    warnings = Warnings(layout.source)
    raw_primary = read_rows(files[layout.primary], layout.primary, 12)
    if not raw_primary:
        raise ListError(f"{layout.primary}: no entries")
    primary = cleaned(raw_primary)
    known = {row[0] for row in primary}
    alt_rows = cleaned(read_rows(files[layout.alt], layout.alt, 5))
    aliases = _group(alt_rows, known, warnings, "orphan-alias")
    add_rows = cleaned(read_rows(files[layout.add], layout.add, 6))
    addresses = _group(add_rows, known, warnings, "orphan-address")
    comments = _comments(files.get(layout.comments), layout.comments, known, warnings)
    entries: list[Entry] = []
    seen: set[str] = set()
    memo = _MEMO.parser(layout.source)
    for row, raw in zip(primary, raw_primary, strict=True):
        ent_num = row[0]
        if ent_num in seen:
            warnings.add(
                "duplicate-id", f"{layout.primary}: ent_num {ent_num} repeated, kept first"
            )
            continue
        seen.add(ent_num)
        remarks = _join_remarks(ent_num, raw[11], comments.get(ent_num), warnings)
        alts, adds = aliases[ent_num], addresses[ent_num]
        key = _record_digest(row, remarks, alts, adds)
        entries.append(
            memo.get(key, partial(_entry, layout.source, row, remarks, alts, adds), warnings)
        )
    memo.done()
    return entries, warnings


def _record_digest(
    row: list[str], remarks: str, alt_rows: list[list[str]], add_rows: list[list[str]]
) -> bytes:
    """Content address of everything an entry is parsed from (the memo's key; `repr` quotes and
    escapes every field, so two different records never give one text): 16 bytes kept per record
    instead of its rows (~13 MiB for the SDN list)."""
    text = repr((row, remarks, alt_rows, add_rows))
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _group(
    rows: list[list[str]], known: set[str], warnings: Warnings, code: str
) -> defaultdict[str, list[list[str]]]:
    grouped: defaultdict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        ent_num = row[0]
        if ent_num not in known:
            warnings.add(code, f"row {row[1]} for unknown ent_num {ent_num}")
            continue
        grouped[ent_num].append(row)
    return grouped


def _comments(raw: bytes | None, name: str, known: set[str], warnings: Warnings) -> dict[str, str]:
    """Remarks longer than OFAC's column continue, verbatim, in the comments file."""
    if raw is None:
        return {}
    out: dict[str, str] = {}
    for row in read_rows(raw, name, 2):
        ent_num = row[0].strip()
        if ent_num not in known:
            warnings.add("orphan-comment", f"comment for unknown ent_num {ent_num}")
            continue
        out[ent_num] = out.get(ent_num, "") + row[1]
    return out


def _join_remarks(ent_num: str, remarks: str, comment: str | None, warnings: Warnings) -> str:
    """Remarks cut at OFAC's 1,000-character column continue in the comments file; both are
    joined unstripped (a cut can fall right after a space).

    A comment for remarks that were not cut, or one that repeats the tail of the remarks, comes
    from a comments file of another day than the primary file (seen in the shared SDN data)."""
    if comment is None:
        return clean(remarks)
    if len(remarks) < REMARKS_LIMIT:
        warnings.add("unused-comment", f"ent_num {ent_num}: remarks not cut, comment ignored")
        return clean(remarks)
    return (remarks + comment[_overlap(remarks, comment) :]).strip()


def _overlap(head: str, tail: str) -> int:
    """Length of the longest start of `tail` that ends `head`, if too long to be a fluke."""
    for size in range(min(len(head), len(tail)), _MIN_OVERLAP - 1, -1):
        if head.endswith(tail[:size]):
            return size
    return 0


def _entry(
    source: str,
    row: list[str],
    remarks: str,
    alt_rows: list[list[str]],
    add_rows: list[list[str]],
    warnings: Warnings,
) -> Entry:
    ent_num = row[0]
    facts = parse_remarks(remarks)
    programs = split_ofac_programs(row[3])
    for tag in programs:
        if tag not in OFAC_PROGRAMS:
            warnings.add("unknown-program", f"ent_num {ent_num}: program {tag!r}")
    identifiers = list(facts.identifiers)
    if call_sign := row[5]:
        identifiers.append(Identifier("call_sign", call_sign))
    countries = list(facts.countries)
    if flag := row[9]:
        countries.append(flag)
    extra = [(key, row[i]) for i, key in _EXTRA_COLUMNS if row[i]]
    return Entry(
        source=source,
        entry_id=ent_num,
        entry_type=_entry_type(row[2], ent_num, warnings),
        names=_names(row[1], alt_rows, facts.weak_names),
        programs=programs,
        identifiers=_unique(identifiers),
        addresses=tuple(a for a in map(_address, add_rows) if a is not None),
        countries=_unique(countries),
        dates_of_birth=_unique(facts.dates_of_birth),
        remarks=remarks,
        extra=tuple(extra + facts.extra),
    )


def _entry_type(cell: str, ent_num: str, warnings: Warnings) -> EntryType:
    value = cell.lower()
    if value not in _TYPES:
        warnings.add("unknown-type", f"ent_num {ent_num}: SDN_Type {value!r}, read as entity")
    return _TYPES.get(value, EntryType.ENTITY)


def _names(primary: str, alt_rows: list[list[str]], weak: list[ListName]) -> tuple[ListName, ...]:
    names = [ListName(primary)]
    for row in alt_rows:
        if text := row[3]:
            names.append(ListName(text, strong=True, kind=row[2].lower() or "aka"))
    return _unique([*names, *weak])


def _address(row: list[str]) -> Address | None:
    text, city, country = row[2], row[3], row[4]
    if not (text or city or country):
        return None
    return Address(text=text, city=city or None, country=country or None)


def _unique(items: list[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))
