"""Pair scoring: align the tokens of two analysed names and turn the alignment into 0..100.

The score is `100 * M / (M + P)`:

- `M`, matched evidence: for each aligned token pair, its similarity times its weight;
- `P`, penalties: the shortfall of imperfect pairs, *conflicts* (identity-carrying tokens left
  unmatched on both sides: "Hassan AL-MOSULI" vs "Hassan AL-TIKRITI") weighed at `conflict`, and
  *extras* (tokens only one side has: a middle name, a patronymic, a legal form) weighed at the
  much smaller `extra`, because payments routinely omit middle names and patronymics.

Weights come from the token class (legal forms, generic words, titles and particles weigh little)
times a rarity factor supplied by the index (common words such as "Mohammad" weigh less).
Alignment is order-free (greedy on similarity), so "KIM, Myong Jin" = "Myong Jin Kim"; adjacent
tokens may be joined to meet a fused token ("Yongbok" / "Yong Bok", "SiemensAG").

A pair only counts as a hit when at least one *anchor* pair exists: two identity-carrying tokens
whose romanisation keys are equal, share a skeleton, or are one deletion apart. The index retrieves
exactly those neighbours, which is what makes index search lose nothing against a full scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA, LCSseq, Levenshtein

from monitor.matching.phonetic import romanisation_key
from monitor.matching.tokens import ASIDE_FACTOR, Token, TokenClass, fused_token
from monitor.matching.vocab import INSTITUTION_KINDS

MIN_TOKEN_SIM = 0.7

NEAR_MIN_LEN = 4
"""Keys this long or longer may match one edit away; shorter ones ("Jin"/"Jun") only when equal."""
"""Below this two tokens are different words, not variants of one."""

SUBSET_EVIDENCE = 1.8
"""Matched weight from which a person's name wholly contained in a longer one may leave out
several words at the rate of one missing middle name."""

_WORDY = (TokenClass.GENERIC, TokenClass.TITLE)
_GENERIC = TokenClass.GENERIC
_LETTERED = (TokenClass.CONTENT, TokenClass.PATRONYMIC, TokenClass.INITIAL)


@dataclass(frozen=True, slots=True)
class ScoreParams:
    conflict: float = 1.5
    extra: float = 0.2  # personal names: a missing middle name or patronymic is normal
    extra_org: float = 0.5  # organisations: an extra word often names a different company
    extra_many: float = 0.5  # persons, beyond one missing word's weight
    shortfall: float = 1.5
    initial_sim: float = 0.9


@dataclass(frozen=True, slots=True)
class PairScore:
    """How two names line up. `pairs` are (query tokens, list tokens, similarity)."""

    score: float
    anchored: bool
    pairs: tuple[tuple[str, str, float], ...]
    matched: float
    conflict: float
    extra: float
    shortfall: float


_VOWEL_RUNS = re.compile(r"[aeiou]+")
_SIM_CACHE: dict[tuple[str, str, bool, bool, bool], float] = {}
_SIM_CACHE_MAX = 200_000


def max_unmatched_other(
    matched: float, unmatched: float, t: float, conflict: float, extra: float
) -> float | None:
    """Largest unmatched list-side weight that still allows a score of `t` (0..1) when the query
    has at most `matched` weight matched and at least `unmatched` left over; None if any.

    With P = conflict*min(Uq, Uc) + extra*|Uq - Uc| (non-decreasing in both, conflict >= extra)
    the score M/(M+P) reaches t only while P <= M(1-t)/t.
    """
    if t <= 0.0:
        return None
    if matched <= 0.0:
        return -1.0
    budget = matched * (1.0 - t) / t
    if budget < extra * unmatched:
        return -1.0
    below = (budget - extra * unmatched) / (conflict - extra) if conflict > extra else unmatched
    if below <= unmatched:
        return below
    return unmatched + (budget - conflict * unmatched) / extra if extra > 0 else None


def keys_compatible(a: str, b: str) -> bool:
    """Equal, or one deletion apart on each side (the neighbourhood the index enumerates)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    m = la if la > lb else lb
    if m < NEAR_MIN_LEN or abs(la - lb) > 1:
        return False
    return LCSseq.similarity(a, b) >= m - 1


