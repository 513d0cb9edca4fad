"""Screening against the real SDN list: recall of the 16 Dec 2024 entries under generated
variants, entity-type gating, explanations, false alerts on people who are on no list, and index
search equal to a full scan."""

from __future__ import annotations

import csv
import random

import pytest

from monitor.lists.entry import Entry, EntryType, ListName
from monitor.lists.table import ListVersion, SanctionsTable
from monitor.matching import nearby
from monitor.matching.api import NameIndex, PartyKind
from monitor.matching.engine import AlignIndex, AlignMatcher
from monitor.matching.score import score_tokens
from monitor.matching.tokens import analyse_name
from tests.unit.matching.conftest import DEC_2024, MATCHING, need
from tests.unit.matching.variants import FAMILIES, fused_three, split_three

KIND: dict[EntryType, PartyKind] = {
    EntryType.INDIVIDUAL: "person",
    EntryType.ENTITY: "organization",
    EntryType.VESSEL: "vessel",
    EntryType.AIRCRAFT: "any",
}


def dec_2024(sdn: SanctionsTable) -> list[Entry]:
    entries = [sdn.get(f"ofac-sdn:{n}") for n in DEC_2024]
    assert all(e is not None for e in entries)
    return [e for e in entries if e is not None]


def test_all_16_entities_hit_under_every_alias(sdn: SanctionsTable, sdn_index: NameIndex) -> None:
    missed = []
    for entry in dec_2024(sdn):
        for name in entry.names:
            for kind in (KIND[entry.entry_type], "any"):
                keys = [m.entry.key for m in sdn_index.search(name.text, kind)]
                if entry.key not in keys:
                    missed.append((entry.key, name.text, kind))
    assert missed == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_16_entities_hit_under_generated_variants(
    family: str, sdn: SanctionsTable, sdn_index: NameIndex
) -> None:
    generate = FAMILIES[family]
    tried, missed = 0, []
    for entry in dec_2024(sdn):
        kind = KIND[entry.entry_type]
        for name in entry.names:
            if not any(t.content for t in analyse_name(name.text)):
                continue  # only a legal form / generic words ("EAST TRADING"): nothing to vary
            if family == "typos" and not name.strong:
                continue  # weak a.k.a.s need more than a typo'd spelling (OFAC's own advice)
            for variant in set(generate(name.text)):
                if not analyse_name(variant):
                    continue
                tried += 1
                if entry.key not in [m.entry.key for m in sdn_index.search(variant, kind)]:
                    missed.append((name.text, variant))
    assert tried > 0
    assert missed == [], f"{len(missed)}/{tried} variants missed"


def test_bank_bic_entity_and_bank_kind(sdn_index: NameIndex) -> None:
    hits = sdn_index.search("Golden Triangle B\u0430nk", "bank")  # Cyrillic а
    assert hits and hits[0].entry.entry_id == "47148"


@pytest.mark.parametrize(
    ("name", "kind", "expect"),
    [
        ("KIM, Myong Jin", "person", True),
        ("KIM, Myong Jin", "any", True),
        ("KIM, Myong Jin", "organization", False),
        ("KIM, Myong Jin", "vessel", False),
        ("Vostok Trading", "organization", True),
        ("Vostok Trading", "bank", True),
        ("Vostok Trading", "person", False),
    ],
)
def test_entity_types_gate_hits(
    sdn_index: NameIndex, name: str, kind: PartyKind, expect: bool
) -> None:
    keys = {m.entry.entry_id for m in sdn_index.search(name, kind)}
    assert bool(keys & {"51328", "52119"}) is expect


def test_vessel_name_does_not_hit_a_person(sdn: SanctionsTable, sdn_index: NameIndex) -> None:
    vessel = next(e for e in sdn.entries if e.entry_type == EntryType.VESSEL)
    assert vessel.key in {m.entry.key for m in sdn_index.search(vessel.primary_name, "vessel")}
    assert all(
        m.entry.entry_type == EntryType.INDIVIDUAL
        for m in sdn_index.search(vessel.primary_name, "person")
    )


def test_weak_alias_counts_but_lower(sdn_index: NameIndex) -> None:
    hit = next(m for m in sdn_index.search("GTB", "bank") if m.entry.entry_id == "47148")
    assert hit.matched_name == "GTB"
    assert hit.score < 100.0
    assert ("weak_alias_factor", 0.9) in hit.components


def test_explanations(sdn_index: NameIndex) -> None:
    hit = sdn_index.search("Park Jeong Chon", "person")[0]
    assert hit.entry.entry_id == "52117"
    assert hit.matched_name in {n.text for n in hit.entry.names}
    assert hit.matched_name in hit.explanation
    pairs = {(q, a) for q, a, _ in hit.token_pairs}
    assert ("park", "park") in pairs or ("park", "pak") in pairs
    assert all(0.0 < s <= 1.0 for _, _, s in hit.token_pairs)
    names = dict(hit.components)
    assert {"matched", "conflict", "extra", "shortfall"} <= set(names)
    assert 0.0 <= hit.score <= 100.0


def test_results_best_first_and_thresholded(sdn_index: NameIndex) -> None:
    hits = sdn_index.search("Kim Chol", "person", threshold=60)
    scores = [m.score for m in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= 60 for s in scores)
    assert len({m.entry.key for m in hits}) == len(hits)


def test_negatives_rarely_alert(sdn_index: NameIndex) -> None:
    with need(MATCHING / "negatives_global_1k.csv").open(encoding="utf-8") as fh:
        names = [row["full_name"] for row in csv.DictReader(fh)]
    assert len(names) == 1000
    alerted = [n for n in names if sdn_index.search(n, "any")]
    assert len(alerted) <= 2, alerted


