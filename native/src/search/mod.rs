//! The search side of the native core: index, pair scorer and `search`, one call per name.
//!
//! `NativeIndex` is built once per table from the Python index's analysed aliases
//! (`TokenIndex.aliases`) and answers `search(name, allowed, cutoff)` (or `search_tokens` on
//! analysed tokens) with the `NameMatch` records `AlignIndex._match` would make, field for field.
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

pub mod decimal;
pub mod fx;
pub mod index;
pub mod score;
pub mod sim;

use crate::token::Token;
use decimal::{push_fixed, py_round};
use fx::FxMap;
use index::{AliasIn, Config, Index};
use pyo3::intern;
use score::Params;

/// The `NameMatch` record type and how to fill one without running its `__init__`.
struct Record {
    cls: Py<PyAny>,
    /// `object.__new__`
    new: Py<PyAny>,
    /// The field names, in `NameMatch`'s order.
    fields: [Py<PyString>; 6],
}

impl Record {
    const FIELDS: [&'static str; 6] = [
        "entry",
        "matched_name",
        "score",
        "explanation",
        "token_pairs",
        "components",
    ];

    fn new(cls: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = cls.py();
        Ok(Record {
            cls: cls.clone().unbind(),
            new: py.get_type::<PyAny>().getattr("__new__")?.unbind(),
            fields: Self::FIELDS.map(|f| PyString::intern(py, f).unbind()),
        })
    }

    /// A record with these field values. `NameMatch` is a frozen dataclass, whose `__setattr__`
    /// refuses, and its generated `__init__` goes round that with `object.__setattr__` per field
    /// (2 us a hit): set the slots as `object.__setattr__` does, directly.
    fn make<'py>(
        &self,
        py: Python<'py>,
        values: [Bound<'py, PyAny>; 6],
    ) -> PyResult<Bound<'py, PyAny>> {
        let obj = self.new.bind(py).call1((self.cls.bind(py),))?;
        for (name, value) in self.fields.iter().zip(values) {
            // SAFETY: the GIL is held and all three pointers are live references it owns
            let rc = unsafe {
                pyo3::ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr())
            };
            if rc != 0 {
                return Err(PyErr::fetch(py));
            }
        }
        Ok(obj)
    }
}

type PairTuple = (f64, bool, Vec<(String, String, f64)>, f64, f64, f64, f64);

fn pair_tuple(d: score::PairScore, pairs: Vec<(String, String, f64)>) -> PairTuple {
    (
        d.score,
        d.anchored,
        pairs,
        d.matched,
        d.conflict,
        d.extra,
        d.shortfall,
    )
}

/// How long an index build lets go of the GIL every 2 ms of reading Python objects.
const HAND_OVER: std::time::Duration = std::time::Duration::from_micros(100);

#[pyclass(frozen, module = "monitor._native")]
pub struct NativeIndex {
    inner: Index,
    /// Per alias: its kind ("primary", "aka", ...) and Python's `repr()` of its text, as the
    /// explanation quotes them.
    labels: Vec<(String, String)>,
    /// Per alias: its entry and its text, as the `NameMatch` of a hit holds them.
    refs: Vec<(Py<PyAny>, Py<PyAny>)>,
    record: Record,
}

impl NativeIndex {
    /// What `AlignIndex._match` makes of each hit, text for text (`engine._name_match`).
    fn render<'py>(
        &self,
        py: Python<'py>,
        hits: Vec<index::Hit>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let weak_factor = self.inner.weak_factor();
        hits.into_iter()
            .map(|h| {
                let d = &h.detail;
                let weak = self.inner.alias_weak(h.alias);
                let (kind, text) = &self.labels[h.alias as usize];
                // "<score> on[ weak alias,] <kind> name <text>: <pairs>; conflicting <c>, extra <e>"
                let mut explanation = String::with_capacity(96 + text.len());
                push_fixed(&mut explanation, h.score, 0);
                explanation.push_str(if weak { " on weak alias, " } else { " on " });
                explanation.push_str(kind);
                explanation.push_str(" name ");
                explanation.push_str(text);
                explanation.push_str(": ");
                let mut pairs = Vec::with_capacity(h.pairs.len());
                for (k, (q, c, s)) in h.pairs.into_iter().enumerate() {
                    let s = py_round(s, 3);
                    if k > 0 {
                        explanation.push_str(", ");
                    }
                    explanation.push_str(&q);
                    explanation.push(if s == 1.0 { '=' } else { '~' });
                    explanation.push_str(&c);
                    if s != 1.0 {
                        explanation.push_str(" (");
                        push_fixed(&mut explanation, s, 2);
                        explanation.push(')');
                    }
                    pairs.push((q, c, s));
                }
                explanation.push_str("; conflicting ");
                push_fixed(&mut explanation, d.conflict, 2);
                explanation.push_str(", extra ");
                push_fixed(&mut explanation, d.extra, 2);
                // the names interned: six new str objects a hit otherwise
                let components = [
                    (intern!(py, "matched"), py_round(d.matched, 3)),
                    (intern!(py, "shortfall"), py_round(d.shortfall, 3)),
                    (intern!(py, "conflict"), py_round(d.conflict, 3)),
                    (intern!(py, "extra"), py_round(d.extra, 3)),
                    (intern!(py, "pair_score"), py_round(d.score, 2)),
                    (
                        intern!(py, "weak_alias_factor"),
                        if weak { weak_factor } else { 1.0 },
                    ),
                ];
                let (entry, text) = &self.refs[h.alias as usize];
                self.record.make(
                    py,
                    [
                        entry.bind(py).clone(),
                        text.bind(py).clone(),
                        py_round(h.score, 2).into_pyobject(py)?.into_any(),
                        explanation.into_pyobject(py)?.into_any(),
                        PyTuple::new(py, pairs)?.into_any(),
                        PyTuple::new(py, components)?.into_any(),
                    ],
                )
            })
            .collect()
    }
}