def _skeleton_variant(q: Token, a: Token) -> bool:
    """Same consonants, vowels close enough ("Mohammed"/"Muhammad", "Husayn"/"Hossein").

    Only for words of two syllables or more (in a one-syllable word, "Zhang"/"Cheng", the vowel
    is most of what tells two names apart) that begin alike ("Thomas" is not "Damush")."""
    return (
        q.skel == a.skel
        and (q.form[0] == a.form[0] or (q.form[0] in "aeiou" and a.form[0] in "aeiou"))
        and len(q.form) >= 4
        and len(a.form) >= 4
        and abs(len(q.form) - len(a.form)) <= 2
        and _syllables(q.key) >= 2
        and _syllables(a.key) >= 2
        and Levenshtein.normalized_similarity(q.key, a.key) >= 0.6
    )


def _syllables(key: str) -> int:
    return len(_VOWEL_RUNS.findall(key))


def is_anchor(q: Token, a: Token) -> bool:
    """Do two identity-carrying words match at all? Only such pairs count, and the index
    enumerates exactly these neighbours (key within one deletion, skeleton, consonants)."""
    if not (q.content and a.content):
        return False
    if q.abjad != a.abjad:
        return q.cons == a.cons and len(q.cons) >= 3
    if _other_final_nasal(q.key, a.key):
        return False
    return (
        keys_compatible(q.key, a.key) or keys_compatible(q.form, a.form) or _skeleton_variant(q, a)
    )


def _other_final_nasal(a: str, b: str) -> bool:
    """One syllable ending in -n against the same ending in -ng (keys: -nk) is another
    syllable in Chinese and Korean names, not a typo: "Jin"/"Jing", "Joon"/"Chung"."""
    if len(a) > len(b):
        a, b = b, a
    return len(b) == len(a) + 1 and b[-2:] == "nk" and b.startswith(a) and _syllables(b) == 1


def word_similarity(q: Token, a: Token) -> float:
    """0 (different words) or MIN_TOKEN_SIM..1 for two words (cached on the pair of forms)."""
    if q.form == a.form and q.abjad == a.abjad:
        return 1.0
    ck = (q.form, a.form, q.abjad, a.abjad, q.cjk or a.cjk)
    hit = _SIM_CACHE.get(ck)
    if hit is not None:
        return hit
    s = _word_similarity(q, a)
    if len(_SIM_CACHE) >= _SIM_CACHE_MAX:
        _SIM_CACHE.clear()
    _SIM_CACHE[ck] = s
    return s


ABJAD_SIM = 0.88
"""A word from Arabic or Hebrew script against a Latin one with the same consonants: the short
vowels are unwritten, so this is as alike as two Latin spellings of one consonant skeleton
("Mohammed"/"Muhammad", `_skeleton_variant`)."""

_SHORT_KEY_SIM = (0.8, 0.8, 0.8, 0.88)
"""Romanisation-equal words of 1, 2, 3 letters are weaker evidence ("Su"/"Xu", "Ri"/"Li")."""


def _word_similarity(q: Token, a: Token) -> float:
    if q.content and a.content:
        return _content_similarity(q, a)
    qc, ac = q.cls, a.cls
    if qc == TokenClass.INITIAL:  # "V." for "Vladimir"; a list initial does not absorb a word
        return 0.9 if q.form[0] == a.form[0] and ac in _LETTERED else 0.0
    if ac == TokenClass.INITIAL:
        return 0.0
    if qc in _WORDY and ac in _WORDY and qc == ac:  # generic words, titles: spelling variants
        if q.key == a.key:
            return 0.95
        s = OSA.normalized_similarity(q.form, a.form)
        if s < 0.9 and qc == TokenClass.GENERIC and _same_stem(q.form, a.form):
            s = 0.9
        return s if s >= 0.8 else 0.0
    return 1.0 if qc == ac and q.key == a.key else 0.0  # legal forms, numbers, particles


def _same_stem(a: str, b: str) -> bool:
    """Forms of one generic word: "Trade"/"Trading", "Industry"/"Industrial", "Finance"/
    "Financial" share a stem of four letters or more covering most of the shorter word."""
    n = min(len(a), len(b))
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= 4 and k >= 0.75 * n


