//! Word similarity: `score.word_similarity` / `_word_similarity` / `_content_similarity` /
//! `key_similarities` and their helpers, on ASCII bytes (analysed forms and keys are ASCII).
use crate::token::{cls, Token};
use rapidfuzz::distance::{lcs_seq, levenshtein, osa};

pub const NEAR_MIN_LEN: usize = 4;
pub const MIN_TOKEN_SIM: f64 = 0.7;
pub const ABJAD_SIM: f64 = 0.88;
pub const SHORT_KEY_SIM: [f64; 4] = [0.8, 0.8, 0.8, 0.88];
pub const TRANSPOSED_SIM: f64 = 0.9;

/// Bit vectors of the positions of each ASCII byte of `a` (len 1..=64, ASCII).
#[inline]
fn pattern(a: &[u8], pm: &mut [u64; 128]) {
    for (i, &c) in a.iter().enumerate() {
        pm[c as usize] |= 1u64 << i;
    }
}

#[inline]
fn fits(a: &[u8], b: &[u8]) -> bool {
    !a.is_empty() && a.len() <= 64 && a.is_ascii() && b.is_ascii()
}

/// Edit distance of the pattern (`pm`, `m` bytes) to `b`, bit-parallel (Hyyro 2003, as
/// rapidfuzz's `osa_hyrroe2003`; any length of `b`): OSA when `TRANSPOSE`, else Levenshtein.
/// One kernel, instantiated twice: the flag is a constant, so neither copy tests it per byte.
#[inline]
fn edit_kernel<const TRANSPOSE: bool>(pm: &[u64; 128], m: usize, b: &[u8]) -> usize {
    let mut vp: u64 = !0;
    let mut vn: u64 = 0;
    let mut d0: u64 = 0;
    let mut pm_old: u64 = 0;
    let mut dist = m as isize;
    let mask = 1u64 << (m - 1);
    for &c in b {
        let pm_j = pm[c as usize];
        if TRANSPOSE {
            let tr = (((!d0) & pm_j) << 1) & pm_old;
            d0 = (((pm_j & vp).wrapping_add(vp)) ^ vp) | pm_j | vn | tr;
            pm_old = pm_j;
        } else {
            let x = pm_j | vn;
            d0 = (((x & vp).wrapping_add(vp)) ^ vp) | x;
        }
        let mut hp = vn | !(d0 | vp);
        let mut hn = d0 & vp;
        dist += (hp & mask != 0) as isize;
        dist -= (hn & mask != 0) as isize;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
    }
    dist as usize
}

#[inline]
fn osa_kernel(pm: &[u64; 128], m: usize, b: &[u8]) -> usize {
    edit_kernel::<true>(pm, m, b)
}

#[inline]
fn lev_kernel(pm: &[u64; 128], m: usize, b: &[u8]) -> usize {
    edit_kernel::<false>(pm, m, b)
}

/// LCS length of the pattern and `b` (Hyyro 2004, bit-parallel).
#[inline]
fn lcs_kernel(pm: &[u64; 128], m: usize, b: &[u8]) -> usize {
    let mut s: u64 = !0;
    for &c in b {
        let x = pm[c as usize];
        let u = s & x;
        s = s.wrapping_add(u) | (s.wrapping_sub(u));
    }
    let live = if m == 64 { !0 } else { (1u64 << m) - 1 };
    (!s & live).count_ones() as usize
}

/// One word prepared as the pattern side of the bit-parallel kernels, to compare with many
/// words: the posting build compares a query word with every word of its neighbour keys, and
/// setting up the 1 KiB table per comparison cost more than the comparison. OSA, Levenshtein
/// and LCS are symmetric, so the prepared word can be either side. Words the kernels cannot
/// take (empty, longer than 64, non-ASCII) fall back to the two-sided functions.
pub struct Pattern<'a> {
    s: &'a [u8],
    pm: [u64; 128],
    fits: bool,
}

impl<'a> Pattern<'a> {
    pub fn new(s: &'a [u8]) -> Self {
        let mut pm = [0u64; 128];
        let fits = !s.is_empty() && s.len() <= 64 && s.is_ascii();
        if fits {
            pattern(s, &mut pm);
        }
        Pattern { s, pm, fits }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.s
    }

    pub fn osa_dist(&self, b: &[u8]) -> usize {
        if self.fits && b.is_ascii() {
            osa_kernel(&self.pm, self.s.len(), b)
        } else {
            osa_dist(self.s, b)
        }
    }

    pub fn lcs_len(&self, b: &[u8]) -> usize {
        if self.fits && b.is_ascii() {
            lcs_kernel(&self.pm, self.s.len(), b)
        } else {
            lcs_len(self.s, b)
        }
    }

