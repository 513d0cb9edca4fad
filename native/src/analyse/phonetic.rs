//! `monitor.matching.phonetic`: romanisation, skeleton and consonant keys of one ASCII token.
//!
//! The rewrite tables are part of the algorithm (like its regular expressions), so they are
//! constants here; `check_tables` compares them with phonetic.py's at init, so the two cannot
//! drift apart unnoticed. Tokens are ASCII (every token from `tokenize_name` is): the functions
//! work on bytes.
use pyo3::exceptions::PyValueError;
use pyo3::PyResult;
use rustc_hash::FxHashMap;

const DIGRAPHS: [(&str, &str); 23] = [
    ("gyi", "di"),
    ("tyi", "ti"),
    ("nyi", "ni"),
    ("tsch", "J"),
    ("dzh", "J"),
    ("sch", "s"),
    ("tch", "J"),
    ("zh", "J"),
    ("dj", "J"),
    ("ch", "J"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("sh", "s"),
    ("hs", "s"),
    ("ck", "k"),
    ("ts", "s"),
    ("tz", "s"),
    ("wh", "v"),
    ("x", "ks"),
    ("q", "k"),
];

const VOWEL_GROUPS: [(&str, &str); 11] = [
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "u"),
    ("ee", "i"),
    ("ea", "i"),
    ("ie", "i"),
    ("ae", "e"),
    ("ai", "e"),
    ("ei", "e"),
    ("ii", "i"),
];

const VOICING: [(u8, u8); 6] = [
    (b'g', b'k'),
    (b'd', b't'),
    (b'b', b'p'),
    (b'z', b's'),
    (b'w', b'v'),
    (b'c', b'k'),
];

const ADJECTIVAL: [&str; 2] = ["al", "e"];

/// The tables of phonetic.py (`_DIGRAPHS`, `_VOWEL_GROUPS`, `_VOICING`, `_ADJECTIVAL`) must be
/// these: an error names the one that differs.
pub fn check_tables(
    digraphs: &[(String, String)],
    vowel_groups: &[(String, String)],
    voicing: &FxHashMap<u32, String>,
    adjectival: &[String],
) -> PyResult<()> {
    let same_pairs = |py: &[(String, String)], rs: &[(&str, &str)]| {
        py.len() == rs.len() && py.iter().zip(rs).all(|(p, r)| p.0 == r.0 && p.1 == r.1)
    };
    let fail = |what: &str| {
        Err(PyValueError::new_err(format!(
            "monitor.matching.phonetic.{what} differs from the native copy in \
             native/src/analyse/phonetic.rs: update both"
        )))
    };
    if !same_pairs(digraphs, &DIGRAPHS) {
        return fail("_DIGRAPHS");
    }
    if !same_pairs(vowel_groups, &VOWEL_GROUPS) {
        return fail("_VOWEL_GROUPS");
    }
    let voicing_ok = voicing.len() == VOICING.len()
        && VOICING.iter().all(|(a, b)| {
            voicing.get(&(*a as u32)).map(String::as_bytes) == Some(std::slice::from_ref(b))
        });
    if !voicing_ok {
        return fail("_VOICING");
    }
    if adjectival.len() != ADJECTIVAL.len()
        || adjectival.iter().zip(ADJECTIVAL).any(|(a, b)| a != b)
    {
        return fail("_ADJECTIVAL");
    }
    Ok(())
}

