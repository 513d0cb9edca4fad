//! The vocabulary and tables of `monitor.matching` (vocab.py, and the derived tables of tokens.py,
//! text.py and phonetic.py), handed over by Python at import (`init_analyse`): one source of
//! truth, never copied into Rust by hand.
use std::sync::{Arc, Mutex, RwLock};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use rustc_hash::{FxHashMap, FxHashSet};

use super::unicode_tables::UNIDATA_VERSION;
use crate::token::Token;

/// Most words `make_token` keeps (as Python's `lru_cache(maxsize=131072)`; emptied when full).
pub const TOKEN_CACHE_SIZE: usize = 131_072;

/// The `anyascii` (Python) version whose tables the `any_ascii` crate pinned in Cargo.toml has.
pub const ANYASCII_VERSION: &str = "0.3.3";

pub type Phrase = (Vec<String>, String);

pub struct Vocab {
    // tokens.py
    /// `_PHRASE_HEADS`: first word -> (phrase, canonical form), longest phrases first.
    pub phrase_heads: FxHashMap<String, Vec<Phrase>>,
    /// `_HEAD_WORDS`, in order (typo lookup: the first of the closest wins).
    pub head_words: Choices,
    pub long_generic: Choices,
    pub abd_fused: Vec<String>,
    pub abd_sun: Vec<String>,
    pub tens_digits: FxHashSet<String>,
    pub numberish: FxHashSet<String>,
    /// `BASE_WEIGHT` by `TokenClass` value.
    pub base_weight: [f64; 8],
    pub aside_factor: f64,
    // vocab.py
    pub legal_forms: FxHashMap<String, String>,
    pub org_generic: FxHashSet<String>,
    pub geo_qualifiers: FxHashSet<String>,
    pub generic_abbreviations: FxHashMap<String, String>,
    pub titles: FxHashSet<String>,
    pub particles: FxHashSet<String>,
    pub particle_canon: FxHashMap<String, String>,
    pub patronymic_suffixes: Vec<String>,
    pub roman_numerals: FxHashSet<String>,
    pub tens_words: FxHashMap<String, i64>,
    pub long_legal_words: Choices,
    pub number_words: FxHashMap<String, String>,
    pub hypocorisms: FxHashMap<String, String>,
    pub country_initialisms: FxHashMap<String, Vec<String>>,
    /// `make_token(form, abjad, cjk)` already classified (a new vocabulary starts empty).
    pub token_cache: Mutex<TokenCache>,
    // text.py
    pub max_name_chars: usize,
    pub confusables: FxHashMap<char, String>,
    /// `_LEET`, by ASCII byte.
    pub leet: [u8; 128],
}

/// Words a typo lookup (`process.extractOne(w, words, scorer=OSA.distance, score_cutoff=1)`)
/// goes through, in order, and by length: a word one edit from `w` is at most one character
/// longer or shorter, so only three lengths need a look.
pub struct Choices {
    pub words: Vec<String>,
    /// When every word is ASCII (bytes are characters): the words of each length, in order,
    /// as (first byte, last byte, position) (the ends alone rule most of them out).
    pub by_len: Option<Vec<Vec<(u8, u8, usize)>>>,
}

impl Choices {
    pub fn new(words: Vec<String>) -> Self {
        let by_len = words.iter().all(|w| w.is_ascii()).then(|| {
            let longest = words.iter().map(String::len).max().unwrap_or(0);
            let mut by_len = vec![Vec::new(); longest + 1];
            for (i, w) in words.iter().enumerate() {
                let b = w.as_bytes();
                let ends = b.first().zip(b.last()).map_or((0, 0), |(f, l)| (*f, *l));
                by_len[w.len()].push((ends.0, ends.1, i));
            }
            by_len
        });
        Choices { words, by_len }
    }
}

impl<'py> FromPyObject<'py> for Choices {
    fn extract_bound(ob: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(Choices::new(ob.extract()?))
    }
}

/// Classified words by script flags (abjad, cjk) then form: a lookup by the form as it is,
/// with no key to build.
#[derive(Default)]
pub struct TokenCache {
    by_flags: [FxHashMap<String, Token>; 4],
}

impl TokenCache {
    #[inline]
    fn flags(abjad: bool, cjk: bool) -> usize {
        usize::from(abjad) | usize::from(cjk) << 1
    }

    #[inline]
    pub fn get(&self, form: &str, abjad: bool, cjk: bool) -> Option<&Token> {
        self.by_flags[Self::flags(abjad, cjk)].get(form)
    }

    /// Keep `t`; when `TOKEN_CACHE_SIZE` words are kept, forget them all first.
    pub fn insert(&mut self, form: &str, abjad: bool, cjk: bool, t: Token) {
        if self.by_flags.iter().map(|m| m.len()).sum::<usize>() >= TOKEN_CACHE_SIZE {
            self.clear();
        }
        self.by_flags[Self::flags(abjad, cjk)].insert(form.to_string(), t);
    }

    pub fn clear(&mut self) {
        self.by_flags.iter_mut().for_each(|m| m.clear());
    }
}