    /// `OSA.normalized_similarity`
    pub fn osa_norm_sim(&self, b: &[u8]) -> f64 {
        let maximum = self.s.len().max(b.len());
        let nd = if maximum == 0 {
            0.0
        } else {
            self.osa_dist(b) as f64 / maximum as f64
        };
        1.0 - nd
    }

    /// `Levenshtein.normalized_similarity` (unit weights: `1 - dist / max(len)`)
    pub fn lev_norm_sim(&self, b: &[u8]) -> f64 {
        if !(self.fits && b.is_ascii()) {
            return lev_norm_sim(self.s, b);
        }
        let maximum = self.s.len().max(b.len());
        let nd = lev_kernel(&self.pm, self.s.len(), b) as f64 / maximum as f64;
        1.0 - nd
    }

    /// `keys_compatible(self, b)`
    pub fn compatible(&self, b: &[u8]) -> bool {
        let a = self.s;
        if a == b {
            return true;
        }
        let (la, lb) = (a.len(), b.len());
        let m = la.max(lb);
        if m < NEAR_MIN_LEN || la.abs_diff(lb) > 1 {
            return false;
        }
        self.lcs_len(b) >= m - 1
    }
}

/// OSA distance (Hyyro 2003, bit-parallel, as rapidfuzz's `osa_hyrroe2003`).
pub fn osa_dist(a: &[u8], b: &[u8]) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return b.len();
    }
    if !fits(a, b) {
        return osa::distance(a.iter().copied(), b.iter().copied());
    }
    let mut pm = [0u64; 128];
    pattern(a, &mut pm);
    osa_kernel(&pm, a.len(), b)
}

/// Length of the longest common subsequence (bit-parallel, Hyyro 2004).
pub fn lcs_len(a: &[u8], b: &[u8]) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    if !fits(a, b) {
        return lcs_seq::similarity(a.iter().copied(), b.iter().copied());
    }
    let mut pm = [0u64; 128];
    pattern(a, &mut pm);
    lcs_kernel(&pm, a.len(), b)
}

/// `OSA.normalized_similarity`: `1 - dist / max(len)`, 1.0 for two empty strings.
#[inline]
pub fn osa_norm_sim(a: &[u8], b: &[u8]) -> f64 {
    let maximum = a.len().max(b.len());
    let nd = if maximum == 0 {
        0.0
    } else {
        osa_dist(a, b) as f64 / maximum as f64
    };
    1.0 - nd
}

/// The rapidfuzz implementations, for the kernels' tests.
pub fn osa_dist_ref(a: &[u8], b: &[u8]) -> usize {
    osa::distance(a.iter().copied(), b.iter().copied())
}

pub fn lcs_len_ref(a: &[u8], b: &[u8]) -> usize {
    lcs_seq::similarity(a.iter().copied(), b.iter().copied())
}

#[inline]
fn lev_norm_sim(a: &[u8], b: &[u8]) -> f64 {
    levenshtein::normalized_similarity(a.iter().copied(), b.iter().copied())
}

