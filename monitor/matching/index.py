"""Candidate generation: an inverted index over the romanisation keys of every list alias.

A query is scored only against aliases that share an *anchor* with it (see `score.is_anchor`):

- `_by_key`, `_by_joined`: key of every identity-carrying alias token, and of every fused run
  of two or three adjacent tokens ("yong"+"bok" -> "yongbok"), to the aliases holding it;
- `nearby.Neighbourhoods` (shared across builds): list words one edit away from a query word,
  or sharing its consonant skeleton or (across scripts) its bare consonants; `_words_of_key`
  and `_by_word` turn their keys into words, graded by the scorer's `word_similarity`, and the
  words into aliases (`Posting`);
- `_bare`: aliases with no identity-carrying word at all (e.g. only a legal form), by every key.

The scorer refuses a hit without an anchor, so the candidates are a superset of every alias a
full scan could score at or above any threshold above 50 (an alias without an anchor scores at
most half): index search and brute force agree exactly (tested on the full SDN list).
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from monitor.lists.entry import EntryType
from monitor.lists.table import SanctionsTable
from monitor.matching import nearby
from monitor.matching.score import joins, key_similarities, word_similarity
from monitor.matching.tokens import Token, TokenClass, analyse_name


class Alias(NamedTuple):
    """One list name, analysed once at index build (a tuple: 40,000 of them are made per build,
    and a tuple is made four times faster than a frozen dataclass)."""

    entry_index: int
    name_index: int
    tokens: tuple[Token, ...]
    weights: tuple[float, ...]
    weak: bool
    entry_type: EntryType
    content_weight: float  # total weight of the identity-carrying words
    top_weights: tuple[float, ...]  # cumulative sums of those weights, heaviest first


def rarity(df: int) -> float:
    """Weight factor of a word found in `df` list names: common words ("Mohammad", "Kim") count
    less, both when they match and when they are missing."""
    return max(0.45, 1.0 - 0.08 * math.log1p(df))


_RARITY = tuple(rarity(df) for df in range(64))


def _rarity(df: int) -> float:
    return _RARITY[df] if df < 64 else rarity(df)


class Posting:
    """The aliases a query word can match, graded by the best similarity it reaches with one of
    their words (for the score bound)."""

    __slots__ = ("aliases", "_levels")

    def __init__(self, by_sim: dict[float, set[int]]) -> None:
        self._levels = tuple((s, frozenset(by_sim[s])) for s in sorted(by_sim, reverse=True))
        self.aliases: frozenset[int] = frozenset().union(*(a for _, a in self._levels))

    def best(self, alias_id: int) -> float:
        """The highest similarity of the word with any word of the alias (0.0 if none)."""
        for s, aliases in self._levels:
            if alias_id in aliases:
                return s
        return 0.0


SingleCap = Callable[[float], "float | None"]
"""Given the weight of the query words that found an alias (one or two words, no initials), the
most weight the alias's other words may have for a hit to stay possible (None: no cap)."""

_SMALL_BOUNDS = (0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0)


class _AtMost(NamedTuple):
    """The aliases whose value is at most `bound`, kept as that set or, when it holds most of
    the table, as the complement (so no set is larger than half the table: ~3.5x less memory
    than storing every set whole, and a set shared by equal bounds is stored once)."""

    bound: float
    ids: frozenset[int]
    complement: bool

    def keep(self, found: frozenset[int]) -> frozenset[int]:
        """`found` (alias ids of this table) restricted to the aliases at most `bound`."""
        return found - self.ids if self.complement else found & self.ids