#[inline]
fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Python `str.isalpha()` of an ASCII string (non-empty, letters only).
#[inline]
fn is_alpha(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The rules of both tables in one array (`DIGRAPHS` then `VOWEL_GROUPS`), so that a set of
/// rules is a bit mask: bit i is rule i.
const N_RULES: usize = DIGRAPHS.len() + VOWEL_GROUPS.len();
const RULES: [(&[u8], &[u8]); N_RULES] = {
    let mut out: [(&[u8], &[u8]); N_RULES] = [(b"", b""); N_RULES];
    let mut i = 0;
    while i < N_RULES {
        let (a, b) = if i < DIGRAPHS.len() {
            DIGRAPHS[i]
        } else {
            VOWEL_GROUPS[i - DIGRAPHS.len()]
        };
        out[i] = (a.as_bytes(), b.as_bytes());
        i += 1;
    }
    out
};
const DIGRAPH_SET: u64 = (1 << DIGRAPHS.len()) - 1;
const VOWEL_SET: u64 = ((1 << N_RULES) - 1) & !DIGRAPH_SET;

/// Where a byte or a pair of adjacent bytes is looked up: the low five bits of each byte (so
/// distinct bytes may share an entry: a lookup can only say a rule may apply, never miss one).
#[inline]
const fn slot(a: u8, b: u8) -> usize {
    ((a as usize & 31) << 5) | (b as usize & 31)
}

/// By adjacent pair: the rules that start with it (rules of two letters or more).
static BY_PAIR: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut i = 0;
    while i < N_RULES {
        let a = RULES[i].0;
        if a.len() > 1 {
            t[slot(a[0], a[1])] |= 1 << i;
        }
        i += 1;
    }
    t
};

/// By byte: the one-letter rules of it.
const BY_BYTE: [u64; 32] = {
    let mut t = [0u64; 32];
    let mut i = 0;
    while i < N_RULES {
        let a = RULES[i].0;
        if a.len() == 1 {
            t[a[0] as usize & 31] |= 1 << i;
        }
        i += 1;
    }
    t
};

/// The rules that may apply to `s`: those whose first two bytes (or one byte) occur in it.
/// Most of the ~35 rules do not, and are skipped without a scan.
#[inline]
fn candidates(s: &[u8]) -> u64 {
    let mut m = 0;
    let mut prev = 0u8;
    for (i, &b) in s.iter().enumerate() {
        m |= BY_BYTE[b as usize & 31];
        if i > 0 {
            m |= BY_PAIR[slot(prev, b)];
        }
        prev = b;
    }
    m
}

/// Apply `t = t.replace(from, to)` for each rule of `set` in order, in place (`t` has room for
/// what the one growing rule, x -> ks, adds); after a hit the candidates are looked up again
/// for the rules that follow.
fn replace_each(t: &mut Vec<u8>, set: u64) {
    let mut todo = candidates(t) & set;
    while todo != 0 {
        let i = todo.trailing_zeros();
        let (a, b) = RULES[i as usize];
        let later = set & !((2u64 << i) - 1);
        todo = if replace_in(t, a, b) {
            candidates(t) & later
        } else {
            todo & later
        };
    }
}

/// `t = t.replace(a, b)` in place (left to right, non-overlapping); whether there was a hit.
#[inline]
fn replace_in(t: &mut Vec<u8>, a: &[u8], b: &[u8]) -> bool {
    let n = t.len();
    let m = a.len();
    let first = a[0];
    let at = |t: &[u8], i: usize| i + m <= n && t[i] == first && t[i + 1..i + m] == a[1..];
    let Some(start) = (0..n).find(|&i| at(t, i)) else {
        return false;
    };
    if b.len() > m {
        // growing (x -> ks): count the hits, then fill from the right
        let mut hits = 0;
        let mut i = start;
        while i < n {
            if at(t, i) {
                hits += 1;
                i += m;
            } else {
                i += 1;
            }
        }
        let grow = b.len() - m;
        let out = n + hits * grow;
        t.resize(out, 0);
        // a hit is where a match of the left-to-right scan starts: one-letter rules only grow,
        // so every occurrence is one
        debug_assert!(m == 1);
        let (mut r, mut w) = (n, out);
        while r > 0 {
            r -= 1;
            if t[r] == first {
                w -= b.len();
                t[w..w + b.len()].copy_from_slice(b);
            } else {
                w -= 1;
                t[w] = t[r];
            }
        }
        return true;
    }
    // shrinking or the same length: write behind the read position
    let (mut r, mut w) = (start, start);
    while r < n {
        if at(t, r) {
            t[w..w + b.len()].copy_from_slice(b);
            w += b.len();
            r += m;
        } else {
            t[w] = t[r];
            w += 1;
            r += 1;
        }
    }
    t.truncate(w);
    true
}

/// `_SOFT_C.sub("s", t)`: c before e, i or y is s.
#[inline]
fn soft_c(v: &mut [u8]) {
    for i in 0..v.len().saturating_sub(1) {
        if v[i] == b'c' && matches!(v[i + 1], b'e' | b'i' | b'y') {
            v[i] = b's';
        }
    }
}