#[pymethods]
impl NativeIndex {
    /// `aliases`: `TokenIndex.aliases`; `types`: each alias's entry type as a small int
    /// (0 = individual); `rarity`: key -> `index._rarity(df)`; `params`: (conflict, extra,
    /// extra_org, extra_many, shortfall); `kinds`: `vocab.INSTITUTION_KINDS`; `neumaier`: the
    /// running Python's `sum()` compensates (3.12+); `labels`: each alias's (kind, repr(text));
    /// `refs`: each alias's (entry, text); `record`: the `NameMatch` class hits are made of.
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        aliases: &Bound<'_, PyList>,
        types: Vec<u8>,
        rarity: &Bound<'_, PyDict>,
        params: (f64, f64, f64, f64, f64),
        weak_factor: f64,
        kinds: Vec<String>,
        neumaier: bool,
        n_types: usize,
        labels: &Bound<'_, PyList>,
        refs: Vec<(Py<PyAny>, Py<PyAny>)>,
        record: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        if labels.len() != aliases.len() || refs.len() != aliases.len() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "one label and one (entry, text) per alias",
            ));
        }
        let mut toks: Vec<Token> = Vec::new();
        let mut by_ptr: FxMap<usize, u32> = FxMap::default();
        let mut ins: Vec<AliasIn> = Vec::with_capacity(aliases.len());
        let py = aliases.py();
        let mut names: Vec<(String, String)> = Vec::with_capacity(labels.len());
        let mut slice = std::time::Instant::now();
        for ((a, ty), label) in aliases.iter().zip(types.iter()).zip(labels.iter()) {
            // Reading 42k aliases from Python objects takes 100-200 ms with the GIL held, and a
            // native call is never preempted: hand the GIL over every 2 ms (the worker builds
            // in a thread while its event loop screens). A bare release is re-taken by this
            // thread before a waiting one wakes up; a short sleep lets the waiter have it.
            if slice.elapsed() >= std::time::Duration::from_millis(2) {
                py.allow_threads(|| std::thread::sleep(HAND_OVER));
                slice = std::time::Instant::now();
            }
            names.push(label.extract()?);
            let a = a.downcast::<PyTuple>()?;
            let tokens = a.get_item(2)?;
            let tokens = tokens.downcast::<PyTuple>()?;
            let mut ids = Vec::with_capacity(tokens.len());
            for t in tokens.iter() {
                let ptr = t.as_ptr() as usize;
                let id = match by_ptr.get(&ptr) {
                    Some(&id) => id,
                    None => {
                        let tok: Token = extract_token(&t)?;
                        if !(tok.form.is_ascii() && tok.key.is_ascii()) {
                            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                                "non-ASCII token {:?}",
                                tok.form
                            )));
                        }
                        toks.push(tok);
                        let id = (toks.len() - 1) as u32;
                        by_ptr.insert(ptr, id);
                        id
                    }
                };
                ids.push(id);
            }
            ins.push(AliasIn {
                entry_index: a.get_item(0)?.extract()?,
                name_index: a.get_item(1)?.extract()?,
                tokens: ids,
                weights: a.get_item(3)?.extract()?,
                weak: a.get_item(4)?.extract()?,
                entry_type: *ty,
                content_weight: a.get_item(6)?.extract()?,
                top_weights: a.get_item(7)?.extract()?,
            });
        }
        let mut rar: FxMap<String, f64> = FxMap::default();
        for (k, v) in rarity.iter() {
            if slice.elapsed() >= std::time::Duration::from_millis(2) {
                py.allow_threads(|| std::thread::sleep(HAND_OVER));
                slice = std::time::Instant::now();
            }
            rar.insert(k.extract()?, v.extract()?);
        }
        let cfg = Config {
            params: Params {
                conflict: params.0,
                extra: params.1,
                extra_org: params.2,
                extra_many: params.3,
                shortfall: params.4,
            },
            weak_factor,
            kinds,
            neumaier,
            n_types,
        };
        let inner = aliases
            .py()
            .allow_threads(|| Index::build(cfg, toks, ins, rar));
        Ok(NativeIndex {
            inner,
            labels: names,
            refs,
            record: Record::new(record)?,
        })
    }

    /// Hits of the name analysed by the native `analyse_name`, best first, one per entry: the
    /// whole search in one call, each hit a `NameMatch`. None: the native analyser declines this text (not initialised, or a string
    /// that is not valid UTF-8), or the query is past what the native search takes; the caller
    /// then answers with the Python analyser (and, if need be, the Python path).
    fn search<'py>(
        &self,
        py: Python<'py>,
        name: &Bound<'_, pyo3::types::PyString>,
        allowed: u32,
        cutoff: f64,
    ) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        let Ok(text) = name.to_str() else {
            return Ok(None); // lone surrogates: Python's analyser handles them
        };
        // The GIL stays held: a search takes tens of microseconds, and giving the GIL up lets a
        // busy thread (a list build, faust's consumer) keep it for up to the 5 ms switch
        // interval before this one gets it back, a stall per name. The index build, which
        // takes a fraction of a second, does release it.
        let found = (|| {
            let tokens = crate::analyse::analyse_name(text)?;
            if tokens.is_empty() {
                return Some(Vec::new());
            }
            self.inner.search(&tokens, allowed, cutoff)
        })();
        found.map(|hits| self.render(py, hits)).transpose()
    }

    /// Hits of analysed query tokens, best first, one per entry, as `search` gives them;
    /// None: the Python path must answer.
    fn search_tokens<'py>(
        &self,
        py: Python<'py>,
        tokens: &Bound<'_, PyAny>,
        allowed: u32,
        cutoff: f64,
    ) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        let mut query: Vec<Token> = Vec::new();
        for t in tokens.try_iter()? {
            query.push(extract_token(&t?)?);
        }
        let tokens = query;
        let found = self.inner.search(&tokens, allowed, cutoff); // GIL held, as in `search`
        found.map(|hits| self.render(py, hits)).transpose()
    }

    /// `score_tokens` with this index's parameters (parity tests).
    fn score_tokens(
        &self,
        query: Vec<Token>,
        qweights: Vec<f64>,
        cand: Vec<Token>,
        cweights: Vec<f64>,
        org: bool,
    ) -> PairTuple {
        let d = self
            .inner
            .score_pair(&query, &qweights, &cand, &cweights, org);
        let pairs = score::render_pairs(&query, &cand, &d.pairs);
        pair_tuple(d, pairs)
    }

    /// Query word weight as the index weighs it (`TokenIndex.weight`).
    fn weight(&self, token: Token) -> f64 {
        self.inner.weight(&token)
    }

    /// Benchmark hook: run `search` on pre-extracted queries `reps` times (caches emptied
    /// before each pass when `cold`); returns the wall seconds spent in `search`.
    fn _bench(
        &self,
        py: Python<'_>,
        queries: Vec<Vec<Token>>,
        allowed: u32,
        cutoff: f64,
        reps: usize,
        cold: bool,
    ) -> f64 {
        py.allow_threads(|| {
            let mut total = 0.0;
            for _ in 0..reps {
                if cold {
                    self.inner.clear_caches();
                }
                let t0 = std::time::Instant::now();
                for q in &queries {
                    std::hint::black_box(self.inner.search(q, allowed, cutoff));
                }
                total += t0.elapsed().as_secs_f64();
            }
            total
        })
    }

    fn __len__(&self) -> usize {
        self.inner.n_aliases()
    }
}

