"""Candidate generation: an inverted index over the romanisation keys of every list alias.

A query is scored only against aliases that share an *anchor* with it (see `score.is_anchor`):

- `_by_key`: key of every identity-carrying alias token, and of every fused pair of adjacent
  tokens ("yong"+"bok" -> "yongbok"), to the aliases holding it;
- `_near`: every key under itself and under each of its one-letter deletions (keys of four letters
  or more), so a lookup of the query key and its deletions finds every key one edit away
  (substitution, insertion, deletion, transposition) without scanning the vocabulary;
- `_by_skel`, `_by_cons`: consonant skeletons (four letters or more) and bare consonants (to
  line up names written in Arabic or Hebrew script with Latin ones);
- `_bare`: aliases with no identity-carrying word at all (e.g. only a legal form), by every key.

The scorer refuses a hit without an anchor, so the candidates are a superset of every alias a
full scan could score at or above any threshold: index search and brute force agree exactly
(tested on the full SDN list).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from monitor.lists.entry import EntryType
from monitor.lists.table import SanctionsTable
from monitor.matching.score import _joined
from monitor.matching.tokens import Token, TokenClass, analyse_name


@dataclass(frozen=True, slots=True)
class Alias:
    """One list name, analysed once at index build."""

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


def deletions(key: str) -> Iterator[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]


SingleCap = Callable[[float], "float | None"]
"""Given the weight of the one query word that found an alias, the most weight the alias's other
words may have for a hit to stay possible (None: no cap)."""

_SMALL_BOUNDS = (0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0)


def _is_content(t: Token) -> bool:
    return t.cls <= TokenClass.PATRONYMIC


class TokenIndex:
    """The inverted maps of one table. Built once per table; read-only afterwards."""

    def __init__(self, table: SanctionsTable) -> None:
        self.aliases: list[Alias] = []
        self._by_key: dict[str, list[int]] = {}
        self._by_joined_lists: dict[str, list[int]] = {}
        self._by_joined: dict[str, frozenset[int]] = {}
        self._near: dict[str, set[str]] = {}
        self._by_skel: dict[str, set[str]] = {}
        self._by_cons: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        self._bare: dict[str, list[int]] = {}
        self._postings: dict[tuple[str, bool], frozenset[int]] = {}
        analysed = [
            (ei, ni, name, analyse_name(name.text))
            for ei, entry in enumerate(table.entries)
            for ni, name in enumerate(entry.names)
        ]
        df: dict[str, int] = {}
        for *_, tokens in analysed:
            for key in {t.key for t in tokens if t.cls == TokenClass.CONTENT}:
                df[key] = df.get(key, 0) + 1
        self.df = df
        for ei, ni, name, tokens in analysed:
            weights = tuple(self.weight(t) for t in tokens)
            content = sorted((w for t, w in zip(tokens, weights) if _is_content(t)), reverse=True)
            top = tuple(itertools.accumulate(content))
            entry_type = table.entries[ei].entry_type
            alias_id = len(self.aliases)
            self.aliases.append(
                Alias(
                    ei, ni, tokens, weights, not name.strong, entry_type,
                    top[-1] if top else 0.0, top,
                )  # fmt: skip
            )
            self._register(alias_id, tokens)
        self._by_joined = {k: frozenset(v) for k, v in self._by_joined_lists.items()}
        self._all = frozenset(range(len(self.aliases)))
        rest = [a.content_weight - (a.top_weights[0] if a.top_weights else 0.0) for a in self.aliases]
        self._small = [
            (bound, frozenset(i for i, r in enumerate(rest) if r <= bound + 1e-9))
            for bound in _SMALL_BOUNDS
        ]

    def weight(self, token: Token) -> float:
        if token.cls == TokenClass.CONTENT:
            return token.weight * rarity(self.df.get(token.key, 0))
        return token.weight

    def _register(self, alias_id: int, tokens: tuple[Token, ...]) -> None:
        anchors = [t for t in tokens if _is_content(t)]
        if not anchors:
            for t in tokens:
                self._bare.setdefault(t.key, []).append(alias_id)
            return
        for key in {t.key for t in anchors}:
            self._by_key.setdefault(key, []).append(alias_id)
            if key not in self._near:
                self._add_vocab(key)
        joined = {j.key for i in range(len(tokens) - 1) if (j := _joined(tokens, i)) is not None}
        for key in joined:
            self._by_joined_lists.setdefault(key, []).append(alias_id)
        for t in anchors:
            if len(t.form) >= 4:
                self._by_skel.setdefault(t.skel, set()).add(t.key)
            if len(t.cons) >= 3:
                self._by_cons[t.abjad].setdefault(t.cons, set()).add(t.key)

    def _add_vocab(self, key: str) -> None:
        near = self._near
        near.setdefault(key, set()).add(key)
        if len(key) >= 4:
            for d in deletions(key):
                near.setdefault(d, set()).add(key)

    def near_keys(self, token: Token) -> set[str]:
        """Keys of list words that could anchor with `token` (superset of `is_anchor`)."""
        found: set[str] = set(self._near.get(token.key, ()))
        if len(token.key) >= 4:
            for d in deletions(token.key):
                hit = self._near.get(d)
                if hit:
                    found |= hit
        if len(token.form) >= 4:
            found |= self._by_skel.get(token.skel, set())
        if len(token.cons) >= 3:  # across scripts: Arabic/Hebrew-script words against Latin ones
            found |= self._by_cons[not token.abjad].get(token.cons, set())
        return found

    def postings(self, token: Token) -> frozenset[int]:
        """Aliases holding a word that can anchor with `token` (cached per word)."""
        ck = (token.form, token.abjad)
        hit = self._postings.get(ck)
        if hit is None:
            found: set[int] = set()
            by_key = self._by_key
            for key in self.near_keys(token):
                found.update(by_key.get(key, ()))
            hit = frozenset(found)
            if len(self._postings) >= 50_000:
                self._postings.clear()
            self._postings[ck] = hit
        return hit

    def candidates(
        self, tokens: tuple[Token, ...], weights: Sequence[float], single_cap: SingleCap
    ) -> Iterator[tuple[int, int, int]]:
        """(alias id, mask of query words that can match it, alias words those can take) for
        every alias sharing an anchor with the query, except aliases that only one query word
        found and whose remaining words weigh more than `single_cap` allows for that word.

        Nothing a full scan would score as a hit is left out: the scorer needs an anchor, the
        lookups enumerate all anchors, and the cap is derived from the score's upper bound.
        """
        content = [i for i, t in enumerate(tokens) if _is_content(t)]
        found = {i: self.postings(tokens[i]) for i in content}
        fused: list[tuple[int, frozenset[int] | list[int]]] = []  # (mask, aliases) of fusions
        for i in content:
            joined_hits = self._by_joined.get(tokens[i].key)
            if joined_hits:
                fused.append((1 << i, joined_hits))
        for i in range(len(tokens) - 1):
            joined = _joined(tokens, i)
            if joined is not None:
                hits = self._by_key.get(joined.key)
                if hits:
                    fused.append(((1 << i) | (1 << (i + 1)), hits))
        special: set[int] = set()
        for _, hits in fused:
            special.update(hits)
        for t in tokens:
            bare = self._bare.get(t.key)
            if bare:
                special.update(bare)
        n_initials = sum(1 for t in tokens if t.cls == TokenClass.INITIAL)
        if len(content) <= 1 or n_initials:
            pool = special.union(*found.values())
        else:
            pool = special
            seen: set[int] = set()
            for a, i in enumerate(content):
                pi = found[i]
                for j in content[a + 1 :]:
                    pool |= pi & found[j]
                seen |= pi
            for i in content:
                cap = single_cap(weights[i])
                singles = found[i] - pool
                if cap is not None and singles:
                    singles &= self._small_set(cap)
                pool |= singles
        for alias_id in pool:
            mask = takes = 0
            for i in content:
                if alias_id in found[i]:
                    mask |= 1 << i
                    takes += 1
            for bits, hits in fused:
                if alias_id in hits:
                    mask |= bits
                    takes += 2
            yield alias_id, mask, takes

    def _small_set(self, cap: float) -> frozenset[int]:
        """Aliases whose words other than the heaviest weigh at most `cap` (rounded up)."""
        for bound, aliases in self._small:
            if bound >= cap:
                return aliases
        return self._all

    def aliases_of(self, ids: Iterable[int]) -> Iterator[Alias]:
        aliases = self.aliases
        for i in ids:
            yield aliases[i]