#[inline]
pub fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `len(re.findall("[aeiou]+", key))`
pub fn syllables(key: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = false;
    for &c in key {
        let v = is_vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

pub fn keys_compatible(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    let m = la.max(lb);
    if m < NEAR_MIN_LEN || la.abs_diff(lb) > 1 {
        return false;
    }
    lcs_len(a, b) >= m - 1
}

pub fn other_final_nasal(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    b.len() == a.len() + 1 && b.ends_with(b"nk") && b.starts_with(a) && syllables(b) == 1
}

fn first(s: &[u8]) -> u8 {
    // Python `s[0]` on an empty form raises; analysed forms are never empty
    s.first().copied().unwrap_or(0)
}

pub fn skeleton_variant(q: &Token, a: &Token) -> bool {
    let (qf, af) = (q.form.as_bytes(), a.form.as_bytes());
    q.skel == a.skel
        && (first(qf) == first(af) || (is_vowel(first(qf)) && is_vowel(first(af))))
        && qf.len() >= 4
        && af.len() >= 4
        && qf.len().abs_diff(af.len()) <= 2
        && syllables(q.key.as_bytes()) >= 2
        && syllables(a.key.as_bytes()) >= 2
        && lev_norm_sim(q.key.as_bytes(), a.key.as_bytes()) >= 0.6
}

pub fn is_anchor(q: &Token, a: &Token) -> bool {
    if !(q.content && a.content) {
        return false;
    }
    if q.abjad != a.abjad {
        return q.cons == a.cons && q.cons.len() >= 3;
    }
    if other_final_nasal(q.key.as_bytes(), a.key.as_bytes()) {
        return false;
    }
    keys_compatible(q.key.as_bytes(), a.key.as_bytes())
        || keys_compatible(q.form.as_bytes(), a.form.as_bytes())
        || skeleton_variant(q, a)
}

fn transposed(a: &[u8], b: &[u8]) -> bool {
    if a[0] != b[0] {
        return false;
    }
    let n = a.len();
    let mut i = 1;
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..]
}

pub fn spelling(a: &[u8], b: &[u8]) -> f64 {
    let s = osa_norm_sim(a, b);
    if s < TRANSPOSED_SIM
        && a.len() == b.len()
        && b.len() >= 5
        && a.iter().all(|c| c.is_ascii_alphabetic())
        && transposed(a, b)
    {
        return TRANSPOSED_SIM;
    }
    s
}

/// `word_similarity` (uncached: the Python cache is a pure memo).
pub fn word_similarity(q: &Token, a: &Token) -> f64 {
    if q.form == a.form && q.abjad == a.abjad {
        return 1.0;
    }
    word_similarity_raw(q, a)
}

const fn lettered(c: u8) -> bool {
    c == cls::CONTENT || c == cls::PATRONYMIC || c == cls::INITIAL
}

const fn wordy(c: u8) -> bool {
    c == cls::GENERIC || c == cls::TITLE
}

/// `_word_similarity`
pub fn word_similarity_raw(q: &Token, a: &Token) -> f64 {
    if q.content && a.content {
        return content_similarity(q, a);
    }
    let (qc, ac) = (q.cls, a.cls);
    if qc == cls::INITIAL {
        return if first(q.form.as_bytes()) == first(a.form.as_bytes()) && lettered(ac) {
            0.9
        } else {
            0.0
        };
    }
    if ac == cls::INITIAL {
        return 0.0;
    }
    if wordy(qc) && wordy(ac) && qc == ac {
        if q.key == a.key {
            return 0.95;
        }
        let mut s = osa_norm_sim(q.form.as_bytes(), a.form.as_bytes());
        if s < 0.9 && qc == cls::GENERIC && same_stem(q.form.as_bytes(), a.form.as_bytes()) {
            s = 0.9;
        }
        return if s >= 0.8 { s } else { 0.0 };
    }
    if qc == ac && q.key == a.key {
        1.0
    } else {
        0.0
    }
}

fn same_stem(a: &[u8], b: &[u8]) -> bool {
    let n = a.len().min(b.len());
    let mut k = 0;
    while k < n && a[k] == b[k] {
        k += 1;
    }
    k >= 4 && (k as f64) >= 0.75 * (n as f64)
}

fn content_similarity(q: &Token, a: &Token) -> f64 {
    if !is_anchor(q, a) {
        return 0.0;
    }
    if q.abjad != a.abjad {
        return ABJAD_SIM;
    }
    if q.cjk && a.cjk {
        return 0.0;
    }
    if q.key == a.key {
        let n = q.form.len().min(a.form.len());
        return if n < 4 { SHORT_KEY_SIM[n] } else { 0.95 };
    }
    if q.cjk || a.cjk {
        return 0.0;
    }
    if q.form.len().abs_diff(a.form.len()) >= 3 && !skeleton_variant(q, a) {
        return 0.0;
    }
    let mut s = spelling(q.form.as_bytes(), a.form.as_bytes());
    let sk = 0.95 * osa_norm_sim(q.key.as_bytes(), a.key.as_bytes());
    if sk > s {
        s = sk;
    }
    if s < 0.88 && skeleton_variant(q, a) {
        s = 0.88;
    }
    if s >= MIN_TOKEN_SIM {
        s
    } else {
        0.0
    }
}

/// A query word prepared for `key_similarities` over many keys and words: its form and key as
/// kernel patterns, built once per posting build.
pub struct QueryWord<'a> {
    pub t: &'a Token,
    form: Pattern<'a>,
    key: Pattern<'a>,
}

impl<'a> QueryWord<'a> {
    pub fn new(t: &'a Token) -> Self {
        QueryWord {
            t,
            form: Pattern::new(t.form.as_bytes()),
            key: Pattern::new(t.key.as_bytes()),
        }
    }

    /// `skeleton_variant(self, a)`
    fn skeleton_variant(&self, a: &Token) -> bool {
        let q = self.t;
        let (qf, af) = (q.form.as_bytes(), a.form.as_bytes());
        q.skel == a.skel
            && (first(qf) == first(af) || (is_vowel(first(qf)) && is_vowel(first(af))))
            && qf.len() >= 4
            && af.len() >= 4
            && qf.len().abs_diff(af.len()) <= 2
            && syllables(q.key.as_bytes()) >= 2
            && syllables(a.key.as_bytes()) >= 2
            && self.key.lev_norm_sim(a.key.as_bytes()) >= 0.6
    }

