//! `analyse_name` natively: `monitor.matching.text`, `.phonetic` and `.tokens` in Rust, the same
//! tokens (same strings, same floats) as the Python reference.
//!
//! Rust API (for the search core): [`analyse_name`], [`fused_token`], [`romanisation_key`].
//! The vocabulary comes from Python at import (`init_analyse`, called by
//! `monitor.matching.native`); until then, or when this build's Unicode data or anyascii release
//! differs from the interpreter's, `analyse_name` answers None and the caller uses Python.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

pub mod phonetic;
pub mod text;
pub mod tokens;
#[rustfmt::skip]
pub mod unicode_tables;
pub mod vocab;

use crate::token::Token;

/// The tokens of a name, as `monitor.matching.tokens.analyse_name` gives them; None when the
/// vocabulary is not initialised (or refused: see the module doc), so the caller must use Python.
pub fn analyse_name(text: &str) -> Option<Vec<Token>> {
    let v = vocab::get()?;
    Some(tokens::analyse(text, &v))
}

/// `monitor.matching.tokens.fused_token` (needs no vocabulary).
pub fn fused_token(form: &str, abjad: bool, cjk: bool) -> Token {
    tokens::fused_token(form.to_string(), abjad, cjk)
}

/// `monitor.matching.phonetic.romanisation_key` of an ASCII token (needs no vocabulary).
pub fn romanisation_key(s: &str) -> String {
    phonetic::romanisation_key(s)
}

type TokenTuple = (
    String,
    String,
    String,
    u8,
    f64,
    String,
    bool,
    bool,
    bool,
    bool,
);

fn tuple(t: Token) -> TokenTuple {
    (
        t.form, t.key, t.skel, t.cls, t.weight, t.cons, t.abjad, t.content, t.cjk, t.aside,
    )
}

/// Install the vocabulary (see `monitor.matching.native`); False when the native text step
/// does not agree with this interpreter (then `analyse_name` is always None).
#[pyfunction]
fn init_analyse(tables: &Bound<'_, PyDict>) -> PyResult<bool> {
    vocab::init(tables)
}

/// Token tuples (`Token` field order) of `analyse_name(text)`, or None: vocabulary missing, or
/// a string Rust cannot hold (lone surrogates), which Python must analyse.
#[pyfunction]
#[pyo3(name = "analyse_name")]
fn py_analyse_name(text: &Bound<'_, PyString>) -> Option<Vec<TokenTuple>> {
    let s = text.to_str().ok()?;
    let v = vocab::get()?;
    let toks = tokens::analyse(s, &v); // microseconds: the GIL stays held (see search)
    Some(toks.into_iter().map(tuple).collect())
}

/// `tokenize_name(text)`, or None (as `analyse_name`).
#[pyfunction]
#[pyo3(name = "tokenize_name")]
fn py_tokenize_name(text: &Bound<'_, PyString>) -> Option<Vec<String>> {
    let s = text.to_str().ok()?;
    let v = vocab::get()?;
    Some(text::tokenize_name(s, &v))
}

#[pyfunction]
#[pyo3(name = "fused_token", signature = (form, abjad=false, cjk=false))]
fn py_fused_token(form: &str, abjad: bool, cjk: bool) -> TokenTuple {
    tuple(tokens::fused_token(form.to_string(), abjad, cjk))
}

#[pyfunction]
#[pyo3(name = "romanisation_key")]
fn py_romanisation_key(token: &str) -> String {
    phonetic::romanisation_key(token)
}

/// NFKC and anyascii of the pinned crates, for the per-character parity test.
#[pyfunction]
fn _nfkc(text: &str) -> String {
    text::nfkc(text)
}

#[pyfunction]
fn _anyascii(text: &str) -> String {
    any_ascii::any_ascii(text)
}

/// Empty the native token cache (as `make_token.cache_clear()`).
#[pyfunction]
fn _cache_clear() {
    if let Some(v) = vocab::get() {
        tokens::clear_cache(&v);
    }
}

/// Analyse every name natively and count the tokens (benchmark of the native work alone,
/// without building Python tuples); None as `analyse_name`.
#[pyfunction]
#[pyo3(signature = (texts, cold=true))]
fn _analyse_count(py: Python<'_>, texts: Vec<String>, cold: bool) -> Option<usize> {
    let v = vocab::get()?;
    if cold {
        tokens::clear_cache(&v);
    }
    Some(py.allow_threads(|| texts.iter().map(|t| tokens::analyse(t, &v).len()).sum()))
}

/// Add the analyse functions to `monitor._native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(init_analyse, m)?)?;
    m.add_function(wrap_pyfunction!(py_analyse_name, m)?)?;
    m.add_function(wrap_pyfunction!(py_tokenize_name, m)?)?;
    m.add_function(wrap_pyfunction!(py_fused_token, m)?)?;
    m.add_function(wrap_pyfunction!(py_romanisation_key, m)?)?;
    m.add_function(wrap_pyfunction!(_nfkc, m)?)?;
    m.add_function(wrap_pyfunction!(_anyascii, m)?)?;
    m.add_function(wrap_pyfunction!(_analyse_count, m)?)?;
    m.add_function(wrap_pyfunction!(_cache_clear, m)?)?;
    Ok(())
}