def _brute_force(index: AlignIndex, name: str, kind: PartyKind) -> dict[str, float]:
    """Score every alias of the table with the same scorer: what the index must reproduce."""
    from monitor.matching.engine import ALLOWED_TYPES

    tokens = index._tokens
    query = analyse_name(name)
    qweights = [tokens.weight(t) for t in query]
    best: dict[str, float] = {}
    for alias in tokens.aliases:
        if not query or alias.entry_type not in ALLOWED_TYPES[kind]:
            continue
        org = alias.entry_type != EntryType.INDIVIDUAL
        detail = score_tokens(query, qweights, alias.tokens, alias.weights, index._params, org)
        score = detail.score * (index._weak_factor if alias.weak else 1.0)
        if score >= index.threshold:
            key = index.table.entries[alias.entry_index].key
            best[key] = max(best.get(key, 0.0), score)
    return best


def test_index_equals_full_scan(
    sdn: SanctionsTable, sdn_index: NameIndex, matcher: AlignMatcher
) -> None:
    """Candidate generation loses nothing: same hits and scores as scoring all 36k names."""
    assert isinstance(sdn_index, AlignIndex)
    rnd = random.Random(16)
    queries: list[str] = []
    for entry in dec_2024(sdn):
        for name in entry.names:
            queries.append(name.text)
            for generate in FAMILIES.values():
                variants = sorted(set(generate(name.text)))
                if variants:
                    queries.append(rnd.choice(variants))
    with need(MATCHING / "name_pairs.csv").open(encoding="utf-8") as fh:
        pair_names = [n for row in csv.DictReader(fh) for n in (row["name1"], row["name2"])]
    with need(MATCHING / "negatives_global_1k.csv").open(encoding="utf-8") as fh:
        negatives = [row["full_name"] for row in csv.DictReader(fh)]
    queries = rnd.sample(queries, 24) + rnd.sample(pair_names, 12) + rnd.sample(negatives, 8)
    for q in queries:
        expected = _brute_force(sdn_index, q, "any")
        got = {m.entry.key: m.score for m in sdn_index.search(q, "any")}
        assert set(got) == set(expected), q
        for key, score in expected.items():
            assert got[key] == pytest.approx(round(score, 2), abs=0.01), (q, key)


def test_three_words_written_as_one_found_as_a_full_scan_finds_them(
    sdn: SanctionsTable, sdn_index: NameIndex
) -> None:
    """Three list words written as one ("Kimjongun", "Vandenberg", "Goldentrianglebank": an
    alias of generic words only, too) and one long list word written as three ("Plat Ono
    Vich"), generated from the list: the entry is found, and the index finds what a full scan
    finds."""
    assert isinstance(sdn_index, AlignIndex)
    rnd = random.Random(7)
    by_text = {n.text: e.key for e in sdn.entries for n in e.names}
    generic_only = [t for t in by_text if not any(w.content for w in analyse_name(t))]
    texts = rnd.sample(sorted(by_text), 400) + rnd.sample(generic_only, 40)
    cases = [(t, fused_three(t, rnd)) for t in texts] + [(t, split_three(t, rnd)) for t in texts]
    found = [(t, q) for t, q in cases if q is not None]
    picked = (
        rnd.sample([c for c in found if c[0] in generic_only], 4)
        + rnd.sample([c for c in found if " " not in c[1]], 4)  # the whole name as one word
        + rnd.sample(found, 16)
    )
    for text, q in picked:
        expected = _brute_force(sdn_index, q, "any")
        got = {m.entry.key: m.score for m in sdn_index.search(q, "any")}
        assert by_text[text] in got, (text, q)
        assert set(got) == set(expected), q
        for key, score in expected.items():
            assert got[key] == pytest.approx(round(score, 2), abs=0.01), (q, key)


def _small_table(entries: list[Entry]) -> SanctionsTable:
    return SanctionsTable(tuple(entries), ListVersion(()))


def test_neighbourhoods_left_by_other_lists_change_nothing(
    sdn: SanctionsTable,
    sdn_index: NameIndex,
    matcher: AlignMatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Builds share word neighbourhoods: words from the SDN build may widen the candidates of a
    later index, never its results (same hits, scores and names as an index built alone)."""
    table = _small_table(dec_2024(sdn))
    shared = matcher.index(table)  # neighbourhoods already hold all of the SDN's words
    monkeypatch.setattr(nearby, "shared", nearby.Neighbourhoods)
    alone = matcher.index(table)
    rnd = random.Random(3)
    queries = [n.text for e in table.entries for n in e.names]
    queries += [rnd.choice(sorted(set(g(q)) or [q])) for q in queries for g in FAMILIES.values()]
    with need(MATCHING / "negatives_global_1k.csv").open(encoding="utf-8") as fh:
        queries += [row["full_name"] for row in csv.DictReader(fh)][:200]
    for q in queries:
        for kind in ("any", "person"):
            got = [(m.entry.key, m.matched_name, m.score) for m in shared.search(q, kind, 60)]
            assert got == [
                (m.entry.key, m.matched_name, m.score) for m in alone.search(q, kind, 60)
            ]


@pytest.mark.parametrize(
    "names", [("Ivan PETROV", "PETROV, Ivan"), ("PETROV, Ivan", "Ivan PETROV")]
)
def test_equal_scores_keep_the_name_listed_first(
    matcher: AlignMatcher, names: tuple[str, str]
) -> None:
    entry = Entry("t", "1", EntryType.INDIVIDUAL, tuple(ListName(n) for n in names))
    hits = matcher.index(_small_table([entry])).search("Ivan Petrov", "person")
    assert [(m.matched_name, m.score) for m in hits] == [(names[0], 100.0)]