def _content_similarity(q: Token, a: Token) -> float:
    if not is_anchor(q, a):
        return 0.0
    if q.abjad != a.abjad:
        return ABJAD_SIM
    if q.cjk and a.cjk:
        # both transliterated from Han/Hangul by one system: a different spelling is a
        # different character ("종" jong / "정" jeong)
        return 0.0
    if q.key == a.key:
        n = min(len(q.form), len(a.form))
        return _SHORT_KEY_SIM[n] if n < 4 else 0.95
    if q.cjk or a.cjk:
        # machine-transliterated syllables have no typos: "Cheng" vs "Chen" is another name
        return 0.0
    if abs(len(q.form) - len(a.form)) >= 3 and not _skeleton_variant(q, a):
        return 0.0  # a syllable more, not a spelling: "Mahir" / "Mahathir"
    s = _spelling(q.form, a.form)
    sk = 0.95 * OSA.normalized_similarity(q.key, a.key)
    if sk > s:
        s = sk
    if s < 0.88 and _skeleton_variant(q, a):
        s = 0.88
    return s if s >= MIN_TOKEN_SIM else 0.0


def key_similarities(q: Token, key: str, words: Sequence[Token]) -> list[float]:
    """`word_similarity(q, w)` for each identity-carrying word `w` of romanisation key `key`
    (`q` identity-carrying too), in bulk: how the index grades a query word's neighbours the
    first time it sees the word. What depends on the key alone is worked out once, the checks
    run cheapest first, and the results fill the pair cache as `word_similarity` would."""
    qform, qkey, qabjad, qcjk = q.form, q.key, q.abjad, q.cjk
    same_key = key == qkey
    nasal = not same_key and _other_final_nasal(qkey, key)
    near_key = keys_compatible(qkey, key)
    key_sim = 0.95 * OSA.normalized_similarity(qkey, key)
    cons_ok = len(q.cons) >= 3
    lq = len(qform)
    out: list[float] = []
    cache = _SIM_CACHE
    for a in words:
        aform = a.form
        if aform == qform and a.abjad == qabjad:
            out.append(1.0)
            continue
        if a.abjad != qabjad:
            s = ABJAD_SIM if cons_ok and q.cons == a.cons else 0.0
        elif nasal or (qcjk and a.cjk):
            s = 0.0
        elif same_key:  # keys equal: an anchor
            n = lq if lq < len(aform) else len(aform)
            s = _SHORT_KEY_SIM[n] if n < 4 else 0.95
        elif qcjk or a.cjk:
            s = 0.0
        else:
            s = _spelling_similarity(q, a, near_key, key_sim)
        out.append(s)
        if len(cache) >= _SIM_CACHE_MAX:
            cache.clear()
        cache[qform, aform, qabjad, a.abjad, qcjk or a.cjk] = s
    return out


def _spelling_similarity(q: Token, a: Token, near_key: bool, key_sim: float) -> float:
    """`_content_similarity` of two Latin words of one script, different keys, neither from
    Han/Hangul: `near_key` is whether their keys are compatible, `key_sim` 0.95 x the OSA
    similarity of the keys."""
    variant = q.skel == a.skel and _skeleton_variant(q, a)
    if abs(len(q.form) - len(a.form)) >= 3 and not variant:
        return 0.0
    if not (near_key or variant or keys_compatible(q.form, a.form)):
        return 0.0  # no anchor
    s = _spelling(q.form, a.form)
    if key_sim > s:
        s = key_sim
    if s < 0.88 and variant:
        s = 0.88
    return s if s >= MIN_TOKEN_SIM else 0.0


TRANSPOSED_SIM = 0.9
"""Two neighbouring letters typed in the wrong order ("Appel"/"Apple", "Donlad"/"Donald") is
the commonest keyboard slip, while another real name rarely differs from one that way: it
counts as more alike than the one-edit similarity of a short word (0.8 for five letters)."""


def _spelling(a: str, b: str) -> float:
    """OSA similarity of two spellings, a swap of two adjacent letters at `TRANSPOSED_SIM` (in
    words, not codes: "YV2565"/"YV2556" are two aircraft; nor in acronyms: "NICO"/"NIOC")."""
    s = OSA.normalized_similarity(a, b)
    if s < TRANSPOSED_SIM and len(a) == len(b) >= 5 and a.isalpha() and _transposed(a, b):
        return TRANSPOSED_SIM
    return s


