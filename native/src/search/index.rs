//! `index.TokenIndex` + `nearby.Neighbourhoods` + `engine.AlignIndex.search`, natively.
//!
//! Same structures as the Python index (keys, words, fused keys, bare aliases, deletion
//! neighbourhoods, skeletons, consonants), alias ids are the positions in
//! `TokenIndex.aliases`. The candidate sets are worked out per alias from bit masks of the query
//! words that found it instead of set algebra; every filter of the Python path is a predicate on
//! one alias, so the result is the same set.
use super::fx::{fingerprint, FxMap};
use super::score::{
    can_join, can_join3, fused_token, joins, pymax, pymin, pysum, render_pairs, score_tokens,
    Joins, PairScore, Params,
};
use super::sim::{key_similarities, word_similarity, QueryWord, NEAR_MIN_LEN};
use crate::token::{cls, Token};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

pub const SMALL_BOUNDS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0];
const POSTINGS_MAX: usize = 20_000;
const MULTI: u32 = 1 << 31;

pub struct AliasIn {
    pub entry_index: u32,
    pub name_index: u32,
    pub tokens: Vec<u32>, // ids into `toks`
    pub weights: Vec<f64>,
    pub weak: bool,
    pub entry_type: u8,
    pub content_weight: f64,
    pub top_weights: Vec<f64>,
}

struct Alias {
    entry_index: u32,
    name_index: u32,
    tokens: Box<[u32]>,
    weights: Box<[f64]>,
    joins: Box<[(u32, u32, u32)]>, // (i, n, id into `fused`)
    weak: bool,
    entry_type: u8,
}

/// Keys under a fingerprint: one key inline, or several in `multi`.
#[derive(Default)]
struct Near {
    map: FxMap<u64, u32>,
    multi: Vec<Vec<u32>>,
}

impl Near {
    fn add(&mut self, fp: u64, key: u32) {
        match self.map.get_mut(&fp) {
            None => {
                self.map.insert(fp, key);
            }
            Some(v) if *v & MULTI == 0 => {
                if *v != key {
                    let idx = self.multi.len() as u32;
                    self.multi.push(vec![*v, key]);
                    *v = MULTI | idx;
                }
            }
            Some(v) => {
                let list = &mut self.multi[(*v & !MULTI) as usize];
                if !list.contains(&key) {
                    list.push(key);
                }
            }
        }
    }

    fn register(&mut self, word: &[u8], key: u32) {
        self.add(fingerprint(word, None), key);
        if word.len() >= NEAR_MIN_LEN {
            for i in 0..word.len() {
                self.add(fingerprint(word, Some(i)), key);
            }
        }
    }

    fn get(&self, fp: u64, out: &mut Vec<u32>) {
        if let Some(&v) = self.map.get(&fp) {
            if v & MULTI == 0 {
                out.push(v);
            } else {
                out.extend_from_slice(&self.multi[(v & !MULTI) as usize]);
            }
        }
    }

    fn lookup(&self, word: &[u8], out: &mut Vec<u32>) {
        self.get(fingerprint(word, None), out);
        if word.len() >= NEAR_MIN_LEN {
            for i in 0..word.len() {
                self.get(fingerprint(word, Some(i)), out);
            }
        }
        // note: `len(word)` in Python counts characters; forms and keys are ASCII
    }
}

/// The aliases a query word can match, each with the best similarity (sorted by alias id).
pub struct Posting {
    pub hits: Vec<(u32, f64)>,
    /// `Hot::level1` of each hit's alias (read here, in order, instead of per alias)
    pub levels: Vec<u8>,
}

impl Posting {
    fn best(&self, alias: u32) -> f64 {
        match self.hits.binary_search_by_key(&alias, |h| h.0) {
            Ok(i) => self.hits[i].1,
            Err(_) => 0.0,
        }
    }
}

pub struct Config {
    pub params: Params,
    pub weak_factor: f64,
    pub kinds: Vec<String>,
    pub neumaier: bool,
    pub n_types: usize,
}

