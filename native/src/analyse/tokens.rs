//! `monitor.matching.tokens`: normalised words classified by how much identity they carry.
use super::phonetic::{consonant_key, romanisation_key, skeleton_of_key};
use super::text::{is_abjad, is_cjk, tokenize_name};
use super::vocab::{Choices, Phrase, Vocab};
use crate::token::{cls, Token};

/// OSA distance of `a` and `b` is at most 1: equal, or one substitution, insertion, deletion or
/// transposition of adjacent characters apart (`OSA.distance(a, b, score_cutoff=1) <= 1`).
/// Code points, as Python compares them.
pub fn osa_within_one(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return within_one(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within_one(&a, &b)
}

fn within_one<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        if pre == la {
            return true;
        }
        // one substitution, or one transposition of neighbours
        if a[pre + 1..] == b[pre + 1..] {
            return true;
        }
        pre + 1 < la && a[pre] == b[pre + 1] && a[pre + 1] == b[pre] && a[pre + 2..] == b[pre + 2..]
    } else if la > lb {
        a[pre + 1..] == b[pre..]
    } else {
        a[pre..] == b[pre + 1..]
    }
}

/// `process.extractOne(w, choices, scorer=OSA.distance, score_cutoff=1)`: the first choice at
/// distance 0, else the first at distance 1.
fn extract_one<'a>(w: &str, choices: &'a Choices) -> Option<&'a str> {
    match &choices.by_len {
        Some(by_len) if w.is_ascii() => extract_ascii(w, &choices.words, by_len),
        _ => extract_scan(w, &choices.words),
    }
}

/// `extract_one` of an ASCII word among ASCII choices: only the choices of its length (for
/// distance 0) and of one more or one less (distance 1) are looked at; the first in the list
/// order wins.
fn extract_ascii<'a>(
    w: &str,
    words: &'a [String],
    by_len: &[Vec<(u8, u8, usize)>],
) -> Option<&'a str> {
    let n = w.len();
    if n == 0 {
        return extract_scan(w, words);
    }
    let wb = w.as_bytes();
    let (first, last) = (wb[0], wb[n - 1]);
    let of_len = |k: usize| by_len.get(k).map_or(&[][..], Vec::as_slice);
    if let Some(&(_, _, i)) = of_len(n)
        .iter()
        .find(|&&(f, l, i)| f == first && l == last && words[i] == w)
    {
        return Some(&words[i]);
    }
    let mut best = usize::MAX;
    for k in n.saturating_sub(1)..=n + 1 {
        // see `extract_scan`: between words of 3 or more, one edit keeps an end in place
        let ends = n >= 3 && k >= 3;
        for &(f, l, i) in of_len(k) {
            if i >= best {
                break;
            }
            if (!ends || f == first || l == last) && within_one(wb, words[i].as_bytes()) {
                best = i;
                break;
            }
        }
    }
    words.get(best).map(String::as_str)
}

/// `extract_one` by a scan of every choice (a word or choice not ASCII).
fn extract_scan<'a>(w: &str, choices: &'a [String]) -> Option<&'a str> {
    if let Some(c) = choices.iter().find(|c| c.as_str() == w) {
        return Some(c);
    }
    // within one edit, a choice is at most one character longer or shorter: most fail on
    // length, tested before the edit check (a character is at least one byte, so a choice
    // of fewer bytes than that is out; a longer one only when ASCII, bytes = characters).
    // And one edit changes at most two adjacent characters, so between words of 3 or more
    // characters it leaves the first or the last one in place: a choice that differs from `w`
    // in both its first and its last byte (so in both characters) is out too.
    let n = chars_len(w);
    let (wb, ends) = (w.as_bytes(), n >= 3);
    choices
        .iter()
        .filter(|c| c.len() + 1 >= n && (c.len() <= n + 1 || !c.is_ascii()))
        .filter(|c| {
            let cb = c.as_bytes();
            !ends || chars_len(c) < 3 || cb[0] == wb[0] || cb[cb.len() - 1] == wb[wb.len() - 1]
        })
        .find(|c| osa_within_one(w, c))
        .map(String::as_str)
}

fn chars_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn near_heads<'a>(w: &str, v: &'a Vocab) -> &'a [Phrase] {
    if chars_len(w) < 5 {
        return &[];
    }
    match extract_one(w, &v.head_words) {
        Some(near) => &v.phrase_heads[near],
        None => &[],
    }
}

fn same_word(word: &str, expected: &str) -> bool {
    word == expected || (chars_len(expected) >= 5 && osa_within_one(word, expected))
}

