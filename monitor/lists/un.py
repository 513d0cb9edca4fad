"""The UN Security Council consolidated list (XML) into the one entry model.

The file comes from the network, so it is parsed as untrusted input: a document type declaration
(the vehicle of entity-expansion and external-entity attacks) is refused outright, and the stdlib
expat (>= 2.4.1 rejects billion-laughs amplification) never fetches external resources.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs are refused before parsing, see _check
from collections.abc import Iterable

from monitor.lists.entry import Address, Entry, EntryType, Identifier, ListName
from monitor.lists.errors import ListError
from monitor.lists.programs import UN_PROGRAMS
from monitor.lists.warnings import Warnings

SOURCE = "un"
_ALIAS_KINDS = {"good": "aka", "a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka", "": "aka"}
_ADDRESS_PARTS = ("STREET", "STATE_PROVINCE", "ZIP_CODE")
_SPACES = re.compile(r"\s+")


def parse_un(
    raw: bytes, name: str = "consolidated.xml"
) -> tuple[list[Entry], Warnings, str | None]:
    """Entries, warnings and the publication date (from `dateGenerated`) of one UN XML file."""
    root = _parse(raw, name)
    warnings = Warnings(SOURCE)
    entries: list[Entry] = []
    seen: set[str] = set()
    records = [*root.iterfind("INDIVIDUALS/INDIVIDUAL"), *root.iterfind("ENTITIES/ENTITY")]
    for node in records:
        entry = _entry(node, warnings)
        if entry is None:
            continue
        if entry.entry_id in seen:
            warnings.add("duplicate-id", f"REFERENCE_NUMBER {entry.entry_id} repeated, kept first")
            continue
        seen.add(entry.entry_id)
        entries.append(entry)
    if not entries:
        raise ListError(f"{name}: UN list without any INDIVIDUAL or ENTITY")
    return entries, warnings, _date(root.get("dateGenerated"))


def _parse(raw: bytes, name: str) -> ET.Element:
    head = raw[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        raise ListError(f"{name}: XML with a document type declaration refused (untrusted input)")
    try:
        root = _parse_in_chunks(raw)
    except ET.ParseError as exc:
        raise ListError(f"{name}: not well-formed XML, truncated? ({exc})") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListError(f"{name}: root element <{root.tag}>, expected <CONSOLIDATED_LIST>")
    return root


_CHUNK = 64 * 1024


def _parse_in_chunks(raw: bytes) -> ET.Element:
    """`ET.fromstring`, fed 64 KiB at a time: parsing the 2 MB list in one call holds the GIL
    for 100-150 ms, which stalls the event loop of a worker loading a new version in a thread."""
    parser = ET.XMLParser()  # noqa: S314 - see module docstring
    for i in range(0, len(raw), _CHUNK):
        parser.feed(raw[i : i + _CHUNK])
    return parser.close()


def _entry(node: ET.Element, warnings: Warnings) -> Entry | None:
    is_person = node.tag == "INDIVIDUAL"
    ref = _text(node, "REFERENCE_NUMBER") or _text(node, "DATAID")
    primary = _join(
        _text(node, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    )
    if not primary:
        warnings.add("empty-name", f"{node.tag} {ref} without a name, skipped")
        return None
    program = _text(node, "UN_LIST_TYPE")
    if program and program not in UN_PROGRAMS:
        warnings.add("unknown-program", f"{ref}: UN_LIST_TYPE {program!r}")
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    return Entry(
        source=SOURCE,
        entry_id=ref,
        entry_type=EntryType.INDIVIDUAL if is_person else EntryType.ENTITY,
        names=_names(node, primary, prefix),
        programs=(program,) if program else (),
        identifiers=tuple(dict.fromkeys(_documents(node))),
        addresses=tuple(_addresses(node, prefix)),
        countries=_unique(_text(v) for v in node.iterfind("NATIONALITY/VALUE")),
        dates_of_birth=_unique(_dob(d) for d in node.iterfind("INDIVIDUAL_DATE_OF_BIRTH")),
        remarks=_text(node, "COMMENTS1"),
        extra=_extra(node),
    )


def _names(node: ET.Element, primary: str, prefix: str) -> tuple[ListName, ...]:
    names = [ListName(primary)]
    if original := _text(node, "NAME_ORIGINAL_SCRIPT"):
        names.append(ListName(original, strong=True, kind="original"))
    for alias in node.iterfind(f"{prefix}_ALIAS"):
        text = _text(alias, "ALIAS_NAME")
        if not text:
            continue
        quality = _text(alias, "QUALITY").lower()
        if quality == "low":
            names.append(ListName(text, strong=False, kind="weak"))
        else:
            names.append(ListName(text, strong=True, kind=_ALIAS_KINDS.get(quality, "aka")))
    return tuple(dict.fromkeys(names))


def _documents(node: ET.Element) -> Iterable[Identifier]:
    for doc in node.iterfind("INDIVIDUAL_DOCUMENT"):
        number = _text(doc, "NUMBER")
        if not number:
            continue
        country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
        yield Identifier(_document_kind(_text(doc, "TYPE_OF_DOCUMENT")), number, country or None)


def _document_kind(type_: str) -> str:
    """`Passport`, `Numéro de passeport`, `Número de pasaporte` -> passport; ids likewise."""
    lowered = type_.lower()
    if "pass" in lowered or "pasaporte" in lowered:
        return "passport"
    if "national" in lowered or "identi" in lowered:
        return "national_id"
    return re.sub(r"[^a-z0-9]+", "_", lowered).strip("_") or "document"


def _addresses(node: ET.Element, prefix: str) -> Iterable[Address]:
    for addr in node.iterfind(f"{prefix}_ADDRESS"):
        text = ", ".join(p for p in (_text(addr, t) for t in _ADDRESS_PARTS) if p)
        city, country = _text(addr, "CITY"), _text(addr, "COUNTRY")
        if text or city or country:
            yield Address(text=text, city=city or None, country=country or None)


def _dob(node: ET.Element) -> str:
    """Same shapes as the OFAC parser: `1970-01-15`, `1962`, `circa 1962`, `1960 to 1962`."""
    kind = _text(node, "TYPE_OF_DATE").upper()
    date, year = _text(node, "DATE"), _text(node, "YEAR")
    low, high = _text(node, "FROM_YEAR"), _text(node, "TO_YEAR")
    if kind == "BETWEEN" and low and high:
        return f"{low} to {high}"
    value = date or year
    if kind == "APPROXIMATELY" and value:
        return f"circa {value}"
    return value


def _extra(node: ET.Element) -> tuple[tuple[str, str], ...]:
    pairs = [("dataid", _text(node, "DATAID")), ("listed_on", _text(node, "LISTED_ON"))]
    pairs.append(("gender", _text(node, "GENDER")))
    pairs.extend(("title", _text(v)) for v in node.iterfind("TITLE/VALUE"))
    pairs.extend(("designation", _text(v)) for v in node.iterfind("DESIGNATION/VALUE"))
    return tuple((k, v) for k, v in pairs if v)


def _date(value: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None


def _text(node: ET.Element, path: str | None = None) -> str:
    found = node.find(path) if path else node
    if found is None or not found.text:
        return ""
    return _SPACES.sub(" ", found.text).strip()


def _join(parts: Iterable[str]) -> str:
    return " ".join(p for p in parts if p)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
