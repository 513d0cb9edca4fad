"""The search path's shortcuts compute exactly what the scorer's reference functions do: the
bulk grading of a query word's neighbours (`key_similarities`) against `word_similarity`, on the
neighbours the SDN index really enumerates for list words, typo'd list words and unlisted names."""

from __future__ import annotations

import csv
import random

from monitor.matching import score
from monitor.matching.api import NameIndex
from monitor.matching.engine import AlignIndex
from monitor.matching.score import key_similarities
from monitor.matching.tokens import Token, analyse_name
from tests.unit.matching.conftest import MATCHING, need


def _query_words(index: AlignIndex) -> list[Token]:
    rnd = random.Random(11)
    names = [n.text for e in index.table.entries for n in e.names]
    texts = rnd.sample(names, 300)
    for text in rnd.sample(names, 300):  # one letter changed: words the list does not hold
        i = rnd.randrange(len(text))
        texts.append(text[:i] + rnd.choice("aeiouyhkrstn") + text[i + 1 :])
    with need(MATCHING / "negatives_global_1k.csv").open(encoding="utf-8") as fh:
        texts += [row["full_name"] for row in csv.DictReader(fh)][:300]
    words = {(t.form, t.abjad, t.cjk): t for x in texts for t in analyse_name(x) if t.content}
    return list(words.values())


def test_key_similarities_equal_word_similarity(sdn_index: NameIndex) -> None:
    assert isinstance(sdn_index, AlignIndex)
    tokens = sdn_index._tokens
    tokens.build_maps()  # the Python maps (not built when the native core searches)
    compared = positive = 0
    for q in _query_words(sdn_index):
        for key in tokens.near_keys(q):
            words = tokens._words_of_key.get(key, [])
            got = key_similarities(q, key, words)
            # the uncached reference: the bulk grader fills the pair cache itself
            assert got == [1.0 if w.form == q.form and w.abjad == q.abjad else
                           score._word_similarity(q, w) for w in words], (q.form, key)  # fmt: skip
            compared += len(words)
            positive += sum(s > 0.0 for s in got)
    assert compared > 10_000
    assert 0 < positive < compared


def test_key_similarities_fill_the_pair_cache(sdn_index: NameIndex) -> None:
    assert isinstance(sdn_index, AlignIndex)
    sdn_index._tokens.build_maps()  # the Python maps (not built when the native core searches)
    q = analyse_name("Muhamad")[0]
    # the neighbourhoods are shared across builds: keep a key this index's list holds
    words_of_key = sdn_index._tokens._words_of_key
    key = next(k for k in sdn_index._tokens.near_keys(q) if k != q.key and words_of_key.get(k))
    words = words_of_key[key]
    sims = key_similarities(q, key, words)
    for w, s in zip(words, sims, strict=True):
        assert score.word_similarity(q, w) == s