/// What the candidate filters read of every alias a query word finds, packed (one cache line
/// for two aliases; the full `Alias` is only read for the few that get scored).
#[derive(Clone, Copy)]
struct Hot {
    entry_type: u8,
    group: u8,
    /// `small_level` of the content weight left after the heaviest word, the two heaviest
    level1: u8,
    level2: u8,
    top_len: u32,
    content_weight: f64,
    top: [f64; 2], // the two first cumulative weights (the rest in `weights`)
}

/// Where the scored-candidate bound reads an alias's content weights.
#[derive(Clone, Copy)]
struct Weights {
    top: [f64; 4], // the first cumulative weights inline (one cache line), the rest in `tops`
    top_start: u32,
}

/// The first of `SMALL_BOUNDS` that `rest` is at most (+1e-9), 11 if none: `_keep_small(cap)`
/// keeps an alias iff its level is at most `bound_index(cap)`.
fn small_level(rest: f64) -> u8 {
    SMALL_BOUNDS
        .iter()
        .position(|&b| rest <= b + 1e-9)
        .unwrap_or(SMALL_BOUNDS.len()) as u8
}

/// The bound `_keep_small` uses for `cap`: the first at least `cap` (11: none, keep all).
fn bound_index(cap: f64) -> u8 {
    SMALL_BOUNDS
        .iter()
        .position(|&b| b >= cap)
        .unwrap_or(SMALL_BOUNDS.len()) as u8
}

pub struct Index {
    cfg: Config,
    hot: Vec<Hot>,
    weights: Vec<Weights>,
    tops: Vec<f64>,
    toks: Vec<Token>,
    fused: Vec<Token>,
    aliases: Vec<Alias>,
    key_ids: FxMap<String, u32>,
    by_key: Vec<Vec<u32>>,       // key id -> aliases
    words_of_key: Vec<Vec<u32>>, // key id -> word ids
    word_tok: Vec<u32>,          // word id -> token id (first seen)
    word_aliases: Vec<Vec<u32>>, // word id -> aliases
    // the same, laid out by key for the posting scans (contiguous words and alias lists)
    key_words: Vec<(u32, u32)>, // key id -> range of `wtoks`
    wtoks: Vec<Token>,
    wal_range: Vec<(u32, u32)>, // `wtoks` index -> range of `wal`
    wal: Vec<u32>,
    by_joined: FxMap<String, Vec<u32>>,
    bare: FxMap<String, Vec<u32>>,
    near: Near,
    near_form: Near,
    by_skel: FxMap<String, Vec<u32>>,
    by_cons: [FxMap<String, Vec<u32>>; 2],
    rarity: FxMap<String, f64>,
    /// `postings` per query word: form -> by (abjad, cjk) flags (looked up by `&str`, no copy)
    postings: Mutex<FxMap<String, [Option<Arc<Posting>>; 4]>>,
}

fn push_unique(v: &mut Vec<u32>, x: u32) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// One hit, what Python's `_match` needs.
pub struct Hit {
    pub alias: u32,
    pub score: f64,
    pub detail: PairScore,
    pub pairs: Vec<(String, String, f64)>,
}

type Scratch = (Vec<f64>, Vec<u32>, Vec<u64>);