def _cumulative_sets(rests: list[float]) -> list[_AtMost]:
    """For each bound of `_SMALL_BOUNDS`, the ids whose value is at most the bound."""
    order = sorted(range(len(rests)), key=rests.__getitem__)
    values = [rests[i] for i in order]
    half = len(order) // 2
    out: list[_AtMost] = []
    last = -1
    for bound in _SMALL_BOUNDS:
        cut = bisect.bisect_right(values, bound + 1e-9)
        if out and cut == last:
            out.append(out[-1]._replace(bound=bound))
        elif cut <= half:
            out.append(_AtMost(bound, frozenset(order[:cut]), False))
        else:
            out.append(_AtMost(bound, frozenset(order[cut:]), True))
        last = cut
    return out


@lru_cache(maxsize=262_144)
def _alias_words(text: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    """Tokens and distinct identity-carrying keys of one list name.

    Cached across builds: a list swap re-reads nearly the same names."""
    tokens = analyse_name(text)
    return tokens, tuple(dict.fromkeys(t.key for t in tokens if t.content))


def _joined_keys(tokens: Sequence[Token]) -> tuple[str, ...]:
    """Distinct keys of the fused runs of one list name: only for the Python lookup maps (the
    native core works them out itself, so a native build never makes or caches these words)."""
    return tuple(dict.fromkeys(j.key for _, _, j in joins(tokens)))


_NONE: frozenset[int] = frozenset()
_MAPS_LOCK = threading.Lock()


def _found_thrice(found: Iterable[frozenset[int]]) -> set[int]:
    """The ids in at least three of the sets."""
    once: set[int] = set()
    twice: set[int] = set()
    thrice: set[int] = set()
    for ids in found:
        if twice:
            thrice |= ids & twice
        if once:
            twice |= ids & once
        once |= ids
    return thrice


class TokenIndex:
    """The inverted maps of one table. Built once per table; read-only afterwards."""

    def __init__(self, table: SanctionsTable, maps: bool = True) -> None:
        """`maps=False`: only the analysed aliases and the word frequencies (the native core
        holds the lookup maps; `build_maps()` adds them if the Python path is ever needed)."""
        self.aliases: list[Alias] = []
        self._by_key: dict[str, list[int]] = {}
        self._by_joined: dict[str, list[int]] = {}
        self._by_word: dict[tuple[str, bool, bool], list[int]] = {}  # word -> aliases
        self._words_of_key: dict[str, list[Token]] = {}  # key -> distinct words holding it
        self._bare: dict[str, list[int]] = {}
        self._postings: dict[tuple[str, bool, bool], Posting] = {}
        self._nearby = nearby.shared()
        analysed = [
            (ei, ni, name, _alias_words(name.text))
            for ei, entry in enumerate(table.entries)
            for ni, name in enumerate(entry.names)
        ]
        df: dict[str, int] = {}
        content_cls = TokenClass.CONTENT
        for *_, (tokens, _) in analysed:
            for key in {t.key for t in tokens if t.cls == content_cls}:
                df[key] = df.get(key, 0) + 1
        self.df = df
        rarities = self.rarities()  # `weight`, once per key
        entries = table.entries
        for ei, ni, name, (tokens, keys) in analysed:
            weights = tuple(
                [t.weight * rarities[t.key] if t.cls == content_cls else t.weight for t in tokens]
            )
            content = sorted(
                (w for t, w in zip(tokens, weights, strict=True) if t.content), reverse=True
            )
            top = tuple(itertools.accumulate(content)) if content else ()
            total = top[-1] if top else 0.0
            alias_id = len(self.aliases)
            self.aliases.append(
                Alias(ei, ni, tokens, weights, not name.strong, entries[ei].entry_type, total, top)
            )
            if maps:
                self._register(alias_id, tokens, keys, _joined_keys(tokens))
        self._small: dict[int, list[_AtMost]] = {}
        self._of_type: dict[EntryType, frozenset[int]] = {}
        self._type_sets: dict[frozenset[EntryType], frozenset[int]] = {}
        self._maps_built = False
        if maps:
            self._finish_maps()

    def rarities(self) -> dict[str, float]:
        """`_rarity(df)` of every identity-carrying key of the table."""
        return {key: _rarity(n) for key, n in self.df.items()}

    def _finish_maps(self) -> None:
        rest: list[float] = []  # content weight left after the heaviest word
        rest2: list[float] = []  # ... after the two heaviest
        for a in self.aliases:
            top, total = a.top_weights, a.content_weight
            rest.append(total - top[0] if top else 0.0)
            rest2.append(total - top[1] if len(top) > 1 else 0.0)
        self._small = {k: _cumulative_sets(rests) for k, rests in ((1, rest), (2, rest2))}
        of_type: dict[EntryType, set[int]] = {}
        for i, a in enumerate(self.aliases):
            of_type.setdefault(a.entry_type, set()).add(i)
        self._of_type = {t: frozenset(v) for t, v in of_type.items()}
        self._maps_built = True

    def build_maps(self) -> None:
        """The lookup maps of an index built with `maps=False`, now (once; thread-safe)."""
        with _MAPS_LOCK:
            if self._maps_built:
                return
            for alias_id, a in enumerate(self.aliases):
                tokens = a.tokens
                keys = tuple(dict.fromkeys(t.key for t in tokens if t.content))
                self._register(alias_id, tokens, keys, _joined_keys(tokens))
            self._finish_maps()

    def weight(self, token: Token) -> float:
        if token.cls == TokenClass.CONTENT:
            return token.weight * _rarity(self.df.get(token.key, 0))
        return token.weight

    def _register(
        self, alias_id: int, tokens: tuple[Token, ...], keys: tuple[str, ...], joined: Sequence[str]
    ) -> None:
        by_joined = self._by_joined
        for key in joined:  # an alias of generic words only is still found fused: "Easterntrade"
            hits = by_joined.get(key)
            if hits is None:
                by_joined[key] = [alias_id]
            else:
                hits.append(alias_id)
        if not keys:
            for t in tokens:
                self._bare.setdefault(t.key, []).append(alias_id)
            return
        by_key = self._by_key
        nb = self._nearby
        for key in keys:
            postings = by_key.get(key)
            if postings is None:
                by_key[key] = [alias_id]
                nb.add_key(key)
            else:
                postings.append(alias_id)
        by_word = self._by_word
        for t in tokens:
            if t.content:
                wk = (t.form, t.abjad, t.cjk)
                hits = by_word.get(wk)
                if hits is None:
                    by_word[wk] = [alias_id]
                    self._words_of_key.setdefault(t.key, []).append(t)
                    nb.add_word(t)
                elif hits[-1] != alias_id:
                    hits.append(alias_id)

    def near_keys(self, token: Token) -> set[str]:
        """Keys of list words that could anchor with `token` (superset of `is_anchor`)."""
        return self._nearby.near_keys(token)

    def postings(self, token: Token) -> Posting:
        """Aliases holding a word that `token` matches at all (`word_similarity` > 0, which
        needs an anchor; cached per word): the neighbourhoods give a superset of the words, the
        scorer's own similarity keeps the ones it would pair and grades them for the bound."""
        ck = (token.form, token.abjad, token.cjk)
        hit = self._postings.get(ck)
        if hit is None:
            by_sim: dict[float, set[int]] = {}
            by_word, words_of_key = self._by_word, self._words_of_key
            abjad = token.abjad
            for key in self.near_keys(token):
                words = words_of_key.get(key)
                if not words:
                    continue
                if key == token.key:
                    # a word of the same key in the same script anchors: graded 1.0 (an upper
                    # bound) without computing its similarity
                    sims = [1.0 if w.abjad == abjad else word_similarity(token, w) for w in words]
                elif token.content:
                    sims = key_similarities(token, key, words)
                else:
                    sims = [word_similarity(token, w) for w in words]
                for word, s in zip(words, sims, strict=True):
                    if s > 0.0:
                        by_sim.setdefault(s, set()).update(by_word[word.form, word.abjad, word.cjk])
            hit = Posting(by_sim)
            if len(self._postings) >= 20_000:  # bounded: a worker runs for weeks
                self._postings.clear()
            self._postings[ck] = hit
        return hit

    def candidates(
        self,
        tokens: tuple[Token, ...],
        weights: Sequence[float],
        single_cap: SingleCap,
        allowed: frozenset[EntryType] | None = None,
    ) -> Iterator[tuple[int, int, int, int]]:
        """(alias id, mask of query words that can match it, alias words those can take, mask
        of the words among them that can only match single alias words, not fused runs) for
        every alias sharing an anchor with the query, except aliases that only one query word
        found and whose remaining words weigh more than `single_cap` allows for that word.

        Nothing a full scan would score as a hit is left out: the scorer needs an anchor, the
        lookups enumerate all anchors, and the cap is derived from the score's upper bound.
        """
        content = [i for i, t in enumerate(tokens) if t.content]
        found = {i: self.postings(tokens[i]).aliases for i in content}
        fused: list[tuple[int, list[int]]] = []  # (mask, aliases) of fusions
        for i in content:
            joined_hits = self._by_joined.get(tokens[i].key)
            if joined_hits:
                fused.append((1 << i, joined_hits))
        for i, n, joined in joins(tokens):
            hits = self._by_key.get(joined.key)
            if hits:
                fused.append((((1 << n) - 1) << i, hits))
        special: set[int] = set()
        for _, hits in fused:
            special.update(hits)
        for t in tokens:
            bare = self._bare.get(t.key)
            if bare:
                special.update(bare)
        n_initials = sum(1 for t in tokens if t.cls == TokenClass.INITIAL)
        if n_initials:  # an initial may take any alias word: no cap on the others
            pool = special.union(*found.values())
        else:
            pool = special
            by_three = _found_thrice(found.values()) if len(content) > 2 else _NONE
            for a, i in enumerate(content):
                for j in content[a + 1 :]:
                    both = found[i] & found[j]
                    if not both:
                        continue
                    cap = single_cap(weights[i] + weights[j])
                    if cap is not None and len(content) > 2:
                        # found by these two words only: the rest must stay small (found by
                        # these two and a third: kept whole)
                        more = both & by_three
                        pool |= more
                        both = self._keep_small(both - more, cap, 2)
                    pool |= both
            for i in content:
                cap = single_cap(weights[i])
                singles = found[i] - pool
                if cap is not None and singles:
                    singles = self._keep_small(singles, cap, 1)
                pool |= singles
        if allowed is not None and len(allowed) < len(self._of_type):
            pool = pool & self._allowed_set(allowed)
        words = [(1 << i, found[i]) for i in content]
        fused_sets = [(bits, frozenset(hits)) for bits, hits in fused]
        for alias_id in pool:
            mask = takes = 0
            for bit, aliases in words:
                if alias_id in aliases:
                    mask |= bit
                    takes += 1
            fused_bits = 0
            for bits, aliases in fused_sets:
                if alias_id in aliases:
                    fused_bits |= bits
                    takes += 3  # a fusion takes at most three alias words
            yield alias_id, mask | fused_bits, takes, mask & ~fused_bits

    def _allowed_set(self, allowed: frozenset[EntryType]) -> frozenset[int]:
        """Aliases of entries of the allowed types (cached per combination of types)."""
        hit = self._type_sets.get(allowed)
        if hit is None:
            hit = frozenset().union(*(self._of_type.get(t, ()) for t in allowed))
            self._type_sets[allowed] = hit
        return hit

    def _keep_small(self, found: frozenset[int], cap: float, k: int) -> frozenset[int]:
        """The aliases of `found` whose words other than the k heaviest weigh at most `cap`
        (rounded up to the next bound)."""
        for small in self._small[k]:
            if small.bound >= cap:
                return small.keep(found)
        return found

    def aliases_of(self, ids: Iterable[int]) -> Iterator[Alias]:
        aliases = self.aliases
        for i in ids:
            yield aliases[i]