static VOCAB: RwLock<Option<Arc<Vocab>>> = RwLock::new(None);

/// The vocabulary, once `init_analyse` has run with tables this build agrees with.
pub fn get() -> Option<Arc<Vocab>> {
    VOCAB.read().ok()?.clone()
}

fn item<'py, T: FromPyObject<'py>>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<T> {
    match d.get_item(key)? {
        Some(v) => v
            .extract()
            .map_err(|e| PyValueError::new_err(format!("init_analyse: {key}: {e}"))),
        None => Err(PyValueError::new_err(format!(
            "init_analyse: missing {key}"
        ))),
    }
}

fn byte_map(m: FxHashMap<u32, String>, what: &str) -> PyResult<[u8; 128]> {
    let mut t = [0u8; 128];
    for (i, b) in t.iter_mut().enumerate() {
        *b = i as u8;
    }
    for (k, v) in m {
        let v = v.as_bytes();
        if k >= 128 || v.len() != 1 || v[0] >= 128 {
            return Err(PyValueError::new_err(format!(
                "init_analyse: {what}: not ASCII 1:1"
            )));
        }
        t[k as usize] = v[0];
    }
    Ok(t)
}

/// Install the tables (a dict built by `monitor.matching.native`). Returns whether the native
/// text normalisation agrees with this interpreter (same Unicode data, same anyascii): when it
/// does not, the vocabulary stays unset and `analyse_name` answers None (the caller's Python
/// fallback) for every input.
pub fn init(d: &Bound<'_, PyDict>) -> PyResult<bool> {
    super::phonetic::check_tables(
        &item::<Vec<(String, String)>>(d, "digraphs")?,
        &item::<Vec<(String, String)>>(d, "vowel_groups")?,
        &item(d, "voicing")?,
        &item::<Vec<String>>(d, "adjectival")?,
    )?;
    let unidata: String = item(d, "unidata_version")?;
    let anyascii: String = item(d, "anyascii_version")?;
    if unidata != UNIDATA_VERSION || anyascii != ANYASCII_VERSION {
        *VOCAB.write().expect("vocab lock") = None;
        return Ok(false);
    }
    let heads_py: Bound<'_, PyDict> = item(d, "phrase_heads")?;
    let mut phrase_heads = FxHashMap::default();
    for (k, v) in heads_py.iter() {
        let k: String = k.extract()?;
        let mut list: Vec<Phrase> = Vec::new();
        for p in v.try_iter()? {
            let p = p?;
            let p: Bound<'_, PyTuple> = p.extract()?;
            let words: Vec<String> = p.get_item(0)?.extract()?;
            let canon: String = p.get_item(1)?.extract()?;
            list.push((words, canon));
        }
        phrase_heads.insert(k, list);
    }
    let bw: FxHashMap<u8, f64> = item(d, "base_weight")?;
    let mut base_weight = [f64::NAN; 8];
    for (k, v) in bw {
        if k as usize >= 8 {
            return Err(PyValueError::new_err(
                "init_analyse: base_weight: class out of range",
            ));
        }
        base_weight[k as usize] = v;
    }
    if base_weight.iter().any(|w| w.is_nan()) {
        return Err(PyValueError::new_err(
            "init_analyse: base_weight: a class is missing",
        ));
    }
    let confusables_s: FxHashMap<String, String> = item(d, "confusables")?;
    let mut confusables = FxHashMap::default();
    for (k, v) in confusables_s {
        let mut cs = k.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => confusables.insert(c, v),
            _ => {
                return Err(PyValueError::new_err(
                    "init_analyse: confusables: not one char",
                ))
            }
        };
    }
    let v = Vocab {
        phrase_heads,
        head_words: item(d, "head_words")?,
        long_generic: item(d, "long_generic")?,
        abd_fused: item(d, "abd_fused")?,
        abd_sun: item(d, "abd_sun")?,
        tens_digits: item(d, "tens_digits")?,
        numberish: item(d, "numberish")?,
        base_weight,
        aside_factor: item(d, "aside_factor")?,
        legal_forms: item(d, "legal_forms")?,
        org_generic: item(d, "org_generic")?,
        geo_qualifiers: item(d, "geo_qualifiers")?,
        generic_abbreviations: item(d, "generic_abbreviations")?,
        titles: item(d, "titles")?,
        particles: item(d, "particles")?,
        particle_canon: item(d, "particle_canon")?,
        patronymic_suffixes: item(d, "patronymic_suffixes")?,
        roman_numerals: item(d, "roman_numerals")?,
        tens_words: item(d, "tens_words")?,
        long_legal_words: item(d, "long_legal_words")?,
        number_words: item(d, "number_words")?,
        hypocorisms: item(d, "hypocorisms")?,
        country_initialisms: item(d, "country_initialisms")?,
        token_cache: Mutex::new(TokenCache::default()),
        max_name_chars: item(d, "max_name_chars")?,
        confusables,
        leet: byte_map(item(d, "leet")?, "leet")?,
    };
    *VOCAB.write().expect("vocab lock") = Some(Arc::new(v));
    Ok(true)
}
