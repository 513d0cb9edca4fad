"""Word neighbourhoods: which list keys could anchor with a query word (see `score.is_anchor`).

- `near`, `near_form`: every key (and every spelling) under itself and under each of its
  one-letter deletions, so looking up the query word and its deletions finds every word one edit
  away (substitution, insertion, deletion, transposition) without scanning the vocabulary
  (words of four letters or more);
- `by_skel`, `by_cons`: consonant skeletons (four letters or more) and bare consonants (to line
  up names written in Arabic or Hebrew script with Latin ones).

These maps depend only on the vocabulary, not on which alias holds a word, and registering the
deletions of every word is most of an index build. So one `Neighbourhoods` is shared by
successive index builds (`shared()`): a list swap re-registers only the words it adds. A word
left over from an earlier list only adds keys the new table may not hold (the index looks keys up
in its own postings, where such a key finds nothing) or candidates that the exact scorer then
rejects: the candidate set stays a superset, so search results do not change.
"""

from __future__ import annotations

import threading

from monitor.matching.score import NEAR_MIN_LEN
from monitor.matching.tokens import Token

_EMPTY: frozenset[str] = frozenset()


Keys = str | list[str]
"""The keys under one spelling: nine spellings in ten hold one key, kept as the bare string
(a one-item list per spelling was ~20 MB of the worker's memory)."""


def _register(near: dict[str, Keys], word: str, key: str) -> None:
    """Register `key` under `word` and under each one-letter deletion of `word`."""
    spellings = (
        [word, *[word[:i] + word[i + 1 :] for i in range(len(word))]]
        if len(word) >= NEAR_MIN_LEN
        else (word,)
    )
    for d in spellings:
        hit = near.get(d)
        if hit is None:
            near[d] = key
        elif isinstance(hit, str):
            near[d] = [hit, key]
        else:
            hit.append(key)


class Neighbourhoods:
    """Append-only word maps (safe to read while a build in another thread adds words)."""

    def __init__(self) -> None:
        self.near: dict[str, Keys] = {}  # key or its deletion -> keys
        self.near_form: dict[str, Keys] = {}  # form or its deletion -> keys
        self.by_skel: dict[str, set[str]] = {}
        self.by_cons: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
        self.keys: set[str] = set()
        self.forms: set[tuple[str, bool]] = set()

    @property
    def size(self) -> int:
        return len(self.keys) + len(self.forms)

    def add_key(self, key: str) -> None:
        if key not in self.keys:
            self.keys.add(key)
            _register(self.near, key, key)

    def add_word(self, t: Token) -> None:
        """An identity-carrying list word: its spelling, skeleton and consonants."""
        fk = (t.form, t.abjad)
        if fk in self.forms:
            return
        self.forms.add(fk)
        _register(self.near_form, t.form, t.key)
        if len(t.form) >= 4:
            self.by_skel.setdefault(t.skel, set()).add(t.key)
        if len(t.cons) >= 3:
            self.by_cons[t.abjad].setdefault(t.cons, set()).add(t.key)

    def near_keys(self, token: Token) -> set[str]:
        """Keys of list words that could anchor with `token` (superset of `is_anchor`)."""
        found: set[str] = set()
        for near, word in ((self.near, token.key), (self.near_form, token.form)):
            hit = near.get(word)
            if hit is not None:
                if isinstance(hit, str):
                    found.add(hit)
                else:
                    found.update(hit)
            if len(word) >= NEAR_MIN_LEN:
                for i in range(len(word)):
                    hit = near.get(word[:i] + word[i + 1 :])
                    if hit is not None:
                        if isinstance(hit, str):
                            found.add(hit)
                        else:
                            found.update(hit)
        if len(token.form) >= 4:
            found.update(self.by_skel.get(token.skel, _EMPTY))
        if len(token.cons) >= 3:  # across scripts: Arabic/Hebrew-script words against Latin ones
            found.update(self.by_cons[not token.abjad].get(token.cons, _EMPTY))
        return found


MAX_SHARED_WORDS = 400_000
"""A worker that loads many unrelated lists starts afresh beyond this (all three bundled lists
hold ~90k keys and spellings)."""

_shared: Neighbourhoods | None = None
_lock = threading.Lock()


def shared() -> Neighbourhoods:
    """The neighbourhoods the next index build extends (a fresh one once it has grown large)."""
    global _shared
    with _lock:
        if _shared is None or _shared.size > MAX_SHARED_WORDS:
            _shared = Neighbourhoods()
        return _shared
