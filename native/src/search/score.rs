//! `score.score_tokens`: align two analysed names and score the alignment (0..100), with the
//! same float operations in the same order as the Python reference.
use super::sim::{osa_dist, word_similarity};
use crate::analyse::romanisation_key;
pub use crate::analyse::tokens::fused_token;
use crate::token::{cls, Token};

pub const ORG_FOLDED_SIM: f64 = 0.85;
pub const SUBSET_EVIDENCE: f64 = 1.8;
pub const KIND_WEIGHT: f64 = 2.0;
pub const ASIDE_FACTOR: f64 = 0.5;
const CONNECTIVES: [&str; 7] = ["of", "the", "and", "und", "et", "y", "for"];
const LINEAGE: [&str; 4] = ["bin", "bint", "ould", "walad"];

#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub conflict: f64,
    pub extra: f64,
    pub extra_org: f64,
    pub extra_many: f64,
    pub shortfall: f64,
}

/// Python `min(a, b)`: the first unless the second is smaller.
#[inline]
pub fn pymin(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Python `max(a, b)`: the first unless the second is larger.
#[inline]
pub fn pymax(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Python's built-in `sum()` over floats: plain left-to-right addition up to 3.11, Neumaier
/// compensated summation from 3.12 (the index is told which at build).
pub fn pysum(xs: impl IntoIterator<Item = f64>, neumaier: bool) -> f64 {
    let mut it = xs.into_iter();
    let Some(first) = it.next() else { return 0.0 };
    let mut f = 0.0 + first; // int 0 + float
    if !neumaier {
        for x in it {
            f += x;
        }
        return f;
    }
    let mut c = 0.0f64;
    for x in it {
        let t = f + x;
        if f.abs() >= x.abs() {
            c += (f - t) + x;
        } else {
            c += (x - t) + f;
        }
        f = t;
    }
    if c != 0.0 && c.is_finite() {
        f += c;
    }
    f
}

/// A fused run: (i, n, tokens i..i+n-1 written as one word), n = 2 (`score._joined`) or 3
/// (`score._joined3`).
pub type Joins = Vec<(usize, usize, Token)>;

/// Whether `_joined` fuses `a` and the word after it, `b`.
pub fn can_join(a: &Token, b: &Token) -> bool {
    if a.abjad || a.cls == cls::TITLE || a.cls == cls::NUMBER {
        return false;
    }
    if a.cls == cls::PARTICLE && (CONNECTIVES.contains(&a.form.as_str()) || !b.content) {
        return false;
    }
    !(b.cls == cls::PARTICLE || b.cls == cls::TITLE || a.form.len() + b.form.len() > 26)
}

/// `_joined`: the fused token of `a` and `b`, when they may be written as one word.
pub fn joined(a: &Token, b: &Token) -> Option<Token> {
    if !can_join(a, b) {
        return None;
    }
    Some(fused_token(format!("{}{}", a.form, b.form), a.abjad, a.cjk))
}

/// Whether `_joined3` fuses `a`, `b` and `c` (three adjacent words).
pub fn can_join3(a: &Token, b: &Token, c: &Token) -> bool {
    may_lead(a, b)
        && may_lead(b, c)
        && c.cls != cls::PARTICLE
        && c.cls != cls::TITLE
        && a.form.len() + b.form.len() + c.form.len() <= 26
}

/// `_may_lead`: `a` may be written fused to the word after it, `b`, inside a run of three.
fn may_lead(a: &Token, b: &Token) -> bool {
    if a.abjad || a.cls == cls::TITLE || a.cls == cls::NUMBER {
        return false;
    }
    if a.cls == cls::PARTICLE {
        return !CONNECTIVES.contains(&a.form.as_str()) && (b.content || b.cls == cls::PARTICLE);
    }
    true
}

/// `score.joins`: every run of two or three adjacent words that may be written as one, in the
/// reference's order (by first word; two before three).
pub fn joins<T: AsRef<Token>>(tokens: &[T]) -> Joins {
    let mut out = Vec::new();
    let n = tokens.len();
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (tokens[i].as_ref(), tokens[i + 1].as_ref());
        if let Some(f) = joined(a, b) {
            out.push((i, 2, f));
        }
        if i + 2 < n {
            let c = tokens[i + 2].as_ref();
            if can_join3(a, b, c) {
                let form = format!("{}{}{}", a.form, b.form, c.form);
                out.push((i, 3, fused_token(form, a.abjad, a.cjk)));
            }
        }
    }
    out
}

impl AsRef<Token> for Token {
    fn as_ref(&self) -> &Token {
        self
    }
}

/// An aligned pair: (first query word, how many, first list word, how many, similarity).
pub type PairIx = (usize, usize, usize, usize, f64);

/// The pairs as Python shows them: (query words, list words, raw similarity; Python rounds).
pub fn render_pairs<Q: AsRef<Token>, C: AsRef<Token>>(
    query: &[Q],
    cand: &[C],
    pairs: &[PairIx],
) -> Vec<(String, String, f64)> {
    pairs
        .iter()
        .map(|&(qs, qn, cs, cn, s)| (join_forms(query, (qs, qn)), join_forms(cand, (cs, cn)), s))
        .collect()
}

/// `PairScore`, with raw (unrounded) pair similarities: Python rounds them.
#[derive(Clone, Debug)]
pub struct PairScore {
    pub score: f64,
    pub anchored: bool,
    pub pairs: Vec<PairIx>,
    pub matched: f64,
    pub conflict: f64,
    pub extra: f64,
    pub shortfall: f64,
}

struct Edge {
    s: f64,
    w: f64,
    qi: (usize, usize), // first index, count (1, 2 or 3)
    cj: (usize, usize),
}

fn respelt(q: &Token, a: &Token) -> bool {
    fn x_as_ks(f: &str) -> std::borrow::Cow<'_, str> {
        if f.contains('x') {
            std::borrow::Cow::Owned(f.replace('x', "ks"))
        } else {
            std::borrow::Cow::Borrowed(f)
        }
    }
    q.key == a.key
        && !(q.abjad || a.abjad || q.cjk || a.cjk)
        && osa_dist(x_as_ks(&q.form).as_bytes(), x_as_ks(&a.form).as_bytes()) > 1
}