def _transposed(a: str, b: str) -> bool:
    """`b` is `a` with two adjacent letters after the first swapped: a slip inside the word. A
    swapped first letter makes another name as often as not ("Ahmed"/"Hamed")."""
    if a[0] != b[0]:
        return False
    i = 1
    n = len(a)
    while i < n and a[i] == b[i]:
        i += 1
    return i + 1 < n and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


ORG_FOLDED_SIM = 0.85
"""Organisation names are spelt, not transliterated: two Latin words that meet only once
romanisation variants are folded, and differ in more than one letter ("Cortex"/"Kordex"), are
weaker evidence there than in personal names."""


def _respelt(q: Token, a: Token) -> bool:
    return (
        q.key == a.key
        and not (q.abjad or a.abjad or q.cjk or a.cjk)
        and OSA.distance(_x_as_ks(q.form), _x_as_ks(a.form), score_cutoff=2) > 1
    )


def _x_as_ks(form: str) -> str:
    return form.replace("x", "ks") if "x" in form else form


_CONNECTIVES = frozenset("of the and und et y for".split())
"""Particles that join words of a name but are never written fused to the next one."""


def _joined(tokens: Sequence[Token], i: int) -> Token | None:
    """Two adjacent words written as one ("Yong Bok" / "Yongbok", "Siemens AG" / "SiemensAG"),
    a name particle with the name it precedes too: the Arabic article and kinship words and the
    European nobiliary particles are often written fused ("Al Rawi" / "Alrawi", "Abu Bakar" /
    "Abubakar", "De Guzman" / "Deguzman")."""
    a, b = tokens[i], tokens[i + 1]
    if a.abjad or a.cls in (TokenClass.TITLE, TokenClass.NUMBER):
        return None
    if a.cls == TokenClass.PARTICLE and (a.form in _CONNECTIVES or not b.content):
        return None
    if b.cls in (TokenClass.PARTICLE, TokenClass.TITLE) or len(a.form) + len(b.form) > 26:
        return None
    return fused_token(a.form + b.form, a.abjad, a.cjk)


def _joined3(tokens: Sequence[Token], i: int) -> Token | None:
    """Three adjacent words written as one: a name's three syllables ("Kim Jong Un" /
    "Kimjongun", "Xi Jin Ping" / 习近平), a name with its bank or legal form ("Golden Triangle
    Bank" / "Goldentrianglebank") or a chain of particles with its name ("van den Berg" /
    "Vandenberg", "de la Rosa" / "Delarosa", "Abd al Rahman" / "Abdalrahman"). Each adjacent
    pair follows the rule for two (`_joined`), except that a particle may precede another."""
    a, b, c = tokens[i], tokens[i + 1], tokens[i + 2]
    if not (_may_lead(a, b) and _may_lead(b, c)) or c.cls in (
        TokenClass.PARTICLE,
        TokenClass.TITLE,
    ):
        return None
    if len(a.form) + len(b.form) + len(c.form) > 26:
        return None
    return fused_token(a.form + b.form + c.form, a.abjad, a.cjk)


def _may_lead(a: Token, b: Token) -> bool:
    """`a` may be written fused to the word after it, `b`, inside a run of three."""
    if a.abjad or a.cls in (TokenClass.TITLE, TokenClass.NUMBER):
        return False
    if a.cls == TokenClass.PARTICLE:
        return a.form not in _CONNECTIVES and (b.content or b.cls == TokenClass.PARTICLE)
    return True


Joins = tuple[tuple[int, int, Token], ...]
"""(i, n, tokens i..i+n-1 written as one word) for every run of two (`_joined`) or three
(`_joined3`) adjacent words that may be."""


def joins(tokens: Sequence[Token]) -> Joins:
    out: list[tuple[int, int, Token]] = []
    for i in range(len(tokens) - 1):
        fused = _joined(tokens, i)
        if fused is not None:
            out.append((i, 2, fused))
        if i + 2 < len(tokens):
            fused = _joined3(tokens, i)
            if fused is not None:
                out.append((i, 3, fused))
    return tuple(out)


def _fused_similarity(one: Token, two: Token, parts: Sequence[Token]) -> float:
    """`two` is `parts` joined. Syllables from Han/Hangul joined to meet one Latin word must
    meet it syllable by syllable ("jeong eun" / "Jongun"), not only once the whole is folded
    ("jang ho" / "Chango": "ho" is not "o")."""
    if one.form == two.form:
        return 1.0
    if one.key != two.key:
        return 0.0
    if one.cjk != two.cjk and not _meets_by_syllable(one.form, parts):
        return 0.0
    return 0.95