/// A Python `Token` (attribute names interned: this runs for every query word).
fn extract_token(ob: &Bound<'_, PyAny>) -> PyResult<Token> {
    let py = ob.py();
    Ok(Token {
        form: ob.getattr(intern!(py, "form"))?.extract()?,
        key: ob.getattr(intern!(py, "key"))?.extract()?,
        skel: ob.getattr(intern!(py, "skel"))?.extract()?,
        cls: ob.getattr(intern!(py, "cls"))?.extract()?,
        weight: ob.getattr(intern!(py, "weight"))?.extract()?,
        cons: ob.getattr(intern!(py, "cons"))?.extract()?,
        abjad: ob.getattr(intern!(py, "abjad"))?.is_truthy()?,
        content: ob.getattr(intern!(py, "content"))?.is_truthy()?,
        cjk: ob.getattr(intern!(py, "cjk"))?.is_truthy()?,
        aside: ob.getattr(intern!(py, "aside"))?.is_truthy()?,
    })
}

/// `phonetic.romanisation_key` as the search uses it for fused words (parity tests).
#[pyfunction]
pub fn search_romanisation_key(token: &str) -> String {
    crate::analyse::romanisation_key(token)
}

/// Test hook: `round(x, places)` and `f"{x:.{places}f}"` of each value, as the explanations
/// compute them (`decimal::py_round`, `decimal::push_fixed`).
#[pyfunction]
fn _round_and_format(xs: Vec<f64>, places: usize) -> Vec<(f64, String)> {
    xs.into_iter()
        .map(|x| {
            let mut s = String::new();
            push_fixed(&mut s, x, places);
            (py_round(x, places), s)
        })
        .collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeIndex>()?;
    m.add_function(wrap_pyfunction!(search_romanisation_key, m)?)?;
    m.add_function(wrap_pyfunction!(_round_and_format, m)?)?;
    Ok(())
}