fn lineage<T: AsRef<Token>>(tokens: &[T]) -> Option<(usize, usize, usize)> {
    let n = tokens.len();
    if n < 3 {
        return None;
    }
    for p in 1..n - 1 {
        let t = tokens[p].as_ref();
        if t.cls != cls::PARTICLE || !LINEAGE.contains(&t.key.as_str()) {
            continue;
        }
        let before = (0..p).rev().find(|&k| tokens[k].as_ref().content);
        let after = (p + 1..n).find(|&k| tokens[k].as_ref().content);
        if let (Some(b), Some(a)) = (before, after) {
            return Some((p, b, a));
        }
    }
    None
}

#[allow(clippy::type_complexity)]
fn swapped_lineage<Q: AsRef<Token>, C: AsRef<Token>>(
    query: &[Q],
    cand: &[C],
) -> Option<(Vec<bool>, Vec<bool>)> {
    let (pq, xq, yq) = lineage(query)?;
    let (pc, xc, yc) = lineage(cand)?;
    let q = |k: usize| query[k].as_ref();
    let c = |k: usize| cand[k].as_ref();
    if word_similarity(q(xq), c(xc)) > 0.0 || word_similarity(q(yq), c(yc)) > 0.0 {
        return None;
    }
    if word_similarity(q(xq), c(yc)) == 0.0 || word_similarity(q(yq), c(xc)) == 0.0 {
        return None;
    }
    Some((
        (0..query.len()).map(|k| k > pq).collect(),
        (0..cand.len()).map(|k| k > pc).collect(),
    ))
}

fn is_kind(t: &Token, kinds: &[String]) -> bool {
    t.cls == cls::GENERIC && {
        let f = t.form.as_str();
        kinds.iter().any(|k| k == f)
            || (!f.is_empty() && kinds.iter().any(|k| k.as_str() == &f[..f.len() - 1]))
    }
}

fn fused_similarity<O: AsRef<Token>>(one: &Token, two: &Token, parts: &[O]) -> f64 {
    if one.form == two.form {
        return 1.0;
    }
    if one.key != two.key {
        return 0.0;
    }
    if one.cjk != two.cjk && !meets_by_syllable(&one.form, parts) {
        return 0.0;
    }
    0.95
}

fn meets_by_syllable<O: AsRef<Token>>(word: &str, parts: &[O]) -> bool {
    let (first, rest) = (parts[0].as_ref(), &parts[1..]);
    (1..word.len()).any(|k| {
        romanisation_key(&word[..k]) == first.key
            && if rest.len() == 1 {
                romanisation_key(&word[k..]) == rest[0].as_ref().key
            } else {
                meets_by_syllable(&word[k..], rest)
            }
    })
}