/// Put the distinct alias ids `found` in increasing order: a few by sorting, many read off the
/// bit set `bits` (all 0 before and after; a scan of the ~660 words over 42k aliases beats
/// sorting hundreds of ids).
fn order_found(found: &mut Vec<u32>, bits: &mut [u64]) {
    if found.len() <= 128 {
        found.sort_unstable();
        return;
    }
    let (mut lo, mut hi) = (usize::MAX, 0);
    for &a in found.iter() {
        let w = a as usize / 64;
        bits[w] |= 1 << (a % 64);
        lo = lo.min(w);
        hi = hi.max(w);
    }
    found.clear();
    for (w, word) in bits.iter_mut().enumerate().take(hi + 1).skip(lo) {
        let mut x = std::mem::take(word);
        while x != 0 {
            found.push((w * 64) as u32 + x.trailing_zeros());
            x &= x - 1;
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Slot {
    mask: u32,
    fbits: u32,
    fcount: u16,
    special: bool,
    touched: bool,
    single_ok: bool,
}

thread_local! {
    static SLOTS: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    /// `compute_postings`' best similarity per alias (all 0.0 between builds), the list of
    /// aliases found (kept for its capacity) and a bit set over the aliases (all 0 between
    /// builds) to put many found in order
    static BEST: RefCell<Scratch> = const { RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
    /// `search`'s list of aliases touched (kept for its capacity)
    static TOUCHED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// `engine.max_unmatched_other`
pub fn max_unmatched_other(
    matched: f64,
    unmatched: f64,
    t: f64,
    conflict: f64,
    extra: f64,
) -> Option<f64> {
    if t <= 0.0 {
        return None;
    }
    if matched <= 0.0 {
        return Some(-1.0);
    }
    let budget = matched * (1.0 - t) / t;
    if budget < extra * unmatched {
        return Some(-1.0);
    }
    let below = if conflict > extra {
        (budget - extra * unmatched) / (conflict - extra)
    } else {
        unmatched
    };
    if below <= unmatched {
        return Some(below);
    }
    if extra > 0.0 {
        Some(unmatched + (budget - conflict * unmatched) / extra)
    } else {
        None
    }
}

fn cap_of(c: Option<f64>) -> f64 {
    match c {
        None => f64::INFINITY,
        Some(c) => c + 1e-9,
    }
}

impl Index {
    pub fn build(
        cfg: Config,
        toks: Vec<Token>,
        aliases_in: Vec<AliasIn>,
        rarity: FxMap<String, f64>,
    ) -> Index {
        let mut ix = Index {
            cfg,
            hot: Vec::with_capacity(aliases_in.len()),
            weights: Vec::with_capacity(aliases_in.len()),
            tops: Vec::new(),
            toks,
            fused: Vec::new(),
            aliases: Vec::with_capacity(aliases_in.len()),
            key_ids: FxMap::default(),
            by_key: Vec::new(),
            words_of_key: Vec::new(),
            word_tok: Vec::new(),
            word_aliases: Vec::new(),
            key_words: Vec::new(),
            wtoks: Vec::new(),
            wal_range: Vec::new(),
            wal: Vec::new(),
            by_joined: FxMap::default(),
            bare: FxMap::default(),
            near: Near::default(),
            near_form: Near::default(),
            by_skel: FxMap::default(),
            by_cons: [FxMap::default(), FxMap::default()],
            rarity,
            postings: Mutex::new(FxMap::default()),
        };
        let mut word_ids: FxMap<(u32, bool, bool), u32> = FxMap::default(); // (form token) -> word
        let mut form_ids: FxMap<String, u32> = FxMap::default(); // interned forms
        let mut seen_forms: FxMap<(u32, bool), ()> = FxMap::default();
        let mut fused_ids: FxMap<(String, bool, bool), u32> = FxMap::default();
        let mut keys_buf: Vec<u32> = Vec::new();
        let mut joined_buf: Vec<String> = Vec::new();
        for (alias_id, a) in aliases_in.into_iter().enumerate() {
            let alias_id = alias_id as u32;
            let toks: Vec<&Token> = a.tokens.iter().map(|&t| &ix.toks[t as usize]).collect();
            // fused runs of two or three words (scoring and `_by_joined`), each distinct fused
            // word keyed once; in `joins`' order
            let mut alias_joins = Vec::new();
            joined_buf.clear();
            let runs = (0..toks.len().saturating_sub(1)).flat_map(|i| [(i, 2usize), (i, 3usize)]);
            for (i, n) in runs {
                if i + n > toks.len() {
                    continue;
                }
                let a = toks[i];
                let ok = if n == 2 {
                    can_join(a, toks[i + 1])
                } else {
                    can_join3(a, toks[i + 1], toks[i + 2])
                };
                if !ok {
                    continue;
                }
                let mut form = String::with_capacity(32);
                for t in &toks[i..i + n] {
                    form.push_str(&t.form);
                }
                let fk = (form, a.abjad, a.cjk);
                let id = match fused_ids.get(&fk) {
                    Some(&id) => id,
                    None => {
                        let id = ix.fused.len() as u32;
                        ix.fused.push(fused_token(fk.0.clone(), a.abjad, a.cjk));
                        fused_ids.insert(fk, id);
                        id
                    }
                };
                let key = &ix.fused[id as usize].key;
                if !joined_buf.contains(key) {
                    joined_buf.push(key.clone());
                }
                alias_joins.push((i as u32, n as u32, id));
            }
            // distinct identity-carrying keys
            keys_buf.clear();
            let mut any_content = false;
            for t in &toks {
                if t.content {
                    any_content = true;
                    let kid = match ix.key_ids.get(&t.key) {
                        Some(&k) => k,
                        None => {
                            let k = ix.by_key.len() as u32;
                            ix.key_ids.insert(t.key.clone(), k);
                            ix.by_key.push(Vec::new());
                            ix.words_of_key.push(Vec::new());
                            k
                        }
                    };
                    push_unique(&mut keys_buf, kid);
                }
            }
            // fused keys of every alias, one of generic words only too (`_register`)
            for key in &joined_buf {
                ix.by_joined.entry(key.clone()).or_default().push(alias_id);
            }
            if !any_content {
                for t in &toks {
                    let v = ix.bare.entry(t.key.clone()).or_default();
                    v.push(alias_id);
                }
            } else {
                for &kid in &keys_buf {
                    let postings = &mut ix.by_key[kid as usize];
                    if postings.is_empty() {
                        // `Neighbourhoods.add_key`
                        let key = toks
                            .iter()
                            .find(|t| t.content && ix.key_ids[&t.key] == kid)
                            .map(|t| t.key.as_bytes())
                            .unwrap();
                        ix.near.register(key, kid);
                    }
                    postings.push(alias_id);
                }
                for (&tid, t) in a.tokens.iter().zip(&toks) {
                    if !t.content {
                        continue;
                    }
                    let fid = match form_ids.get(&t.form) {
                        Some(&f) => f,
                        None => {
                            let f = form_ids.len() as u32;
                            form_ids.insert(t.form.clone(), f);
                            f
                        }
                    };
                    let wk = (fid, t.abjad, t.cjk);
                    match word_ids.get(&wk) {
                        None => {
                            let wid = ix.word_tok.len() as u32;
                            word_ids.insert(wk, wid);
                            ix.word_tok.push(tid);
                            ix.word_aliases.push(vec![alias_id]);
                            let kid = ix.key_ids[&t.key];
                            ix.words_of_key[kid as usize].push(wid);
                            // `Neighbourhoods.add_word`
                            if seen_forms.insert((fid, t.abjad), ()).is_none() {
                                ix.near_form.register(t.form.as_bytes(), kid);
                                if t.form.len() >= 4 {
                                    push_unique(ix.by_skel.entry(t.skel.clone()).or_default(), kid);
                                }
                                if t.cons.len() >= 3 {
                                    push_unique(
                                        ix.by_cons[t.abjad as usize]
                                            .entry(t.cons.clone())
                                            .or_default(),
                                        kid,
                                    );
                                }
                            }
                        }
                        Some(&wid) => {
                            let hits = &mut ix.word_aliases[wid as usize];
                            if *hits.last().unwrap() != alias_id {
                                hits.push(alias_id);
                            }
                        }
                    }
                }
            }
            let top = a.top_weights;
            let total = top.last().copied().unwrap_or(0.0);
            let rest1 = if top.is_empty() { 0.0 } else { total - top[0] };
            let rest2 = if top.len() > 1 { total - top[1] } else { 0.0 };
            let group = 2 * (a.entry_type != 0) as u8 + a.weak as u8;
            let mut inline = [0.0; 4];
            for (x, &t) in inline.iter_mut().zip(&top) {
                *x = t;
            }
            ix.hot.push(Hot {
                entry_type: a.entry_type,
                group,
                level1: small_level(rest1),
                level2: small_level(rest2),
                top_len: top.len() as u32,
                content_weight: a.content_weight,
                top: [inline[0], inline[1]],
            });
            ix.weights.push(Weights {
                top: inline,
                top_start: ix.tops.len() as u32,
            });
            ix.tops.extend_from_slice(&top);
            ix.aliases.push(Alias {
                entry_index: a.entry_index,
                name_index: a.name_index,
                tokens: a.tokens.into_boxed_slice(),
                weights: a.weights.into_boxed_slice(),
                joins: alias_joins.into_boxed_slice(),
                weak: a.weak,
                entry_type: a.entry_type,
            });
        }
        for kid in 0..ix.words_of_key.len() {
            let start = ix.wtoks.len() as u32;
            for &wid in &ix.words_of_key[kid] {
                ix.wtoks
                    .push(ix.toks[ix.word_tok[wid as usize] as usize].clone());
                let al = &ix.word_aliases[wid as usize];
                ix.wal_range.push((ix.wal.len() as u32, al.len() as u32));
                ix.wal.extend_from_slice(al);
            }
            ix.key_words.push((start, ix.wtoks.len() as u32 - start));
        }
        ix.words_of_key = Vec::new();
        ix.word_tok = Vec::new();
        ix.word_aliases = Vec::new();
        ix.near.map.shrink_to_fit();
        ix.near_form.map.shrink_to_fit();
        ix
    }

    pub fn clear_caches(&self) {
        self.postings.lock().unwrap().clear();
    }

    pub fn n_aliases(&self) -> usize {
        self.aliases.len()
    }

    pub fn weight(&self, t: &Token) -> f64 {
        if t.cls == cls::CONTENT {
            t.weight * self.rarity.get(&t.key).copied().unwrap_or(1.0)
        } else {
            t.weight
        }
    }

    /// `Neighbourhoods.near_keys` (key ids, deduplicated).
    fn near_keys(&self, t: &Token, out: &mut Vec<u32>) {
        out.clear();
        self.near.lookup(t.key.as_bytes(), out);
        self.near_form.lookup(t.form.as_bytes(), out);
        if t.form.len() >= 4 {
            if let Some(v) = self.by_skel.get(&t.skel) {
                out.extend_from_slice(v);
            }
        }
        if t.cons.len() >= 3 {
            if let Some(v) = self.by_cons[(!t.abjad) as usize].get(&t.cons) {
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// `TokenIndex.postings`, cached per word.
    pub fn postings(&self, t: &Token) -> Arc<Posting> {
        let flags = 2 * t.abjad as usize + t.cjk as usize;
        let cached = self
            .postings
            .lock()
            .unwrap()
            .get(t.form.as_str())
            .and_then(|v| v[flags].clone());
        if let Some(p) = cached {
            return p;
        }
        let p = Arc::new(self.compute_postings(t));
        let mut cache = self.postings.lock().unwrap();
        if cache.len() >= POSTINGS_MAX {
            cache.clear();
        }
        cache.entry(t.form.clone()).or_default()[flags] = Some(p.clone());
        p
    }
    fn compute_postings(&self, t: &Token) -> Posting {
        let mut keys = Vec::new();
        self.near_keys(t, &mut keys);
        let own_key = self.key_ids.get(&t.key).copied();
        let qw = QueryWord::new(t);
        // best similarity per alias in a dense array over all aliases (0.0: not found), the
        // aliases found listed once: sorting the few hundred ids beats sorting every
        // (alias, similarity) hit and deduplicating
        BEST.with(|cell| {
            let (best, found, bits) = &mut *cell.borrow_mut();
            if best.len() < self.aliases.len() {
                best.resize(self.aliases.len(), 0.0);
                bits.resize(self.aliases.len().div_ceil(64), 0);
            }
            found.clear();
            for &kid in &keys {
                let (w0, wn) = self.key_words[kid as usize];
                if wn == 0 {
                    continue;
                }
                let (w0, wn) = (w0 as usize, wn as usize);
                let words = &self.wtoks[w0..w0 + wn];
                let mut add = |k: usize, s: f64| {
                    if s > 0.0 {
                        let (a0, an) = self.wal_range[w0 + k];
                        for &a in &self.wal[a0 as usize..(a0 + an) as usize] {
                            let b = &mut best[a as usize];
                            if *b == 0.0 {
                                found.push(a);
                            }
                            if s > *b {
                                *b = s;
                            }
                        }
                    }
                };
                if Some(kid) == own_key {
                    for (k, w) in words.iter().enumerate() {
                        let s = if w.abjad == t.abjad {
                            1.0
                        } else {
                            word_similarity(t, w)
                        };
                        add(k, s);
                    }
                } else if t.content {
                    let mut k = 0;
                    key_similarities(&qw, &words[0].key, words, |s| {
                        add(k, s);
                        k += 1;
                    });
                } else {
                    for (k, w) in words.iter().enumerate() {
                        add(k, word_similarity(t, w));
                    }
                }
            }
            order_found(found, bits);
            let mut hits = Vec::with_capacity(found.len());
            let mut levels = Vec::with_capacity(found.len());
            for &a in found.iter() {
                hits.push((a, std::mem::replace(&mut best[a as usize], 0.0)));
                levels.push(self.hot[a as usize].level1);
            }
            Posting { hits, levels }
        })
    }

    /// `AlignIndex.search` on analysed query tokens; None when the query has more than 64
    /// identity-carrying words (the caller runs the Python path).
    pub fn search(&self, query: &[Token], allowed: u32, cutoff: f64) -> Option<Vec<Hit>> {
        if query.is_empty() {
            return Some(Vec::new());
        }
        let content: Vec<usize> = (0..query.len()).filter(|&i| query[i].content).collect();
        if content.len() > 32 {
            return None;
        }
        let p = &self.cfg.params;
        let nm = self.cfg.neumaier;
        let qweights: Vec<f64> = query.iter().map(|t| self.weight(t)).collect();
        let qjoined = joins(query);
        // content word b (bit 1<<b) is query position content[b]
        let cw: Vec<f64> = content.iter().map(|&i| qweights[i]).collect();
        let total = pysum(qweights.iter().copied(), nm);
        let content_total = pysum(cw.iter().copied(), nm);
        let n_initials = query.iter().filter(|t| t.cls == cls::INITIAL).count();
        let t = cutoff / 100.0;
        let e = pymin(p.extra, p.extra_org);
        let single_cap = |w: f64| -> Option<f64> {
            let uq = content_total - w;
            max_unmatched_other(total - uq, uq, t, p.conflict, e)
        };
        let postings: Vec<Arc<Posting>> =
            content.iter().map(|&i| self.postings(&query[i])).collect();
        // fused lookups: (content bits, aliases)
        let bit_of = |pos: usize| -> u32 {
            match content.binary_search(&pos) {
                Ok(b) => 1u32 << b,
                Err(_) => 0,
            }
        };
        let mut fused: Vec<(u32, &[u32])> = Vec::new();
        for &i in &content {
            if let Some(h) = self.by_joined.get(&query[i].key) {
                if !h.is_empty() {
                    fused.push((bit_of(i), h));
                }
            }
        }
        for (i, n, f) in &qjoined {
            if let Some(&kid) = self.key_ids.get(&f.key) {
                let h = &self.by_key[kid as usize];
                if !h.is_empty() {
                    fused.push(((*i..i + n).fold(0, |bits, k| bits | bit_of(k)), h));
                }
            }
        }
        let nc = content.len();
        // caps of pairs and singles
        // as the index of the `_keep_small` bound
        let pair_caps: Vec<Option<u8>> = (0..nc)
            .flat_map(|a| (0..nc).map(move |b| (a, b)))
            .map(|(a, b)| {
                if a < b {
                    single_cap(cw[a] + cw[b]).map(bound_index)
                } else {
                    None
                }
            })
            .collect();
        let single_caps: Vec<Option<u8>> =
            cw.iter().map(|&w| single_cap(w).map(bound_index)).collect();
        let groups: [(f64, f64); 4] = [
            (p.extra, 1.0),
            (p.extra, self.cfg.weak_factor),
            (p.extra_org, 1.0),
            (p.extra_org, self.cfg.weak_factor),
        ];
        let t_of: Vec<f64> = groups
            .iter()
            .map(|&(_, f)| (cutoff - 1e-6) / (100.0 * f))
            .collect();
        let mut masks: FxMap<u32, (f64, [f64; 4])> = FxMap::default();
        let mut viable: Vec<(u32, u32)> = Vec::new(); // (alias, single)
        SLOTS.with(|cell| {
            let mut slots = cell.borrow_mut();
            if slots.len() < self.aliases.len() {
                slots.resize(self.aliases.len(), Slot::default());
            }
            let mut touched = TOUCHED.with(|t| std::mem::take(&mut *t.borrow_mut()));
            touched.clear();
            for (b, post) in postings.iter().enumerate() {
                let cap = single_caps[b];
                for (&(a, _), &level) in post.hits.iter().zip(&post.levels) {
                    let s = &mut slots[a as usize];
                    if !s.touched {
                        s.touched = true;
                        touched.push(a);
                    }
                    s.mask |= 1u32 << b;
                    // found by this word alone, the alias's other words weigh little enough
                    s.single_ok |= cap.is_none_or(|cap| level <= cap);
                }
            }
            for (bits, hits) in &fused {
                for &a in *hits {
                    let s = &mut slots[a as usize];
                    if !s.touched {
                        s.touched = true;
                        touched.push(a);
                    }
                    s.special = true;
                    s.fbits |= bits;
                    s.fcount += 1;
                }
            }
            for t in query {
                if let Some(bare) = self.bare.get(&t.key) {
                    for &a in bare {
                        let s = &mut slots[a as usize];
                        if !s.touched {
                            s.touched = true;
                            touched.push(a);
                        }
                        s.special = true;
                    }
                }
            }
            for &a in &touched {
                let slot = slots[a as usize];
                slots[a as usize] = Slot::default();
                let mask = slot.mask;
                let n = mask.count_ones();
                if !(slot.special || n_initials > 0 || slot.single_ok || n >= 2) {
                    continue; // the common case, decided without reading the alias
                }
                let alias = &self.hot[a as usize];
                if allowed & (1 << alias.entry_type) == 0 {
                    continue;
                }
                let in_pool = slot.special || n_initials > 0 || slot.single_ok || {
                    let mut ok = false;
                    'pairs: for x in 0..nc {
                        if mask & (1 << x) == 0 {
                            continue;
                        }
                        for y in x + 1..nc {
                            if mask & (1 << y) == 0 {
                                continue;
                            }
                            match pair_caps[x * nc + y] {
                                Some(cap) if nc > 2 => {
                                    if n >= 3 || alias.level2 <= cap {
                                        ok = true;
                                        break 'pairs;
                                    }
                                }
                                _ => {
                                    ok = true;
                                    break 'pairs;
                                }
                            }
                        }
                    }
                    ok
                };
                if !in_pool {
                    continue;
                }
                // `_viable`
                let takes = mask.count_ones() as usize + 3 * slot.fcount as usize; // a fusion takes <= 3 words
                let combined = mask | slot.fbits;
                let single = mask & !slot.fbits;
                let (uq, caps) = *masks.entry(combined).or_insert_with(|| {
                    let uq = pysum(
                        (0..nc).filter(|&b| combined & (1 << b) == 0).map(|b| cw[b]),
                        nm,
                    );
                    let mut caps = [0.0; 4];
                    for g in 0..4 {
                        caps[g] = cap_of(max_unmatched_other(
                            total - uq,
                            uq,
                            t_of[g],
                            p.conflict,
                            groups[g].0,
                        ));
                    }
                    (uq, caps)
                });
                let k = takes + n_initials;
                let uc = if k == 0 {
                    alias.content_weight
                } else if k <= alias.top_len as usize {
                    let t = if k <= 2 {
                        alias.top[k - 1]
                    } else {
                        let ws = &self.weights[a as usize];
                        if k <= 4 {
                            ws.top[k - 1]
                        } else {
                            self.tops[ws.top_start as usize + k - 1]
                        }
                    };
                    pymax(0.0, alias.content_weight - t)
                } else {
                    0.0
                };
                let g = alias.group as usize;
                if uc > caps[g] {
                    continue;
                }
                if single != 0
                    && !self.graded_bound(
                        a,
                        single,
                        &cw,
                        &postings,
                        (total - uq, uq, uc),
                        g,
                        cutoff,
                    )
                {
                    continue;
                }
                viable.push((a, single));
            }
            TOUCHED.with(|t| *t.borrow_mut() = touched);
        });
        // score
        let mut best: FxMap<u32, Hit> = FxMap::default();
        let qrefs: Vec<&Token> = query.iter().collect();
        for (a, _) in viable {
            let alias = &self.aliases[a as usize];
            let ctoks: Vec<&Token> = alias
                .tokens
                .iter()
                .map(|&t| &self.toks[t as usize])
                .collect();
            let cjoined: Vec<(usize, usize, &Token)> = alias
                .joins
                .iter()
                .map(|&(i, n, f)| (i as usize, n as usize, &self.fused[f as usize]))
                .collect();
            let org = alias.entry_type != 0;
            let detail = score_tokens(
                &qrefs,
                &qweights,
                &ctoks,
                &alias.weights,
                p,
                org,
                &qjoined,
                &cjoined,
                &self.cfg.kinds,
                nm,
            );
            let score = detail.score
                * if alias.weak {
                    self.cfg.weak_factor
                } else {
                    1.0
                };
            if score < cutoff {
                continue;
            }
            let better = match best.get(&alias.entry_index) {
                None => true,
                Some(prev) => {
                    score > prev.score
                        || (score == prev.score
                            && alias.name_index < self.aliases[prev.alias as usize].name_index)
                }
            };
            if better {
                best.insert(
                    alias.entry_index,
                    Hit {
                        alias: a,
                        score,
                        detail,
                        pairs: Vec::new(),
                    },
                );
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        for h in &mut hits {
            let alias = &self.aliases[h.alias as usize];
            let ctoks: Vec<&Token> = alias
                .tokens
                .iter()
                .map(|&t| &self.toks[t as usize])
                .collect();
            h.pairs = render_pairs(query, &ctoks, &h.detail.pairs);
        }
        hits.sort_by(|x, y| {
            y.score.partial_cmp(&x.score).unwrap().then(
                self.aliases[x.alias as usize]
                    .entry_index
                    .cmp(&self.aliases[y.alias as usize].entry_index),
            )
        });
        Some(hits)
    }
    #[allow(clippy::too_many_arguments)]
    fn graded_bound(
        &self,
        alias: u32,
        single: u32,
        cw: &[f64],
        postings: &[Arc<Posting>],
        weights: (f64, f64, f64),
        group: usize,
        cutoff: f64,
    ) -> bool {
        let p = &self.cfg.params;
        let (matched, uq, uc) = weights;
        let (extra, factor) = match group {
            0 => (p.extra, 1.0),
            1 => (p.extra, self.cfg.weak_factor),
            2 => (p.extra_org, 1.0),
            _ => (p.extra_org, self.cfg.weak_factor),
        };
        let delta = pymax(0.0, pymin(extra, p.conflict - extra));
        let (mut deficit, mut short) = (0.0f64, 0.0f64);
        for (b, post) in postings.iter().enumerate() {
            if single & (1 << b) != 0 {
                let s = post.best(alias);
                if s < 1.0 {
                    let w = cw[b];
                    deficit += (1.0 - s) * w;
                    short += pymin(p.shortfall * (1.0 - s), delta) * w;
                }
            }
        }
        let m = matched - deficit;
        if m <= 0.0 {
            return cutoff - 1e-6 <= 0.0;
        }
        let penalty = p.conflict * pymin(uq, uc) + extra * (uq - uc).abs() + pymax(0.0, short);
        100.0 * factor * m / (m + penalty) >= cutoff - 1e-6
    }

    pub fn alias_entry(&self, alias: u32) -> u32 {
        self.aliases[alias as usize].entry_index
    }

    /// One of OFAC's weak a.k.a.s (its scores are discounted by `weak_factor`).
    pub fn alias_weak(&self, alias: u32) -> bool {
        self.aliases[alias as usize].weak
    }

    pub fn weak_factor(&self) -> f64 {
        self.cfg.weak_factor
    }

    /// Score two analysed names with this index's parameters (parity tests).
    pub fn score_pair(
        &self,
        query: &[Token],
        qweights: &[f64],
        cand: &[Token],
        cweights: &[f64],
        org: bool,
    ) -> PairScore {
        let qj: Joins = joins(query);
        let cj: Joins = joins(cand);
        score_tokens(
            query,
            qweights,
            cand,
            cweights,
            &self.cfg.params,
            org,
            &qj,
            &cj,
            &self.cfg.kinds,
            self.cfg.neumaier,
        )
    }

    pub fn n_tokens(&self) -> usize {
        self.toks.len()
    }
}