def _meets_by_syllable(word: str, parts: Sequence[Token]) -> bool:
    first, rest = parts[0], parts[1:]
    for k in range(1, len(word)):
        if romanisation_key(word[:k]) != first.key:
            continue
        if len(rest) == 1:
            if romanisation_key(word[k:]) == rest[0].key:
                return True
        elif _meets_by_syllable(word[k:], rest):
            return True
    return False


def score_tokens(
    query: Sequence[Token],
    qweights: Sequence[float],
    cand: Sequence[Token],
    cweights: Sequence[float],
    params: ScoreParams,
    org: bool = False,
    qjoined: Joins | None = None,
    cjoined: Joins | None = None,
) -> PairScore:
    """Align two token sequences and score them (see the module doc). `qjoined`/`cjoined` are
    `joins(query)`/`joins(cand)` when the caller has them (an index scoring one query against
    many names works each out once)."""
    nq, nc = len(query), len(cand)
    if nq == 0 or nc == 0:
        return PairScore(0.0, False, (), 0.0, 0.0, 0.0, 0.0)
    query_aside = any(t.aside for t in query)
    cand_aside = any(t.aside for t in cand)
    edges: list[tuple[float, float, tuple[int, ...], tuple[int, ...]]] = []
    q_side = c_side = None
    if not org:
        q_side, c_side = _swapped_lineage(query, cand)
    for i, q in enumerate(query):
        for j, a in enumerate(cand):
            if c_side is not None and q_side is not None and q_side[i] != c_side[j]:
                continue  # "X bin Y" / "Y bin X": son and father, not one person
            s = word_similarity(q, a)
            if s > 0.0:
                if org and s == 0.95 and _respelt(q, a):
                    s = ORG_FOLDED_SIM
                edges.append((s, qweights[i], (i,), (j,)))
    used_q = [False] * nq
    used_c = [False] * nc
    pairs: list[tuple[str, str, float]] = []
    totals = [0.0, 0.0, 0.0]  # matched, shortfall, anchored
    # fused words: one word against two or three adjacent ones on the other side
    edges.extend(
        _fused_edges(
            query,
            qweights,
            cand,
            joins(query) if qjoined is None else qjoined,
            joins(cand) if cjoined is None else cjoined,
        )
    )
    initials: list[tuple[int, int, float, float]] = []
    _take(edges, query, cand, used_q, used_c, pairs, totals, initials)
    if initials and not org:
        _initials_yield(query, cand, used_q, used_c, pairs, totals, initials)
    matched, shortfall, anchored = totals[0], totals[1], totals[2] > 0.0
    un_q = un_q_cjk = un_legal = 0.0
    for i in range(nq):
        if not used_q[i]:
            if query[i].cjk and query[i].content:
                un_q_cjk += qweights[i]
            elif query[i].cls == TokenClass.LEGAL:
                un_legal += qweights[i]
            else:
                un_q += qweights[i]
    un_c = 0.0
    for j in range(nc):
        if not used_c[j]:
            if cand[j].cls == TokenClass.LEGAL:
                un_legal += cweights[j]
            else:
                un_c += cweights[j]
    if un_q_cjk or query[0].cjk:  # an East Asian name has no optional parts on either side
        un_q_cjk += un_c
        un_c = 0.0
    conflict = min(un_q, un_c)
    if conflict and (query_aside or cand_aside):
        # bracketed words weigh half as an omitted qualifier, in full as a contradiction:
        # "Bank of China (Hong Kong)" / "Bank of China (Singapore)" (only ever adds penalty)
        conflict = min(
            un_q + _aside_rest(query, qweights, used_q), un_c + _aside_rest(cand, cweights, used_c)
        )
    if org:  # "Trust" against "Bank": another kind of organisation counts as a name word
        conflict += KIND_WEIGHT * _kind_conflict(query, cand, used_q, used_c)
    extra = abs(un_q - un_c)
    extra_rate = params.extra_org if org else params.extra
    # one missing middle name is routine; several are not: beyond one word's weight, the
    # organisation rate applies, unless one person's name is wholly contained in the other
    # ("Boris Johnson" in "Alexandre Boris de Pfeffel Johnson") on the evidence of about two
    # uncommon name words: then every extra word is an omitted given name or patronymic, which
    # payments routinely drop (two common words, "Andrea Vasquez", are not enough for that)
    subset = not org and conflict == 0.0 and un_q_cjk == 0.0 and matched >= SUBSET_EVIDENCE
    many_rate = params.extra if subset else params.extra_org if org else params.extra_many
    lenient = min(extra, 1.0)
    # a missing or different legal form is a detail ("OOO" for "AO"), never a contradiction
    penalty = (
        extra_rate * un_legal
        + params.conflict * (conflict + un_q_cjk)
        + extra_rate * lenient
        + many_rate * (extra - lenient)
        + params.shortfall * shortfall
    )
    total = matched + penalty
    score = 100.0 * matched / total if total > 0 else 0.0
    if not anchored:
        score *= 0.5  # never a hit: see the module doc
    return PairScore(score, anchored, tuple(pairs), matched, conflict + un_q_cjk, extra, shortfall)