/// `_DOUBLES.sub(_FIRST, t)`: one of each run of a repeated character.
#[inline]
fn undouble(v: &mut Vec<u8>) {
    if v.len() < 2 {
        return;
    }
    let mut w = 1;
    for r in 1..v.len() {
        if v[r] != v[w - 1] {
            v[w] = v[r];
            w += 1;
        }
    }
    v.truncate(w);
}

/// The byte map of several one-for-one steps in a row: `before` (letters `_VOICING` leaves
/// alone, mapped to letters it leaves alone), then `_VOICING`, then `after` on the result,
/// lowered when `lower`. `_VOICING` is read from `VOICING`, the table `check_tables` compares
/// with phonetic.py's, so the maps cannot drift from it.
const fn byte_map(before: &[(u8, u8)], after: &[(u8, u8)], lower: bool) -> [u8; 128] {
    const fn lookup(pairs: &[(u8, u8)], b: u8) -> u8 {
        let mut k = 0;
        while k < pairs.len() {
            if pairs[k].0 == b {
                return pairs[k].1;
            }
            k += 1;
        }
        b
    }
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = lookup(&VOICING, lookup(before, i as u8));
        let b = lookup(after, b);
        t[i] = if lower { b.to_ascii_lowercase() } else { b };
        i += 1;
    }
    t
}

/// `t.replace("y", "i").replace("j", "J").translate(_VOICING)` (y and j are not voiced, and
/// neither i nor J is voiced again).
const ROMAN_MAP: [u8; 128] = byte_map(&[(b'y', b'i'), (b'j', b'J')], &[], false);

/// `t.replace("j", "J").translate(_VOICING).replace("v", "f").lower()` of consonant_key: j
/// and capitals are only lowered, v is f (w too: voiced to v, then f).
const CONSONANT_MAP: [u8; 128] = byte_map(&[], &[(b'v', b'f')], true);

#[inline]
fn map_bytes(v: &mut [u8], map: &[u8; 128]) {
    for b in v.iter_mut() {
        *b = map[*b as usize];
    }
}

fn baltic_stem(token: &str) -> &str {
    let n = token.len();
    if n < 7 {
        return token;
    }
    if n >= 10 {
        if let Some(e) = ADJECTIVAL.iter().find(|e| token.ends_with(*e)) {
            return &token[..n - e.len()];
        }
    }
    let v = token.as_bytes();
    if v[n - 1] != b's' {
        return token;
    }
    // `(?<=[^aeiou])(?:s|as|is|us)$`: the leftmost match ends the word, so a two-letter ending
    // (at n-2) is tried before the bare "s" (at n-1).
    if matches!(v[n - 2], b'a' | b'i' | b'u') && !is_vowel(v[n - 3]) {
        return &token[..n - 2];
    }
    if !is_vowel(v[n - 2]) {
        return &token[..n - 1];
    }
    token
}

/// A working copy of an ASCII word with room for what x -> ks adds: the one allocation of a
/// key, which becomes the key itself.
#[inline]
fn work_copy(s: &str) -> Vec<u8> {
    let xs = s.bytes().filter(|&b| b == b'x').count();
    let mut v = Vec::with_capacity(s.len() + xs);
    v.extend_from_slice(s.as_bytes());
    v
}

fn ascii_string(v: Vec<u8>) -> String {
    String::from_utf8(v).expect("ascii")
}