/// (word of `words`, first of the joined words of `other`, how many, similarity)
fn meet_fused<W: AsRef<Token>, O: AsRef<Token>, J: AsRef<Token>>(
    words: &[W],
    joined: &[(usize, usize, J)],
    other: &[O],
    mut f: impl FnMut(usize, usize, usize, f64),
) {
    if joined.is_empty() {
        return;
    }
    for (m, n, fused) in joined {
        let fused = fused.as_ref();
        for (k, w) in words.iter().enumerate() {
            let w = w.as_ref();
            if !(w.content && w.form.len() >= 4) {
                continue;
            }
            if w.form == fused.form || w.key == fused.key {
                let s = fused_similarity(w, fused, &other[*m..m + n]);
                if s > 0.0 {
                    f(k, *m, *n, s);
                }
            }
        }
    }
}

fn join_forms<T: AsRef<Token>>(tokens: &[T], (start, n): (usize, usize)) -> String {
    if n == 1 {
        return tokens[start].as_ref().form.clone();
    }
    let forms: Vec<&str> = tokens[start..start + n]
        .iter()
        .map(|t| t.as_ref().form.as_str())
        .collect();
    forms.join(" ")
}

/// Python `round(x, 3)` as a comparable value (exact decimal rounding, ties to even).
fn round3_key(x: f64) -> String {
    format!("{x:.3}")
}