def _aside_rest(tokens: Sequence[Token], weights: Sequence[float], used: list[bool]) -> float:
    """Weight that unmatched bracketed words (legal forms aside) lack of their full weight."""
    rest = 0.0
    for t, w, u in zip(tokens, weights, used, strict=True):
        if t.aside and not u and t.cls != TokenClass.LEGAL:
            rest += w
    return rest * (1.0 / ASIDE_FACTOR - 1.0)


Edge = tuple[float, float, tuple[int, ...], tuple[int, ...]]

LINEAGE = frozenset({"bin", "bint", "ould", "walad"})
"""Arabic and Berber "son/daughter of" (keys: "ibn", "ben", "bn" are spelt "bin"). In "Muhammad
bin Salman" the words before it name the person and the words after it the father's line, so
"Salman bin Muhammad" is the son of the one or the father of the other: another person."""


def _lineage(tokens: Sequence[Token]) -> tuple[int, int, int] | None:
    """(particle, nearest name word before it, nearest name word after it) for the first "bin"
    standing between two name words; None when there is none ("Salman Mohammed bin" is a
    scrambled name, "Al Bin Ali" a family name: neither says whose son is whose)."""
    for p in range(1, len(tokens) - 1):
        if tokens[p].cls != TokenClass.PARTICLE or tokens[p].key not in LINEAGE:
            continue
        before = next((k for k in range(p - 1, -1, -1) if tokens[k].content), None)
        after = next((k for k in range(p + 1, len(tokens)) if tokens[k].content), None)
        if before is not None and after is not None:
            return p, before, after
    return None


def _swapped_lineage(
    query: Sequence[Token], cand: Sequence[Token]
) -> tuple[list[bool], list[bool]] | tuple[None, None]:
    """When one name is "X bin Y" and the other "Y bin X", the side of "bin" each word stands on
    (True: the father's line), so no word is aligned across it; (None, None) otherwise."""
    lq = _lineage(query)
    lc = _lineage(cand) if lq is not None else None
    if lq is None or lc is None:
        return None, None
    (pq, xq, yq), (pc, xc, yc) = lq, lc
    if word_similarity(query[xq], cand[xc]) > 0.0 or word_similarity(query[yq], cand[yc]) > 0.0:
        return None, None
    if word_similarity(query[xq], cand[yc]) == 0.0 or word_similarity(query[yq], cand[xc]) == 0.0:
        return None, None
    return [k > pq for k in range(len(query))], [k > pc for k in range(len(cand))]


KIND_WEIGHT = 2.0
"""Added weight of words naming the kind of institution left unmatched on both sides ("China
Construction Trust" / "China Construction Bank"): another kind of institution contradicts as a
name word does, while such a word only one side has, or a descriptor ("Trading", "Group"),
stays a detail."""


def _kind_conflict(
    query: Sequence[Token], cand: Sequence[Token], used_q: list[bool], used_c: list[bool]
) -> float:
    gq = sum(t.weight for t, u in zip(query, used_q, strict=True) if not u and _kind(t))
    if not gq:
        return 0.0
    gc = sum(t.weight for t, u in zip(cand, used_c, strict=True) if not u and _kind(t))
    return min(gq, gc)


def _kind(t: Token) -> bool:
    return t.cls == _GENERIC and (t.form in INSTITUTION_KINDS or t.form[:-1] in INSTITUTION_KINDS)