    /// `spelling(self.form, b)`
    fn spelling(&self, b: &[u8]) -> f64 {
        let a = self.form.bytes();
        let s = self.form.osa_norm_sim(b);
        if s < TRANSPOSED_SIM
            && a.len() == b.len()
            && b.len() >= 5
            && a.iter().all(|c| c.is_ascii_alphabetic())
            && transposed(a, b)
        {
            return TRANSPOSED_SIM;
        }
        s
    }

    fn spelling_similarity(&self, a: &Token, near_key: bool, key_sim: f64) -> f64 {
        let q = self.t;
        let variant = q.skel == a.skel && self.skeleton_variant(a);
        if q.form.len().abs_diff(a.form.len()) >= 3 && !variant {
            return 0.0;
        }
        if !(near_key || variant || self.form.compatible(a.form.as_bytes())) {
            return 0.0;
        }
        let mut s = self.spelling(a.form.as_bytes());
        if key_sim > s {
            s = key_sim;
        }
        if s < 0.88 && variant {
            s = 0.88;
        }
        if s >= MIN_TOKEN_SIM {
            s
        } else {
            0.0
        }
    }
}

/// `key_similarities` (without the pair-cache fill), calling `f(s)` per word.
pub fn key_similarities<'a, I>(qw: &QueryWord<'_>, key: &str, words: I, mut f: impl FnMut(f64))
where
    I: IntoIterator<Item = &'a Token>,
{
    let q = qw.t;
    let (qk, k) = (q.key.as_bytes(), key.as_bytes());
    let same_key = k == qk;
    let nasal = !same_key && other_final_nasal(qk, k);
    let near_key = qw.key.compatible(k);
    let key_sim = 0.95 * qw.key.osa_norm_sim(k);
    let cons_ok = q.cons.len() >= 3;
    let lq = q.form.len();
    for a in words {
        if a.form == q.form && a.abjad == q.abjad {
            f(1.0);
            continue;
        }
        let s = if a.abjad != q.abjad {
            if cons_ok && q.cons == a.cons {
                ABJAD_SIM
            } else {
                0.0
            }
        } else if nasal || (q.cjk && a.cjk) {
            0.0
        } else if same_key {
            let n = lq.min(a.form.len());
            if n < 4 {
                SHORT_KEY_SIM[n]
            } else {
                0.95
            }
        } else if q.cjk || a.cjk {
            0.0
        } else {
            qw.spelling_similarity(a, near_key, key_sim)
        };
        f(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_equal_rapidfuzz() {
        let mut x: u64 = 12345;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let alpha = b"aabcdehiklmnorstu#0";
        for _ in 0..300_000 {
            let la = (next() % 12) as usize;
            let lb = (next() % 12) as usize;
            let k = 2 + (next() % (alpha.len() as u64 - 2)) as usize;
            let a: Vec<u8> = (0..la).map(|_| alpha[(next() as usize) % k]).collect();
            let b: Vec<u8> = (0..lb).map(|_| alpha[(next() as usize) % k]).collect();
            assert_eq!(osa_dist(&a, &b), osa_dist_ref(&a, &b), "{a:?} {b:?}");
            assert_eq!(lcs_len(&a, &b), lcs_len_ref(&a, &b), "{a:?} {b:?}");
            let rf = osa::normalized_similarity(a.iter().copied(), b.iter().copied());
            assert_eq!(osa_norm_sim(&a, &b).to_bits(), rf.to_bits());
            // the prepared side, as either word (longer or shorter than the other)
            for (x, y) in [(&a, &b), (&b, &a)] {
                let p = Pattern::new(x);
                assert_eq!(p.osa_dist(y), osa_dist_ref(x, y), "{x:?} {y:?}");
                assert_eq!(p.lcs_len(y), lcs_len_ref(x, y), "{x:?} {y:?}");
                assert_eq!(p.compatible(y), keys_compatible(x, y), "{x:?} {y:?}");
                assert_eq!(p.osa_norm_sim(y).to_bits(), osa_norm_sim(x, y).to_bits());
                assert_eq!(
                    p.lev_norm_sim(y).to_bits(),
                    lev_norm_sim(x, y).to_bits(),
                    "{x:?} {y:?}"
                );
            }
        }
        let long: Vec<u8> = (0..64).map(|i| alpha[i % 19]).collect();
        let long2: Vec<u8> = (0..70).map(|i| alpha[(i * 7) % 19]).collect();
        assert_eq!(osa_dist(&long, &long2), osa_dist_ref(&long, &long2));
        assert_eq!(lcs_len(&long, &long2), lcs_len_ref(&long, &long2));
    }
}
