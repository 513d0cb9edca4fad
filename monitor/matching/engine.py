"""The default matcher: romanisation-aware token alignment over an anchored inverted index.

`get_matcher()` (or `get_matcher("token-align", threshold=...)`) builds it; `matcher.index(table)`
gives the `NameIndex` the stream screens with. One threshold serves persons, organisations and
vessels; the same scorer backs `compare` (pair evaluation) and `search` (screening), the only
difference being that `search` weighs words by their rarity in the table.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from monitor.lists.entry import Entry, EntryType, ListName
from monitor.lists.table import SanctionsTable
from monitor.matching.api import NameMatch, PartyKind, register
from monitor.matching.index import Alias, Posting, TokenIndex
from monitor.matching.native import native
from monitor.matching.score import (
    Joins,
    PairScore,
    ScoreParams,
    joins,
    max_unmatched_other,
    score_tokens,
)
from monitor.matching.tokens import Token, TokenClass, analyse_name
from monitor.matching.vocab import INSTITUTION_KINDS

ALLOWED_TYPES: dict[str, frozenset[EntryType]] = {
    "person": frozenset({EntryType.INDIVIDUAL}),
    "organization": frozenset({EntryType.ENTITY}),
    "bank": frozenset({EntryType.ENTITY}),
    "vessel": frozenset({EntryType.VESSEL}),
    "any": frozenset(EntryType),
}
"""Which list entries a party of each kind may hit on its name alone."""

_TYPE_CODE = {t: i for i, t in enumerate(EntryType)}
"""Entry types as the native core knows them (0: individual)."""
_ALLOWED_MASK = {
    kind: sum(1 << _TYPE_CODE[t] for t in types) for kind, types in ALLOWED_TYPES.items()
}

_ORG_CLASSES = (TokenClass.LEGAL, TokenClass.GENERIC)
_PATRONYMIC = TokenClass.PATRONYMIC


def _native_module() -> Any:
    """The native module whatever MONITOR_NATIVE says (parity tests compare both paths)."""
    from monitor import _native

    return _native


def _looks_like_org(*names: Sequence[Token]) -> bool:
    return any(t.cls in _ORG_CLASSES for name in names for t in name)


def _cap(cap: float | None) -> float:
    return math.inf if cap is None else cap + 1e-9


@dataclass(frozen=True, slots=True)
class _Hit:
    alias: Alias
    detail: PairScore
    score: float


class AlignIndex:
    """`NameIndex` over one table: anchored candidates, then the full pair scorer on each."""

    def __init__(
        self, table: SanctionsTable, matcher: AlignMatcher, use_native: bool | None = None
    ) -> None:
        """`use_native`: search with the native core (default: when `monitor._native` is
        loaded, see `monitor.matching.native`); False keeps the pure-Python path."""
        self.table = table
        self.threshold = matcher.threshold
        self._params = matcher.score_params()
        self._weak_factor = matcher.weak_alias_factor
        core = native if use_native is None else _native_module() if use_native else None
        # with the native core, the Python maps are only built if a query needs the Python path
        self._tokens = TokenIndex(table, maps=core is None)
        self._native: Any = None
        if core is not None:
            p = self._params
            aliases = self._tokens.aliases
            self._native = core.NativeIndex(
                aliases,
                [_TYPE_CODE[a.entry_type] for a in aliases],
                self._tokens.rarities(),
                (p.conflict, p.extra, p.extra_org, p.extra_many, p.shortfall),
                self._weak_factor,
                sorted(INSTITUTION_KINDS),
                sys.version_info >= (3, 12),
                len(EntryType),
                [_label(table.entries[a.entry_index].names[a.name_index]) for a in aliases],
                [_ref(table.entries[a.entry_index], a.name_index) for a in aliases],
                NameMatch,
            )
        p = self._params
        # bound inputs per alias: group = extra rate x weak factor; unmatched weight once the
        # k heaviest identity-carrying words are matched, k = 0, 1, ...
        self._groups = [(e, f) for e in (p.extra, p.extra_org) for f in (1.0, self._weak_factor)]
        self._group_of = [
            2 * (a.entry_type != EntryType.INDIVIDUAL) + a.weak for a in self._tokens.aliases
        ]
        self._joins: dict[int, Joins] = {}  # alias id -> its joins, filled as aliases are scored

    @property
    def native(self) -> bool:
        """Searches run on the native core (else on the Python reference)."""
        return self._native is not None

    def search(
        self, name: str, kind: PartyKind = "any", threshold: float | None = None
    ) -> list[NameMatch]:
        cutoff = self.threshold if threshold is None else threshold
        if self._native is not None:
            allowed_mask = _ALLOWED_MASK.get(kind, _ALLOWED_MASK["any"])
            try:
                found = self._native.search(name, allowed_mask, cutoff)  # analysis included
            except Exception:
                raise
            except BaseException as exc:
                # a Rust panic arrives as pyo3's PanicException, a BaseException: as an ordinary
                # error the worker dead-letters the payment (`internal_error`) and goes on
                if type(exc).__name__ != "PanicException":
                    raise
                raise RuntimeError(f"native search failed: {exc}") from exc
            if found is not None:
                return found  # type: ignore[no-any-return]
            query = analyse_name(name)  # text the native analyser declines (lone surrogates)
            if not query:
                return []
            found = self._native.search_tokens(query, allowed_mask, cutoff)
            if found is not None:
                return found  # type: ignore[no-any-return]
            self._tokens.build_maps()  # a query the native core declines (> 32 name words)
        else:
            query = analyse_name(name)
            if not query:
                return []
        allowed = ALLOWED_TYPES.get(kind, ALLOWED_TYPES["any"])
        index = self._tokens
        qweights = [index.weight(t) for t in query]
        qjoined = joins(query)
        cjoins = self._joins
        best: dict[int, _Hit] = {}
        for alias_id, alias in self._viable(query, qweights, allowed, cutoff):
            cjoined = cjoins.get(alias_id)
            if cjoined is None:
                cjoined = cjoins[alias_id] = joins(alias.tokens)
            org = alias.entry_type != EntryType.INDIVIDUAL
            detail = score_tokens(
                query, qweights, alias.tokens, alias.weights, self._params, org, qjoined, cjoined
            )
            score = detail.score * (self._weak_factor if alias.weak else 1.0)
            if score < cutoff:
                continue
            prev = best.get(alias.entry_index)
            if (
                prev is None
                or score > prev.score
                or (score == prev.score and alias.name_index < prev.alias.name_index)
            ):  # on a tie, the name listed first (the primary name): not the scan order
                best[alias.entry_index] = _Hit(alias, detail, score)
        hits = sorted(best.values(), key=lambda h: (-h.score, h.alias.entry_index))
        return [self._match(h) for h in hits]

    def _viable(
        self,
        query: tuple[Token, ...],
        qweights: list[float],
        allowed: frozenset[EntryType],
        cutoff: float,
    ) -> Iterator[tuple[int, Alias]]:
        """Candidates (id, alias) whose score upper bound reaches the cutoff (exact: never
        drops a hit).

        From the lookups we know which query words can match an alias at all and how many alias
        words they can take; the rest is unmatched on each side, and the penalty of unmatched
        weight only grows with it, so `M/(M+P)` with the smallest possible P bounds the score.
        """
        index = self._tokens
        p = self._params
        total = sum(qweights)
        content = [(1 << i, qweights[i]) for i, t in enumerate(query) if t.content]
        content_total = sum(w for _, w in content)
        n_initials = sum(1 for t in query if t.cls == TokenClass.INITIAL)
        t = cutoff / 100.0
        e = min(p.extra, p.extra_org)

        def single_cap(w: float) -> float | None:
            # found by these query words only: the others (content_total - w) are unmatched
            uq = content_total - w
            return max_unmatched_other(total - uq, uq, t, p.conflict, e)

        # Per mask of query words that can match: the most unmatched alias weight each group
        # (person/organisation x strong/weak) may have; a hair looser than the score bound.
        groups = self._groups
        t_of = [(cutoff - 1e-6) / (100.0 * f) for _, f in groups]
        masks: dict[int, tuple[float, list[float]]] = {}
        group_of, aliases = self._group_of, index.aliases
        graded = [(bit, w, index.postings(query[bit.bit_length() - 1])) for bit, w in content]
        for alias_id, mask, takes, single in index.candidates(query, qweights, single_cap, allowed):
            hit = masks.get(mask)
            if hit is None:
                uq = sum(w for bit, w in content if not mask & bit)
                hit = masks[mask] = (
                    uq,
                    [
                        _cap(max_unmatched_other(total - uq, uq, tg, p.conflict, eg))
                        for (eg, _), tg in zip(groups, t_of, strict=True)
                    ],
                )
            uq, caps = hit
            alias = aliases[alias_id]
            # the alias's identity-carrying weight left once its k heaviest words are matched
            k = takes + n_initials
            top = alias.top_weights
            if k == 0:
                uc = alias.content_weight
            elif k <= len(top):
                uc = max(0.0, alias.content_weight - top[k - 1])
            else:
                uc = 0.0
            g = group_of[alias_id]
            if uc > caps[g]:
                continue
            if alias.entry_type not in allowed:
                continue
            if single and not self._graded_bound(
                alias_id, single, graded, (total - uq, uq, uc), g, cutoff
            ):
                continue
            yield alias_id, alias

    def _graded_bound(
        self,
        alias_id: int,
        single: int,
        graded: list[tuple[int, float, Posting]],
        weights: tuple[float, float, float],
        group: int,
        cutoff: float,
    ) -> bool:
        """The bound again, with what the index knows of each word's best similarity `s` with
        the alias: a word matched at s brings at most s*w to M and its shortfall
        `shortfall*(1-s)*w` to P; left unmatched it brings nothing to M and, the unmatched
        penalty growing at least `delta` per unit of weight, at least `delta*w` to P."""
        p = self._params
        matched, uq, uc = weights  # M if every word matched at 1.0; unmatched lower bounds
        extra, factor = self._groups[group]
        delta = max(0.0, min(extra, p.conflict - extra))
        deficit = short = 0.0
        for bit, w, posting in graded:
            if single & bit:
                s = posting.best(alias_id)
                if s < 1.0:
                    deficit += (1.0 - s) * w
                    short += min(p.shortfall * (1.0 - s), delta) * w
        m = matched - deficit
        if m <= 0.0:
            return cutoff - 1e-6 <= 0.0
        penalty = p.conflict * min(uq, uc) + extra * abs(uq - uc) + max(0.0, short)
        return 100.0 * factor * m / (m + penalty) >= cutoff - 1e-6

    def search_many(
        self, names: Sequence[str], kind: PartyKind = "any", threshold: float | None = None
    ) -> list[list[NameMatch]]:
        """Screen a batch (the stream's `take(n)` batches); results in input order."""
        return [self.search(n, kind, threshold) for n in names]

    def _match(self, hit: _Hit) -> NameMatch:
        alias = hit.alias
        entry = self.table.entries[alias.entry_index]
        d = hit.detail
        detail = (d.score, d.pairs, d.matched, d.shortfall, d.conflict, d.extra)
        listed = entry.names[alias.name_index]
        return _name_match(entry, listed, hit.score, alias.weak, self._weak_factor, detail)


def _label(name: ListName) -> tuple[str, str]:
    """How an explanation names a list name (`_name_match`), for the native core."""
    return name.kind, repr(name.text)


def _ref(entry: Entry, name_index: int) -> tuple[Entry, str]:
    """What a native hit's `NameMatch` holds of its alias: the entry and the name's text."""
    return entry, entry.names[name_index].text


def _name_match(
    entry: Entry,
    listed: ListName,
    score: float,
    weak: bool,
    weak_factor: float,
    detail: tuple[float, tuple[tuple[str, str, float], ...], float, float, float, float],
) -> NameMatch:
    """The hit as screening reports it: `detail` is the pair score, its token pairs (rounded
    similarities), matched, shortfall, conflict and extra weights; `weak`: the alias is one of
    OFAC's weak a.k.a.s, discounted by `weak_factor`."""
    pair_score, pairs, matched, shortfall, conflict, extra = detail
    shown = ", ".join(f"{q}={a}" if s == 1.0 else f"{q}~{a} ({s:.2f})" for q, a, s in pairs)
    weak_alias = " weak alias," if weak else ""
    explanation = (
        f"{score:.0f} on{weak_alias} {listed.kind} name {listed.text!r}: {shown}"
        f"; conflicting {conflict:.2f}, extra {extra:.2f}"
    )
    components = (
        ("matched", round(matched, 3)),
        ("shortfall", round(shortfall, 3)),
        ("conflict", round(conflict, 3)),
        ("extra", round(extra, 3)),
        ("pair_score", round(pair_score, 2)),
        ("weak_alias_factor", weak_factor if weak else 1.0),
    )
    return NameMatch(entry, listed.text, round(score, 2), explanation, pairs, components)


@register("token-align")
@dataclass(frozen=True)
class AlignMatcher:
    """Romanisation-aware, order-free token alignment with class and rarity weights.

    `threshold` is the single alerting threshold; `conflict`/`extra`/`extra_org` set how much a
    word only one side has (a missing middle name) costs against a word that contradicts
    (a different surname); `weak_alias_factor` discounts OFAC's low-quality a.k.a.s.
    """

    threshold: float = 80.0
    conflict: float = 1.5
    extra: float = 0.2
    extra_org: float = 0.5
    extra_many: float = 0.5
    shortfall: float = 1.5
    weak_alias_factor: float = 0.9
    name: str = field(default="token-align")

    def params(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("name")
        return out

    def score_params(self) -> ScoreParams:
        return ScoreParams(
            conflict=self.conflict,
            extra=self.extra,
            extra_org=self.extra_org,
            extra_many=self.extra_many,
            shortfall=self.shortfall,
        )

    def index(self, table: SanctionsTable, use_native: bool | None = None) -> AlignIndex:
        return AlignIndex(table, self, use_native)

    def compare(self, query: str, candidate: str, kind: PartyKind = "any") -> float:
        q, c = analyse_name(query), analyse_name(candidate)
        org = kind in ("organization", "bank", "vessel") or (
            kind == "any" and _looks_like_org(q, c)
        )
        detail = score_tokens(
            q, [t.weight for t in q], c, [t.weight for t in c], self.score_params(), org
        )
        return round(detail.score, 2)