def _take(
    edges: list[Edge],
    query: Sequence[Token],
    cand: Sequence[Token],
    used_q: list[bool],
    used_c: list[bool],
    pairs: list[tuple[str, str, float]],
    totals: list[float],
    initials: list[tuple[int, int, float, float]],
) -> None:
    """Greedy alignment: best similarity first (heavier query word on ties), each word once.
    Query initials standing for a list word are noted in `initials` (i, j, similarity, weight)."""
    edges.sort(key=lambda e: (-e[0], -e[1]))
    for s, w, qi, cj in edges:
        if any(used_q[i] for i in qi) or any(used_c[j] for j in cj):
            continue
        for i in qi:
            used_q[i] = True
        for j in cj:
            used_c[j] = True
        totals[0] += s * w
        totals[1] += (1.0 - s) * w
        if not totals[2] and _edge_anchor(query, cand, qi, cj):
            totals[2] = 1.0
        if query[qi[0]].cls == TokenClass.INITIAL and cand[cj[0]].content:
            initials.append((qi[0], cj[0], s, w))
        pairs.append(
            (" ".join(query[i].form for i in qi), " ".join(cand[j].form for j in cj), round(s, 3))
        )


def _initials_yield(
    query: Sequence[Token],
    cand: Sequence[Token],
    used_q: list[bool],
    used_c: list[bool],
    pairs: list[tuple[str, str, float]],
    totals: list[float],
    initials: list[tuple[int, int, float, float]],
) -> None:
    """An initial only stands for a list word when the query has no full word left over for
    it: in "Aisha G. Ashwood" / "GADHAFI, Aisha" the surname "Ashwood" is what faces
    "Gadhafi", and "G." is a middle initial. Undo such links (they become unmatched)."""
    if all(used_q[i] or not query[i].content for i in range(len(query))):
        return
    for i, j, s, w in initials:
        used_q[i] = used_c[j] = False
        totals[0] -= s * w
        totals[1] -= (1.0 - s) * w
        pair = (query[i].form, cand[j].form, round(s, 3))
        if pair in pairs:
            pairs.remove(pair)


def _fused_edges(
    query: Sequence[Token],
    qweights: Sequence[float],
    cand: Sequence[Token],
    qjoined: Joins,
    cjoined: Joins,
) -> list[Edge]:
    """One word against two or three adjacent ones on the other side (nothing is aligned yet)."""
    edges: list[Edge] = [
        (s, qweights[i], (i,), tuple(range(j, j + n)))
        for i, j, n, s in _meet_fused(query, cjoined, cand)
    ]
    edges += [
        (s, _run_weight(qweights, i, n), tuple(range(i, i + n)), (j,))
        for j, i, n, s in _meet_fused(cand, qjoined, query)
    ]
    return edges


def _run_weight(weights: Sequence[float], i: int, n: int) -> float:
    """The weights of words i..i+n-1 added left to right (not `sum`, which compensates on
    Python 3.12+: the native core adds the same way on every version)."""
    w = weights[i] + weights[i + 1]
    return w + weights[i + 2] if n == 3 else w


def _meet_fused(
    words: Sequence[Token], joined: Joins, other: Sequence[Token]
) -> Iterator[tuple[int, int, int, float]]:
    """(word, first of the joined words of `other`, how many, similarity) for each word of
    `words` that meets a fused run; only a word of the fused word's spelling or key can
    (`_fused_similarity`).
    """
    if not joined:
        return
    long_words = [(k, w) for k, w in enumerate(words) if w.content and len(w.form) >= 4]
    for m, n, fused in joined:
        for k, w in long_words:
            if w.form == fused.form or w.key == fused.key:
                s = _fused_similarity(w, fused, other[m : m + n])
                if s > 0.0:
                    yield k, m, n, s


def _edge_anchor(
    query: Sequence[Token], cand: Sequence[Token], qi: tuple[int, ...], cj: tuple[int, ...]
) -> bool:
    if len(qi) == 1 and len(cj) == 1:
        q, a = query[qi[0]], cand[cj[0]]
        if q.content and a.content:
            return True  # content words only match when they anchor
        # an alias with no identity-carrying word (e.g. only a legal form): exact words anchor
        return q.key == a.key and not any(t.content for t in cand)
    return True  # fused words only match on equal keys