#[allow(clippy::too_many_arguments)]
pub fn score_tokens<Q: AsRef<Token>, C: AsRef<Token>, JQ: AsRef<Token>, JC: AsRef<Token>>(
    query: &[Q],
    qweights: &[f64],
    cand: &[C],
    cweights: &[f64],
    params: &Params,
    org: bool,
    qjoined: &[(usize, usize, JQ)],
    cjoined: &[(usize, usize, JC)],
    kinds: &[String],
    neumaier: bool,
) -> PairScore {
    let (nq, nc) = (query.len(), cand.len());
    if nq == 0 || nc == 0 {
        return PairScore {
            score: 0.0,
            anchored: false,
            pairs: Vec::new(),
            matched: 0.0,
            conflict: 0.0,
            extra: 0.0,
            shortfall: 0.0,
        };
    }
    let q = |i: usize| query[i].as_ref();
    let c = |j: usize| cand[j].as_ref();
    let query_aside = (0..nq).any(|i| q(i).aside);
    let cand_aside = (0..nc).any(|j| c(j).aside);
    let mut edges: Vec<Edge> = Vec::with_capacity(nq * 2 + 4);
    let sides = if org {
        None
    } else {
        swapped_lineage(query, cand)
    };
    for i in 0..nq {
        let qt = q(i);
        for j in 0..nc {
            if let Some((qs, cs)) = &sides {
                if qs[i] != cs[j] {
                    continue;
                }
            }
            let at = c(j);
            let mut s = word_similarity(qt, at);
            if s > 0.0 {
                if org && s == 0.95 && respelt(qt, at) {
                    s = ORG_FOLDED_SIM;
                }
                edges.push(Edge {
                    s,
                    w: qweights[i],
                    qi: (i, 1),
                    cj: (j, 1),
                });
            }
        }
    }
    let mut used_q = vec![false; nq];
    let mut used_c = vec![false; nc];
    let mut pairs: Vec<PairIx> = Vec::with_capacity(nq.min(nc));
    let (mut matched, mut shortfall, mut anchored) = (0.0f64, 0.0f64, false);
    // fused words
    meet_fused(query, cjoined, cand, |k, m, n, s| {
        edges.push(Edge {
            s,
            w: qweights[k],
            qi: (k, 1),
            cj: (m, n),
        })
    });
    meet_fused(cand, qjoined, query, |k, m, n, s| {
        // `_run_weight`: added left to right
        let w2 = qweights[m] + qweights[m + 1];
        edges.push(Edge {
            s,
            w: if n == 3 { w2 + qweights[m + 2] } else { w2 },
            qi: (m, n),
            cj: (k, 1),
        })
    });
    let mut initials: Vec<(usize, usize, f64, f64)> = Vec::new();
    // _take
    edges.sort_by(|a, b| {
        b.s.partial_cmp(&a.s)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.w.partial_cmp(&a.w).unwrap_or(std::cmp::Ordering::Equal))
    });
    let cand_content = (0..nc).any(|j| c(j).content);
    for e in &edges {
        let (qs, qn) = e.qi;
        let (cs, cn) = e.cj;
        if (qs..qs + qn).any(|i| used_q[i]) || (cs..cs + cn).any(|j| used_c[j]) {
            continue;
        }
        for u in &mut used_q[qs..qs + qn] {
            *u = true;
        }
        for u in &mut used_c[cs..cs + cn] {
            *u = true;
        }
        matched += e.s * e.w;
        shortfall += (1.0 - e.s) * e.w;
        if !anchored {
            anchored = if qn == 1 && cn == 1 {
                let (qt, at) = (q(qs), c(cs));
                if qt.content && at.content {
                    true
                } else {
                    qt.key == at.key && !cand_content
                }
            } else {
                true
            };
        }
        if q(qs).cls == cls::INITIAL && c(cs).content {
            initials.push((qs, cs, e.s, e.w));
        }
        pairs.push((qs, qn, cs, cn, e.s));
    }
    if !initials.is_empty() && !org {
        // _initials_yield
        if !(0..nq).all(|i| used_q[i] || !q(i).content) {
            for &(i, j, s, w) in &initials {
                used_q[i] = false;
                used_c[j] = false;
                matched -= s * w;
                shortfall -= (1.0 - s) * w;
                // `pairs.remove((q.form, c.form, round(s, 3)))` when there: only a one-word
                // pair can equal it (two words are shown with a space, which no form holds)
                let (qf, cf, sk) = (&q(i).form, &c(j).form, round3_key(s));
                if let Some(pos) = pairs.iter().position(|&(a, an, b, bn, x)| {
                    an == 1
                        && bn == 1
                        && &q(a).form == qf
                        && &c(b).form == cf
                        && round3_key(x) == sk
                }) {
                    pairs.remove(pos);
                }
            }
        }
    }
    let (mut un_q, mut un_q_cjk, mut un_legal) = (0.0f64, 0.0f64, 0.0f64);
    for i in 0..nq {
        if !used_q[i] {
            let t = q(i);
            if t.cjk && t.content {
                un_q_cjk += qweights[i];
            } else if t.cls == cls::LEGAL {
                un_legal += qweights[i];
            } else {
                un_q += qweights[i];
            }
        }
    }
    let mut un_c = 0.0f64;
    for j in 0..nc {
        if !used_c[j] {
            if c(j).cls == cls::LEGAL {
                un_legal += cweights[j];
            } else {
                un_c += cweights[j];
            }
        }
    }
    if un_q_cjk != 0.0 || q(0).cjk {
        un_q_cjk += un_c;
        un_c = 0.0;
    }
    let mut conflict = pymin(un_q, un_c);
    if conflict != 0.0 && (query_aside || cand_aside) {
        conflict = pymin(
            un_q + aside_rest(query, qweights, &used_q),
            un_c + aside_rest(cand, cweights, &used_c),
        );
    }
    if org {
        conflict += KIND_WEIGHT * kind_conflict(query, cand, &used_q, &used_c, kinds, neumaier);
    }
    let extra = (un_q - un_c).abs();
    let extra_rate = if org { params.extra_org } else { params.extra };
    let subset = !org && conflict == 0.0 && un_q_cjk == 0.0 && matched >= SUBSET_EVIDENCE;
    let many_rate = if subset {
        params.extra
    } else if org {
        params.extra_org
    } else {
        params.extra_many
    };
    let lenient = pymin(extra, 1.0);
    let penalty = extra_rate * un_legal
        + params.conflict * (conflict + un_q_cjk)
        + extra_rate * lenient
        + many_rate * (extra - lenient)
        + params.shortfall * shortfall;
    let total = matched + penalty;
    let mut score = if total > 0.0 {
        100.0 * matched / total
    } else {
        0.0
    };
    if !anchored {
        score *= 0.5;
    }
    PairScore {
        score,
        anchored,
        pairs,
        matched,
        conflict: conflict + un_q_cjk,
        extra,
        shortfall,
    }
}

fn aside_rest<T: AsRef<Token>>(tokens: &[T], weights: &[f64], used: &[bool]) -> f64 {
    let mut rest = 0.0f64;
    for ((t, &w), &u) in tokens.iter().zip(weights).zip(used) {
        let t = t.as_ref();
        if t.aside && !u && t.cls != cls::LEGAL {
            rest += w;
        }
    }
    rest * (1.0 / ASIDE_FACTOR - 1.0)
}

fn kind_conflict<Q: AsRef<Token>, C: AsRef<Token>>(
    query: &[Q],
    cand: &[C],
    used_q: &[bool],
    used_c: &[bool],
    kinds: &[String],
    neumaier: bool,
) -> f64 {
    let gq = pysum(
        query
            .iter()
            .zip(used_q)
            .filter(|(t, &u)| !u && is_kind(t.as_ref(), kinds))
            .map(|(t, _)| t.as_ref().weight),
        neumaier,
    );
    if gq == 0.0 {
        return 0.0;
    }
    let gc = pysum(
        cand.iter()
            .zip(used_c)
            .filter(|(t, &u)| !u && is_kind(t.as_ref(), kinds))
            .map(|(t, _)| t.as_ref().weight),
        neumaier,
    );
    pymin(gq, gc)
}