fn phrase_at(words: &[String], i: usize, phrase: &[String]) -> bool {
    let k = phrase.len();
    if i + k > words.len() {
        return false;
    }
    let got = &words[i..i + k];
    if got.iter().zip(phrase).all(|(g, p)| same_word(g, p)) {
        return true;
    }
    let last = &got[k - 1];
    i + k == words.len()
        && got[..k - 1]
            .iter()
            .zip(&phrase[..k - 1])
            .all(|(g, p)| same_word(g, p))
        && chars_len(last) >= 3
        && phrase[k - 1].starts_with(last.as_str())
}

/// `_split_abd`: fused "Abdul-X" as "abd", "al", X; any other word as it is.
fn split_abd(w: String, v: &Vocab, out: &mut Vec<String>) {
    match abd_rest(&w, v) {
        Some(rest) => {
            out.push("abd".to_string());
            out.push("al".to_string());
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
        }
        None => out.push(w),
    }
}

/// What follows "abd al" in `w` (maybe nothing), or None when `w` stays whole.
fn abd_rest<'w>(w: &'w str, v: &Vocab) -> Option<&'w str> {
    if !w.starts_with("abd") || chars_len(w) < 5 {
        return None;
    }
    for head in &v.abd_fused {
        if let Some(rest) = w.strip_prefix(head.as_str()) {
            if matches!(rest, "" | "l" | "lah" | "llah" | "ah" | "la") {
                return rest.is_empty().then_some(rest);
            }
            return (chars_len(rest) >= 3).then_some(rest);
        }
    }
    for head in &v.abd_sun {
        if w.starts_with(head.as_str()) {
            // `w[4:]`: "abdu" and the rest (the sun letter doubled or not)
            let mut rest: &str = &w[char_offset(w, 4)..];
            let mut cs = rest.chars();
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                if a == b {
                    rest = &rest[a.len_utf8()..];
                }
            }
            return (chars_len(rest) >= 3).then_some(rest);
        }
    }
    None
}

fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

fn fold_numbers(words: Vec<String>, v: &Vocab) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        let w = v.number_words.get(&w).cloned().unwrap_or(w);
        if let Some(prev) = out.last_mut() {
            if v.tens_digits.contains(prev) && w.len() == 1 && w.as_bytes()[0].is_ascii_digit() {
                let sum: i64 =
                    prev.parse::<i64>().expect("tens digits") + i64::from(w.as_bytes()[0] - b'0');
                *prev = sum.to_string();
                continue;
            }
        }
        match v.tens_words.get(&w) {
            Some(t) => out.push(t.to_string()),
            None => out.push(w),
        }
    }
    out
}

/// `_fold_phrases`: multi-word legal forms to one token, fused "Abdul-X" to "abd al X", number
/// words to digits (a word kept as it is moves to the result).
fn fold_phrases(mut words: Vec<String>, v: &Vocab) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 2);
    let mut i = 0;
    let n = words.len();
    'words: while i < n {
        let w = &words[i];
        let heads: &[Phrase] = match v.phrase_heads.get(w) {
            Some(h) if !h.is_empty() => h,
            _ => near_heads(w, v),
        };
        for (phrase, canon) in heads {
            if phrase_at(&words, i, phrase) {
                out.push(canon.clone());
                i += phrase.len();
                continue 'words;
            }
        }
        match v.country_initialisms.get(w) {
            Some(ws) if !ws.is_empty() => out.extend(ws.iter().cloned()),
            // phrases look ahead only: word i is not read again
            _ => split_abd(std::mem::take(&mut words[i]), v, &mut out),
        }
        i += 1;
    }
    if out.iter().any(|w| v.numberish.contains(w)) {
        fold_numbers(out, v)
    } else {
        out
    }
}

fn legal_family<'a>(form: &str, v: &'a Vocab) -> Option<&'a str> {
    if let Some(fam) = v.legal_forms.get(form) {
        return Some(fam);
    }
    if chars_len(form) >= 6 {
        if let Some(near) = extract_one(form, &v.long_legal_words) {
            return Some(v.legal_forms.get(near).map_or("co", String::as_str));
        }
    }
    None
}

fn is_generic(form: &str, v: &Vocab) -> bool {
    if v.org_generic.contains(form)
        || v.geo_qualifiers.contains(form)
        || v.generic_abbreviations.contains_key(form)
    {
        return true;
    }
    if let Some(stem) = form.strip_suffix('s') {
        if v.org_generic.contains(stem) {
            return true;
        }
    }
    if chars_len(form) < 6 {
        return false;
    }
    extract_one(form, &v.long_generic).is_some()
}

/// Python `str.isdigit()` of a token (ASCII: non-empty, digits only).
fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn plain(form: &str, key: String, class: u8, v: &Vocab) -> Token {
    Token {
        form: form.to_string(),
        key: key.clone(),
        skel: key,
        cls: class,
        weight: v.base_weight[class as usize],
        cons: String::new(),
        abjad: false,
        content: false,
        cjk: false,
        aside: false,
    }
}

