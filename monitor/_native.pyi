"""Types of `monitor._native`, the Rust core built from native/ (see monitor.matching.native)."""

from collections.abc import Mapping, Sequence

from monitor.lists.entry import Entry
from monitor.matching.api import NameMatch
from monitor.matching.index import Alias
from monitor.matching.tokens import Token

__version__: str

# --- analyse (native/src/analyse): monitor.matching.text, .phonetic, .tokens -----------------

TokenTuple = tuple[str, str, str, int, float, str, bool, bool, bool, bool]
"""A `monitor.matching.tokens.Token` as a tuple, fields in dataclass order."""

def init_analyse(tables: Mapping[str, object]) -> bool: ...
def analyse_name(text: str) -> list[TokenTuple] | None: ...
def tokenize_name(text: str) -> list[str] | None: ...
def fused_token(form: str, abjad: bool = False, cjk: bool = False) -> TokenTuple: ...
def romanisation_key(token: str) -> str: ...
def _nfkc(text: str) -> str: ...
def _anyascii(text: str) -> str: ...
def _analyse_count(texts: list[str], cold: bool = True) -> int | None: ...
def _cache_clear() -> None: ...

# --- end of analyse ------------------------------------------------------------------------------

# --- search (native/src/search): the index, the pair scorer and `search` -------------------

_Pair = tuple[str, str, float]
"""(query words, list words, similarity: unrounded from `score_tokens`, to 3 places in hits)."""
_PairScore = tuple[float, bool, list[_Pair], float, float, float, float]
"""`PairScore` fields: score, anchored, pairs, matched, conflict, extra, shortfall."""

class NativeIndex:
    """The lookup maps of one table and `AlignIndex.search` over them, in one call a name."""

    def __init__(
        self,
        aliases: Sequence[Alias],
        types: Sequence[int],
        rarity: dict[str, float],
        params: tuple[float, float, float, float, float],
        weak_factor: float,
        kinds: Sequence[str],
        neumaier: bool,
        n_types: int,
        labels: list[tuple[str, str]],
        refs: list[tuple[Entry, str]],
        record: type[NameMatch],
    ) -> None: ...
    def search(self, name: str, allowed: int, cutoff: float) -> list[NameMatch] | None: ...
    def search_tokens(
        self, tokens: Sequence[Token], allowed: int, cutoff: float
    ) -> list[NameMatch] | None: ...
    def score_tokens(
        self,
        query: Sequence[Token],
        qweights: Sequence[float],
        cand: Sequence[Token],
        cweights: Sequence[float],
        org: bool,
    ) -> _PairScore: ...
    def weight(self, token: Token) -> float: ...
    def __len__(self) -> int: ...

def search_romanisation_key(token: str) -> str: ...
def _round_and_format(xs: Sequence[float], places: int) -> list[tuple[float, str]]: ...

# --- end of search ---------------------------------------------------------------------------
