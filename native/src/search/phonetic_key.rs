//! `monitor.matching.phonetic.romanisation_key`, for fused words (`score._joined`) and the
//! syllable check of `score._meets_by_syllable`. Private to the search module until the
//! analyse port lands (then deduplicate against `analyse::romanisation_key`).
//!
//! Works on ASCII: `tokens.py` forms are `[a-z0-9]+`. A non-ASCII string is returned as is
//! (never happens for analysed forms; the caller checks ASCII at index build).

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

#[inline]
fn vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `_baltic_stem`
fn baltic_stem(token: &str) -> &str {
    let b = token.as_bytes();
    let n = b.len();
    if n < 7 {
        return token;
    }
    if n >= 10 {
        if token.ends_with("al") {
            return &token[..n - 2];
        }
        if token.ends_with('e') {
            return &token[..n - 1];
        }
    }
    if b[n - 1] != b's' {
        return token;
    }
    // `(?<=[^aeiou])(?:s|as|is|us)$`, leftmost match first
    let two = &b[n - 2..];
    if (two == b"as" || two == b"is" || two == b"us") && !vowel(b[n - 3]) {
        return &token[..n - 2];
    }
    if !vowel(b[n - 2]) {
        return &token[..n - 1];
    }
    token
}

/// `_DOUBLES.sub(_FIRST, t)`: one of each run of a repeated character.
fn squeeze(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut prev: Option<u8> = None;
    for &c in t.as_bytes() {
        if prev != Some(c) {
            out.push(c as char);
        }
        prev = Some(c);
    }
    out
}

/// Python `str.isalpha()` on an ASCII string (false when empty).
pub fn is_alpha(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphabetic())
}

pub fn romanisation_key(token: &str) -> String {
    if !token.is_ascii() || !is_alpha(token) {
        return token.to_string();
    }
    let mut t: String = baltic_stem(token).to_string();
    if t.as_bytes()[0] == b'x' {
        t.replace_range(0..1, "s");
    }
    if t.ends_with('j') {
        let n = t.len();
        t.replace_range(n - 1..n, "i");
    }
    for (a, b) in DIGRAPHS {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    if t.contains('c') {
        // `c(?=[eiy])` -> s
        let b = t.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        for i in 0..b.len() {
            if b[i] == b'c' && i + 1 < b.len() && matches!(b[i + 1], b'e' | b'i' | b'y') {
                out.push(b's');
            } else {
                out.push(b[i]);
            }
        }
        t = String::from_utf8(out).expect("ascii");
    }
    // replace y->i, j->J, then the voicing table
    t = t
        .bytes()
        .map(|c| match c {
            b'y' => 'i',
            b'j' => 'J',
            b'g' => 'k',
            b'd' => 't',
            b'b' => 'p',
            b'z' => 's',
            b'w' => 'v',
            b'c' => 'k',
            other => other as char,
        })
        .collect();
    for (a, b) in VOWEL_GROUPS {
        if t.contains(a) {
            t = t.replace(a, b);
        }
    }
    t = squeeze(&t);
    if t.len() > 1 && t[1..].contains('h') {
        t = format!("{}{}", &t[..1], t[1..].replace('h', ""));
    }
    if t.len() > 3 && t.contains('r') {
        // `(?<=[aeiou])r(?=[^aeiou])`, on the string as it was
        let b = t.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        for i in 0..b.len() {
            if b[i] == b'r' && i > 0 && vowel(b[i - 1]) && i + 1 < b.len() && !vowel(b[i + 1]) {
                continue;
            }
            out.push(b[i]);
        }
        t = String::from_utf8(out).expect("ascii");
    }
    {
        let b = t.as_bytes();
        if b.len() <= 5 && b.len() >= 2 && (b[0] == b'r' || b[0] == b'l') && b[1] == b'i' {
            t = t[1..].to_string();
        }
    }
    t = squeeze(&t);
    if t.ends_with('f') && t.len() > 3 {
        let n = t.len();
        t.replace_range(n - 1..n, "v");
    }
    let low = t.to_ascii_lowercase();
    if low.is_empty() {
        token.to_string()
    } else {
        low
    }
}