/// `make_token(form, abjad, cjk, aside)`: classify one normalised word.
pub fn make_token(form: &str, abjad: bool, cjk: bool, aside: bool, v: &Vocab) -> Token {
    let cached = v
        .token_cache
        .lock()
        .ok()
        .and_then(|c| c.get(form, abjad, cjk).cloned());
    let mut t = match cached {
        Some(t) => t,
        None => {
            let t = classify(form, abjad, cjk, v);
            if let Ok(mut c) = v.token_cache.lock() {
                c.insert(form, abjad, cjk, t.clone());
            }
            t
        }
    };
    if aside {
        t.weight *= v.aside_factor;
        t.aside = true;
    }
    t
}

fn classify(form: &str, abjad: bool, cjk: bool, v: &Vocab) -> Token {
    if let Some(fam) = legal_family(form, v) {
        return plain(form, format!("#{fam}"), cls::LEGAL, v);
    }
    if is_digits(form) || (chars_len(form) > 1 && v.roman_numerals.contains(form)) {
        return plain(form, form.to_string(), cls::NUMBER, v);
    }
    if v.particles.contains(form) {
        let canon = v.particle_canon.get(form).map_or(form, String::as_str);
        return plain(form, canon.to_string(), cls::PARTICLE, v);
    }
    if chars_len(form) == 1 && !cjk {
        return plain(form, form.to_string(), cls::INITIAL, v);
    }
    let class = if v.titles.contains(form) {
        cls::TITLE
    } else if is_generic(form, v) {
        cls::GENERIC
    } else if chars_len(form) > 6
        && v.patronymic_suffixes
            .iter()
            .any(|s| form.ends_with(s.as_str()))
    {
        cls::PATRONYMIC
    } else {
        cls::CONTENT
    };
    let content = class == cls::CONTENT || class == cls::PATRONYMIC;
    let spelled = if content {
        v.hypocorisms.get(form)
    } else {
        v.generic_abbreviations.get(form)
    };
    let form_key = romanisation_key(form);
    let key = match spelled {
        Some(s) => romanisation_key(s),
        None => form_key.clone(),
    };
    Token {
        form: form.to_string(),
        key,
        skel: skeleton_of_key(form_key),
        cls: class,
        weight: v.base_weight[class as usize],
        cons: consonant_key(form),
        abjad,
        content,
        cjk,
        aside: false,
    }
}

/// `_bracketed_parts`: (segment, inside brackets?) in order, or the whole text when the brackets
/// do not split it into an outside and an inside that both have words.
fn bracketed_parts<'t>(text: &'t str, v: &Vocab) -> Vec<(&'t str, bool)> {
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut depth: i64 = 0;
    let mut start = 0;
    for (k, ch) in text.char_indices() {
        if ch == '(' || (ch == ')' && depth != 0) {
            if k > start {
                parts.push((&text[start..k], depth > 0));
            }
            depth += if ch == '(' { 1 } else { -1 };
            start = k + 1;
        }
    }
    if start < text.len() {
        parts.push((&text[start..], depth > 0));
    }
    let whole = vec![(text, false)];
    if parts.iter().all(|p| p.1)
        || !parts
            .iter()
            .any(|&(p, aside)| aside && !tokenize_name(p, v).is_empty())
    {
        return whole;
    }
    if !parts
        .iter()
        .any(|&(p, aside)| !aside && !tokenize_name(p, v).is_empty())
    {
        return whole;
    }
    parts
}

/// Forget the classified words (benchmarks of a cold start).
pub fn clear_cache(v: &Vocab) {
    if let Ok(mut c) = v.token_cache.lock() {
        c.clear();
    }
}

/// `analyse_name` with the vocabulary at hand.
pub fn analyse(text: &str, v: &Vocab) -> Vec<Token> {
    let abjad = is_abjad(text);
    let cjk = is_cjk(text);
    if text.contains('(') {
        let parts = bracketed_parts(text, v);
        if parts.len() > 1 {
            let mut out = Vec::new();
            for (part, aside) in parts {
                for w in fold_phrases(tokenize_name(part, v), v) {
                    out.push(make_token(&w, abjad, cjk, aside, v));
                }
            }
            return out;
        }
    }
    fold_phrases(tokenize_name(text, v), v)
        .iter()
        .map(|w| make_token(w, abjad, cjk, false, v))
        .collect()
}

/// `fused_token`: two or three adjacent words written together (only spelling and key are compared).
/// Takes the form by value: the scorer builds one per fusable run of every query.
pub fn fused_token(form: String, abjad: bool, cjk: bool) -> Token {
    let key = romanisation_key(&form);
    Token {
        form,
        key,
        skel: String::new(),
        cls: cls::CONTENT,
        weight: 1.0,
        cons: String::new(),
        abjad,
        content: true,
        cjk,
        aside: false,
    }
}
