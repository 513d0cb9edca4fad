//! `monitor.matching.text`: any Unicode name in, ASCII lowercase tokens out.
//!
//! Step for step the Python (see its module doc). Character properties come from tables
//! generated from CPython's own `unicodedata` (`unicode_tables.rs`), NFKC from
//! `unicode-normalization` pinned to the same Unicode version, transliteration from `any_ascii`
//! pinned to the same anyascii release; `vocab::init` refuses when the interpreter differs.
use unicode_normalization::UnicodeNormalization;

use super::unicode_tables::{ALPHA, CASEFOLD, CLASS_RUNS, DROP, SPACE, STRIP_MASK};
use super::vocab::Vocab;

#[inline]
fn class(c: char) -> u8 {
    let cp = c as u32;
    let i = CLASS_RUNS.partition_point(|&(start, _)| start <= cp);
    CLASS_RUNS[i - 1].1
}

/// Python `ch.isalpha()`.
#[inline]
pub fn is_alpha_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    class(c) & ALPHA != 0
}

fn casefold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let cp = c as u32;
    match CASEFOLD.binary_search_by_key(&cp, |&(k, _)| k) {
        Ok(i) => out.push_str(CASEFOLD[i].1),
        Err(_) => out.push(c),
    }
}

/// NFKC, then `_strip_controls`, then `casefold` (steps 1-3).
fn normalise(text: &str) -> String {
    let nfkc: String;
    let text = if text.is_ascii() {
        text
    } else {
        nfkc = text.nfkc().collect();
        &nfkc
    };
    let mut out = String::with_capacity(text.len());
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // ASCII and printable: `_strip_controls` returns it as it is
        for b in text.bytes() {
            out.push(b.to_ascii_lowercase() as char);
        }
        return out;
    }
    for c in text.chars() {
        match class(c) & STRIP_MASK {
            DROP => {}
            SPACE => out.push(' '),
            _ => casefold_into(c, &mut out),
        }
    }
    out
}

/// `fold_confusables` (step 4).
fn fold_confusables(text: String, v: &Vocab) -> String {
    if text.is_ascii() || !text.bytes().any(|b| b.is_ascii_lowercase()) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let fold = !word.is_ascii()
            && word
                .chars()
                .filter(|&c| is_alpha_char(c))
                .all(|c| c.is_ascii_lowercase() || v.confusables.contains_key(&c));
        if fold {
            for c in word.chars() {
                match v.confusables.get(&c) {
                    Some(s) => out.push_str(s),
                    None => out.push(c),
                }
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

#[inline]
fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7af}').contains(&c)
}

/// `transliterate(text).lower()` (step 5): ASCII out.
fn transliterate(text: String) -> Vec<u8> {
    let mut out = if text.is_ascii() {
        text.into_bytes()
    } else {
        let hangul = text.chars().any(is_hangul);
        let mut r = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                r.push(c);
            } else if hangul && is_hangul(c) {
                r.push(' ');
                r.push_str(any_ascii::any_ascii_char(c));
                r.push(' ');
            } else {
                r.push_str(any_ascii::any_ascii_char(c));
            }
        }
        r.into_bytes()
    };
    out.make_ascii_lowercase();
    out
}

#[inline]
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[inline]
fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `_DOTTED_INITIALS.sub(_undot, text)`: `\b(?:[a-z0-9]\.){2,}(?:[a-z0-9]\b)?` without the dots,
/// and a space after.
fn undot(s: &[u8]) -> Vec<u8> {
    let n = s.len();
    let mut out = Vec::with_capacity(n + 4);
    let mut last = 0;
    let mut p = 0;
    while p < n {
        if is_lower_alnum(s[p]) && (p == 0 || !is_word(s[p - 1])) {
            let mut q = p;
            let mut k = 0;
            while q + 1 < n && is_lower_alnum(s[q]) && s[q + 1] == b'.' {
                k += 1;
                q += 2;
            }
            if k >= 2 {
                let mut end = q;
                if q < n && is_lower_alnum(s[q]) && (q + 1 == n || !is_word(s[q + 1])) {
                    end = q + 1;
                }
                out.extend_from_slice(&s[last..p]);
                out.extend(s[p..end].iter().filter(|&&b| b != b'.'));
                out.push(b' ');
                last = end;
                p = end;
                continue;
            }
        }
        p += 1;
    }
    out.extend_from_slice(&s[last..]);
    out
}

/// `_leet`: digits read as letters when letters dominate the word.
fn leet(token: &[u8], v: &Vocab) -> String {
    let digits = token.iter().filter(|b| b.is_ascii_digit()).count();
    let mut t = token.to_vec();
    if digits > 0 {
        let letters = token.len() - digits;
        if letters >= 2 && letters > 2 * digits && !token[0].is_ascii_digit() {
            for b in t.iter_mut() {
                *b = v.leet[*b as usize];
            }
        }
    }
    String::from_utf8(t).expect("ascii")
}

/// The first `n` code points of `text` (`text[:n]`).
fn prefix_chars(text: &str, n: usize) -> &str {
    if text.len() <= n {
        return text;
    }
    match text.char_indices().nth(n) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// `tokenize_name`: the normalised tokens of a name (may be empty).
pub fn tokenize_name(text: &str, v: &Vocab) -> Vec<String> {
    let text = prefix_chars(text, v.max_name_chars);
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'&' && b != b'.')
    {
        return tokenize_plain(text.as_bytes(), v);
    }
    let text = normalise(text);
    let text = fold_confusables(text, v);
    let mut s = transliterate(text);
    // apostrophes vanish (only the ASCII ones of `_APOSTROPHES` can be left after step 5)
    s.retain(|&b| b != b'\'' && b != b'`');
    if s.contains(&b'&') {
        let mut r = Vec::with_capacity(s.len() + 8);
        for &b in &s {
            if b == b'&' {
                r.extend_from_slice(b" and ");
            } else {
                r.push(b);
            }
        }
        s = r;
    }
    if s.contains(&b'.') {
        s = undot(&s);
    }
    s.split(|&b| !is_lower_alnum(b))
        .filter(|w| !w.is_empty())
        .map(|w| leet(w, v))
        .collect()
}

/// `tokenize_name` of printable ASCII without '&' or '.', in one pass: every step but
/// lowercasing, dropping apostrophes and splitting is the identity on such text.
fn tokenize_plain(text: &[u8], v: &Vocab) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Vec<u8> = Vec::with_capacity(text.len());
    for &b in text {
        let b = b.to_ascii_lowercase();
        if is_lower_alnum(b) {
            word.push(b);
        } else if b != b'\'' && b != b'`' && !word.is_empty() {
            out.push(leet(&word, v));
            word.clear();
        }
    }
    if !word.is_empty() {
        out.push(leet(&word, v));
    }
    out
}

/// `is_abjad`: any character of Hebrew, Arabic, Syriac, Thaana (and their presentation forms).
pub fn is_abjad(text: &str) -> bool {
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}')
        })
}

/// `is_cjk`: any Han or Hangul character.
pub fn is_cjk(text: &str) -> bool {
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(c, '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
        })
}

/// NFKC alone (for the per-character parity test of the pinned crate).
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}
