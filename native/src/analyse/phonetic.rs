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

/// Where `needle` (non-empty) first occurs in `hay` (names are short: a plain scan beats a
/// searcher's set-up).
#[inline]
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let m = needle.len();
    if hay.len() < m {
        return None;
    }
    let first = needle[0];
    (0..=hay.len() - m).find(|&i| hay[i] == first && hay[i + 1..i + m] == needle[1..])
}

/// The lowercase ASCII letters in `s`, as bits (a filter: a rule whose letters are not all
/// there cannot apply, and most of the ~35 rules do not).
#[inline]
fn letters(s: &[u8]) -> u32 {
    s.iter()
        .filter(|b| b.is_ascii_lowercase())
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

/// The adjacent pairs of lowercase ASCII letters in `s`, as bits (26 x 26).
#[inline]
fn pairs(s: &[u8]) -> [u64; 11] {
    let mut m = [0u64; 11];
    for w in s.windows(2) {
        if w[0].is_ascii_lowercase() && w[1].is_ascii_lowercase() {
            let i = (w[0] - b'a') as usize * 26 + (w[1] - b'a') as usize;
            m[i / 64] |= 1 << (i % 64);
        }
    }
    m
}

/// Whether a rule starting with the lowercase pair `p` may apply to a word of these `pairs`.
#[inline]
fn has_pair(pairs: &[u64; 11], p: &[u8]) -> bool {
    if !(p[0].is_ascii_lowercase() && p[1].is_ascii_lowercase()) {
        return true; // not a pair the bits record: scan
    }
    let i = (p[0] - b'a') as usize * 26 + (p[1] - b'a') as usize;
    pairs[i / 64] & (1 << (i % 64)) != 0
}

/// Apply `t = t.replace(a, b)` for each rule in order, skipping rules that cannot apply: a
/// one-letter rule whose letter is absent, a longer one whose first two letters are never
/// adjacent (rules are lowercase; most of ~35 rules are skipped without a scan).
fn replace_each(t: &mut String, rules: &[(&str, &str)]) {
    let mut have = letters(t.as_bytes());
    let mut adjacent = pairs(t.as_bytes());
    for (a, b) in rules {
        let a_bytes = a.as_bytes();
        let may = if a_bytes.len() >= 2 {
            has_pair(&adjacent, a_bytes)
        } else {
            let need = letters(a_bytes);
            have & need == need
        };
        if may && replace_in(t, a, b) {
            have = letters(t.as_bytes());
            adjacent = pairs(t.as_bytes());
        }
    }
}

/// `t = t.replace(a, b)` (left to right, non-overlapping), allocating only on a hit; whether
/// there was one.
#[inline]
fn replace_in(t: &mut String, a: &str, b: &str) -> bool {
    let (hay, a) = (t.as_bytes(), a.as_bytes());
    let Some(mut at) = find(hay, a) else {
        return false;
    };
    let mut out = Vec::with_capacity(hay.len() + 4);
    let mut last = 0;
    loop {
        out.extend_from_slice(&hay[last..at]);
        out.extend_from_slice(b.as_bytes());
        last = at + a.len();
        match find(&hay[last..], a) {
            Some(k) => at = last + k,
            None => break,
        }
    }
    out.extend_from_slice(&hay[last..]);
    *t = String::from_utf8(out).expect("ascii");
    true
}

/// `_SOFT_C.sub("s", t)`: c before e, i or y is s.
fn soft_c(t: &mut String) {
    if !t.contains('c') {
        return;
    }
    let mut v = std::mem::take(t).into_bytes();
    for i in 0..v.len().saturating_sub(1) {
        if v[i] == b'c' && matches!(v[i + 1], b'e' | b'i' | b'y') {
            v[i] = b's';
        }
    }
    *t = String::from_utf8(v).expect("ascii");
}

/// `_DOUBLES.sub(_FIRST, t)`: one of each run of a repeated character.
fn undouble(t: &mut String) {
    let v = t.as_bytes();
    if !v.windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    let mut out = Vec::with_capacity(v.len());
    for &b in v {
        if out.last() != Some(&b) {
            out.push(b);
        }
    }
    *t = String::from_utf8(out).expect("ascii");
}

fn translate_voicing(t: &mut String) {
    let mut v = std::mem::take(t).into_bytes();
    for b in v.iter_mut() {
        for (from, to) in VOICING {
            if *b == from {
                *b = to;
                break;
            }
        }
    }
    *t = String::from_utf8(v).expect("ascii");
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

/// `romanisation_key`: fold one ASCII lowercase token to its romanisation-independent key.
pub fn romanisation_key(token: &str) -> String {
    if !is_alpha(token) {
        return token.to_string();
    }
    let mut t = baltic_stem(token).to_string();
    if t.as_bytes()[0] == b'x' {
        t.replace_range(0..1, "s");
    }
    if t.ends_with('j') {
        let n = t.len();
        t.replace_range(n - 1..n, "i");
    }
    replace_each(&mut t, &DIGRAPHS);
    soft_c(&mut t);
    replace_in(&mut t, "y", "i");
    replace_in(&mut t, "j", "J");
    translate_voicing(&mut t);
    replace_each(&mut t, &VOWEL_GROUPS);
    undouble(&mut t);
    if t.len() > 1 && t[1..].contains('h') {
        t = format!("{}{}", &t[..1], t[1..].replace('h', ""));
    }
    if t.len() > 3 && t.contains('r') {
        // `(?<=[aeiou])r(?=[^aeiou])`, looked up in the word before any r is removed
        let v = t.as_bytes();
        let keep: Vec<u8> = (0..v.len())
            .filter(|&i| {
                !(v[i] == b'r'
                    && i > 0
                    && is_vowel(v[i - 1])
                    && i + 1 < v.len()
                    && !is_vowel(v[i + 1]))
            })
            .map(|i| v[i])
            .collect();
        t = String::from_utf8(keep).expect("ascii");
    }
    let v = t.as_bytes();
    if (2..=5).contains(&v.len()) && matches!(v[0], b'r' | b'l') && v[1] == b'i' {
        t.remove(0);
    }
    undouble(&mut t);
    if t.ends_with('f') && t.len() > 3 {
        let n = t.len();
        t.replace_range(n - 1..n, "v");
    }
    t.make_ascii_lowercase();
    if t.is_empty() {
        token.to_string()
    } else {
        t
    }
}

/// `skeleton_key`: consonant skeleton of the romanisation key, a leading vowel as '@'.
pub fn skeleton_key(token: &str) -> String {
    skeleton_of_key(romanisation_key(token))
}

/// `skeleton_key` from the romanisation key already computed.
pub fn skeleton_of_key(k: String) -> String {
    if !is_alpha(&k) {
        return k;
    }
    let v = k.as_bytes();
    let mut out = String::with_capacity(k.len());
    out.push(if is_vowel(v[0]) { '@' } else { v[0] as char });
    out.extend(v[1..].iter().filter(|b| !is_vowel(**b)).map(|&b| b as char));
    out
}

/// `consonant_key`: consonants only, voicing merged, v as f.
pub fn consonant_key(token: &str) -> String {
    if !is_alpha(token) {
        return token.to_string();
    }
    let mut t = token.to_string();
    replace_each(&mut t, &DIGRAPHS);
    soft_c(&mut t);
    t.retain(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y'));
    replace_in(&mut t, "j", "J");
    translate_voicing(&mut t);
    replace_in(&mut t, "v", "f");
    t.make_ascii_lowercase();
    undouble(&mut t);
    t
}
