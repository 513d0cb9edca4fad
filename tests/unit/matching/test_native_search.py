"""The native search core (`monitor._native.NativeIndex`) against the Python reference.

Same hits, same scores, same explanations, token pairs and components, for every party kind, on
real data: variants of SDN aliases, the names of name_pairs.csv, the 1k negatives, the
multiscript sample, and names made of list words by hypothesis; the native pair scorer and
romanisation key against Python's too. Skipped when the native module is not built.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import os
import random
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bench_core import queries
from monitor.lists.table import SanctionsTable
from monitor.matching.api import NameMatch
from monitor.matching.engine import AlignIndex, AlignMatcher
from monitor.matching.phonetic import romanisation_key
from monitor.matching.score import joins, score_tokens
from monitor.matching.tokens import analyse_name
from tests.unit.matching.conftest import MATCHING, need
from tests.unit.matching.variants import fused_three, split_three

_native = pytest.importorskip(
    "monitor._native", reason="native core not built (monitor/_native*.so; needs cargo)"
)

KINDS = ("any", "person", "organization", "bank", "vessel")


@pytest.fixture(scope="module")
def indexes(matcher: AlignMatcher, sdn: SanctionsTable) -> tuple[AlignIndex, AlignIndex]:
    """(Python reference, native) over the SDN list."""
    return matcher.index(sdn, use_native=False), matcher.index(sdn, use_native=True)


def _view(hits: list[NameMatch]) -> list[tuple[Any, ...]]:
    return [
        (m.entry.key, m.matched_name, m.score, m.explanation, m.token_pairs, m.components)
        for m in hits
    ]


def _compare(
    indexes: tuple[AlignIndex, AlignIndex],
    names: Iterable[str],
    kinds: tuple[str, ...] = KINDS,
    threshold: float | None = None,
) -> tuple[int, int]:
    """(searches, searches with hits); asserts native == Python on each."""
    python, native = indexes
    assert native._native is not None and python._native is None
    searches = with_hits = 0
    for name in names:
        for kind in kinds:
            want = _view(python.search(name, kind, threshold))  # type: ignore[arg-type]
            got = _view(native.search(name, kind, threshold))  # type: ignore[arg-type]
            assert got == want, (name, kind)
            searches += 1
            with_hits += bool(want)
    return searches, with_hits


def _csv(path: str, *columns: str) -> list[str]:
    with need(MATCHING / path).open(encoding="utf-8") as fh:
        return [row[c] for row in csv.DictReader(fh) for c in columns if row[c]]


def test_mimalloc_gives_freed_memory_back_at_once() -> None:
    """The native core's allocator returns freed pages at once (see monitor/__init__.py): what
    mimalloc itself reports for `purge_delay` when the extension loads, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIMALLOC_")}
    env["MIMALLOC_VERBOSE"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", "import monitor._native"],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert "option 'purge_delay': 0" in out.stderr, out.stderr[-2000:]


def test_native_hits_are_name_matches(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    """The native core makes the `NameMatch` records itself (bypassing the dataclass's
    `__init__`): they must be the frozen dataclass the Python path returns, equal and hashing
    alike, holding the very entry objects of the table."""
    python, native = indexes
    want, got = python.search("Golden Triangle Bank"), native.search("Golden Triangle Bank")
    assert got and got == want and [hash(m) for m in got] == [hash(m) for m in want]
    for m, w in zip(got, want, strict=True):
        assert type(m) is NameMatch and m.entry is w.entry
        with pytest.raises(dataclasses.FrozenInstanceError):
            m.score = 0.0  # type: ignore[misc]


def test_sdn_alias_variants(indexes: tuple[AlignIndex, AlignIndex], sdn: SanctionsTable) -> None:
    names = [n.text for e in sdn.entries for n in e.names]
    qs = queries(names, 1200, 11)
    searches, hits = _compare(indexes, qs, ("any", "person", "organization", "vessel"))
    assert searches == 4 * len(qs) and hits > 1000


def test_three_words_written_as_one(
    indexes: tuple[AlignIndex, AlignIndex], sdn: SanctionsTable
) -> None:
    """Fused runs of three list words and long list words written as three: the runs the two
    cores find, their index keys and their scores agree."""
    rnd = random.Random(3)
    names = sorted({n.text for e in sdn.entries for n in e.names})
    fused = [q for q in (fused_three(n, rnd) for n in rnd.sample(names, 1500)) if q]
    split = [q for q in (split_three(n, rnd) for n in rnd.sample(names, 3000)) if q]
    assert len(fused) > 200 and len(split) > 200
    searches, hits = _compare(indexes, fused[:200] + split[:200], ("any", "person", "organization"))
    assert searches == 3 * 400 and hits > 300


def test_sdn_aliases_verbatim(indexes: tuple[AlignIndex, AlignIndex], sdn: SanctionsTable) -> None:
    names = [n.text for e in sdn.entries for n in e.names]
    _compare(indexes, random.Random(5).sample(names, 400), ("any", "person"))


def test_name_pairs(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    names = list(dict.fromkeys(_csv("name_pairs.csv", "name1", "name2")))
    searches, hits = _compare(indexes, names, ("any", "person", "organization"))
    assert hits > 0


def test_negatives(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    _compare(indexes, _csv("negatives_global_1k.csv", "full_name"), ("any", "person"))


def test_negatives_at_a_low_threshold(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    """Many more candidates survive the bounds at 60: the bound code paths are exercised."""
    names = _csv("negatives_global_1k.csv", "full_name")[:300]
    searches, hits = _compare(indexes, names, ("any",), threshold=60.0)
    assert hits > 0


def test_multiscript(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    _compare(indexes, _csv("multiscript_sample_names.csv", "name"), ("any", "person"))


@pytest.fixture(scope="module")
def list_words(sdn: SanctionsTable) -> list[str]:
    words = {
        w for e in sdn.entries[:4000] for n in e.names for w in n.text.replace(",", " ").split()
    }
    return sorted(words)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_names_of_list_words(
    data: st.DataObject, indexes: tuple[AlignIndex, AlignIndex], list_words: list[str]
) -> None:
    words = data.draw(st.lists(st.sampled_from(list_words), min_size=1, max_size=5))
    glue = data.draw(st.sampled_from([" ", "-", ", ", ""]))
    name = glue.join(words)
    if data.draw(st.booleans()):  # one letter changed
        i = data.draw(st.integers(0, len(name) - 1))
        name = name[:i] + data.draw(st.sampled_from("aeiouyhkrstn")) + name[i + 1 :]
    _compare(indexes, [name], ("any", "person", "organization"), threshold=70.0)


def test_pair_scorer(indexes: tuple[AlignIndex, AlignIndex], matcher: AlignMatcher) -> None:
    _, native = indexes
    with need(MATCHING / "name_pairs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    params = matcher.score_params()
    compared = 0
    for row in rows:
        q, c = analyse_name(row["name1"]), analyse_name(row["name2"])
        qw, cw = [t.weight for t in q], [t.weight for t in c]
        for org in (False, True):
            want = score_tokens(q, qw, c, cw, params, org, joins(q), joins(c))
            score, anchored, pairs, matched, conflict, extra, short = native._native.score_tokens(
                q, qw, c, cw, org
            )
            got = (score, anchored, tuple((a, b, round(s, 3)) for a, b, s in pairs))
            assert got == (want.score, want.anchored, want.pairs), (row["name1"], row["name2"])
            assert (matched, conflict, extra, short) == (
                want.matched,
                want.conflict,
                want.extra,
                want.shortfall,
            )
            compared += 1
    assert compared == 2 * len(rows)


def test_romanisation_key(sdn: SanctionsTable) -> None:
    """The native copy used for fused words: every list word, fused pair and split."""
    forms = {t.form for e in sdn.entries for n in e.names for t in analyse_name(n.text)}
    fused = {a + b for a in list(forms)[:300] for b in list(forms)[:300]}
    splits = {f[:k] for f in list(forms)[:3000] for k in range(1, len(f))}
    splits |= {f[k:] for f in list(forms)[:3000] for k in range(1, len(f))}
    for word in sorted(forms | fused | splits):
        assert _native.search_romanisation_key(word) == romanisation_key(word), word


def test_weights(indexes: tuple[AlignIndex, AlignIndex], sdn: SanctionsTable) -> None:
    python, native = indexes
    words = {t for e in sdn.entries[:3000] for n in e.names for t in analyse_name(n.text)}
    for t in words:
        assert native._native.weight(t) == python._tokens.weight(t)


def test_more_than_32_name_words_take_the_python_path(
    matcher: AlignMatcher, sdn: SanctionsTable
) -> None:
    """The native core declines such a query; the index then builds its Python maps once."""
    index = matcher.index(sdn, use_native=True)
    python = matcher.index(sdn, use_native=False)
    words = sorted({t.form for e in sdn.entries[:400] for t in analyse_name(e.names[0].text)
                    if t.content and 4 <= len(t.form) <= 5})  # fmt: skip
    name = " ".join(words[:50])
    assert sum(t.content for t in analyse_name(name)) > 32
    assert native_search_declines(index, name)
    assert _view(index.search(name, "any", 50)) == _view(python.search(name, "any", 50))
    assert index._tokens._maps_built
    assert _compare((python, index), ["Kim Jong Un", "Banco Nacional de Cuba"])[0] == 10


def native_search_declines(index: AlignIndex, name: str) -> bool:
    return index._native.search_tokens(analyse_name(name), 15, 50.0) is None  # type: ignore[no-any-return]


@pytest.mark.parametrize("places", [0, 2, 3])
def test_rounding_and_formatting_as_python(places: int) -> None:
    """The native core writes explanations and rounds components itself: `round(x, places)`
    and `f"{x:.{places}f}"` must be Python's, ties to even on the exact binary value."""
    rng = random.Random(places)
    xs = [rng.uniform(0, 100) for _ in range(40_000)] + [rng.uniform(0, 3) for _ in range(40_000)]
    xs += [k / 2**m for m in range(1, 12) for k in range(0, 100 * 2**m, max(1, 2**m // 64))]
    xs += [a / b * f for a in range(1, 120) for b in range(a, 120) for f in (1.0, 0.95, 100.0)]
    got = _native._round_and_format(xs, places)
    want = [(round(x, places), f"{x:.{places}f}") for x in xs]
    bad = [(x, g, w) for x, g, w in zip(xs, got, want, strict=True) if g != w]
    assert not bad, bad[:5]
    assert any(x * 10**places % 1 == 0.5 for x in xs)  # exact ties were among them


def test_a_native_panic_is_an_ordinary_error(indexes: tuple[AlignIndex, AlignIndex]) -> None:
    """pyo3 raises a Rust panic as PanicException, a BaseException the worker's per-payment
    `except Exception` would not catch: search turns it into a RuntimeError (dead-lettered)."""

    class PanicException(BaseException):
        pass

    class Panicking:
        def search(self, *args: object) -> None:
            raise PanicException("index out of bounds")

    _, native = indexes
    index = copy.copy(native)
    index._native = Panicking()
    with pytest.raises(RuntimeError, match="native search failed: index out of bounds"):
        index.search("Kim Jong Un")