/// `romanisation_key`: fold one ASCII lowercase token to its romanisation-independent key.
/// Every step rewrites one buffer in place, in the order (and with the semantics) of the
/// Python's string operations.
pub fn romanisation_key(token: &str) -> String {
    if !is_alpha(token) {
        return token.to_string();
    }
    let mut t = work_copy(baltic_stem(token));
    if t[0] == b'x' {
        t[0] = b's';
    }
    let n = t.len();
    if t[n - 1] == b'j' {
        t[n - 1] = b'i';
    }
    replace_each(&mut t, DIGRAPH_SET);
    soft_c(&mut t);
    map_bytes(&mut t, &ROMAN_MAP);
    replace_each(&mut t, VOWEL_SET);
    undouble(&mut t);
    if t.len() > 1 && t[1..].contains(&b'h') {
        t.retain_mut_from(1, |b| *b != b'h');
    }
    if t.len() > 3 && t.contains(&b'r') {
        // `(?<=[aeiou])r(?=[^aeiou])`, looked up in the word before any r is removed
        let n = t.len();
        let mut prev = 0u8;
        let mut w = 0;
        for r in 0..n {
            let b = t[r];
            let drop = b == b'r' && r > 0 && is_vowel(prev) && r + 1 < n && !is_vowel(t[r + 1]);
            prev = b;
            if !drop {
                t[w] = b;
                w += 1;
            }
        }
        t.truncate(w);
    }
    if (2..=5).contains(&t.len()) && matches!(t[0], b'r' | b'l') && t[1] == b'i' {
        t.remove(0);
    }
    undouble(&mut t);
    let n = t.len();
    if n > 3 && t[n - 1] == b'f' {
        t[n - 1] = b'v';
    }
    t.make_ascii_lowercase();
    if t.is_empty() {
        token.to_string()
    } else {
        ascii_string(t)
    }
}

/// `retain` from an offset on (the bytes before it stay).
trait RetainFrom {
    fn retain_mut_from(&mut self, from: usize, keep: impl FnMut(&u8) -> bool);
}

impl RetainFrom for Vec<u8> {
    #[inline]
    fn retain_mut_from(&mut self, from: usize, mut keep: impl FnMut(&u8) -> bool) {
        let mut w = from;
        for r in from..self.len() {
            let b = self[r];
            if keep(&b) {
                self[w] = b;
                w += 1;
            }
        }
        self.truncate(w);
    }
}

/// `skeleton_key`: consonant skeleton of the romanisation key, a leading vowel as '@'.
pub fn skeleton_key(token: &str) -> String {
    skeleton_of_key(romanisation_key(token))
}

/// `skeleton_key` from the romanisation key already computed (in its buffer).
pub fn skeleton_of_key(k: String) -> String {
    if !is_alpha(&k) {
        return k;
    }
    let mut v = k.into_bytes();
    if is_vowel(v[0]) {
        v[0] = b'@';
    }
    v.retain_mut_from(1, |b| !is_vowel(*b));
    ascii_string(v)
}

/// `consonant_key`: consonants only, voicing merged, v as f.
pub fn consonant_key(token: &str) -> String {
    if !is_alpha(token) {
        return token.to_string();
    }
    let mut t = work_copy(token);
    replace_each(&mut t, DIGRAPH_SET);
    soft_c(&mut t);
    t.retain(|b| !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'y'));
    map_bytes(&mut t, &CONSONANT_MAP);
    undouble(&mut t);
    ascii_string(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word over the letters the rules use, up to `max` letters (a small alphabet, so
    /// that rules overlap, chain and repeat).
    fn words(max: usize) -> Vec<String> {
        let alphabet = b"aehiostxycz";
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max {
            let mut next = Vec::new();
            for w in &last {
                for &c in alphabet {
                    let mut v = w.clone();
                    v.push(c as char);
                    next.push(v);
                }
            }
            out.extend(next.iter().cloned());
            last = next;
        }
        out
    }

    /// The in-place rewrite of a rule set is `str::replace` (Python's semantics: left to
    /// right, non-overlapping) rule after rule.
    #[test]
    fn replace_each_is_sequential_str_replace() {
        for (set, table) in [(DIGRAPH_SET, &DIGRAPHS[..]), (VOWEL_SET, &VOWEL_GROUPS[..])] {
            for w in words(5) {
                let want = table.iter().fold(w.clone(), |t, (a, b)| t.replace(a, b));
                let mut got = work_copy(&w);
                replace_each(&mut got, set);
                assert_eq!(String::from_utf8(got).unwrap(), want, "{w}");
            }
        }
    }

    #[test]
    fn undouble_keeps_one_of_each_run() {
        for w in words(5) {
            let mut want = String::new();
            for c in w.chars() {
                if !want.ends_with(c) {
                    want.push(c);
                }
            }
            let mut got = w.clone().into_bytes();
            undouble(&mut got);
            assert_eq!(String::from_utf8(got).unwrap(), want, "{w}");
        }
    }
}
