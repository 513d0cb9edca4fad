//! The analysed word, as `monitor.matching.tokens.Token` (the same fields, the same meaning).
use pyo3::prelude::*;

/// `TokenClass` values (an `IntEnum` on the Python side).
pub mod cls {
    pub const CONTENT: u8 = 0;
    pub const PATRONYMIC: u8 = 1;
    pub const GENERIC: u8 = 2;
    pub const PARTICLE: u8 = 3;
    pub const TITLE: u8 = 4;
    pub const LEGAL: u8 = 5;
    pub const NUMBER: u8 = 6;
    pub const INITIAL: u8 = 7;
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub form: String,
    pub key: String,
    pub skel: String,
    pub cls: u8,
    pub weight: f64,
    pub cons: String,
    pub abjad: bool,
    pub content: bool,
    pub cjk: bool,
    pub aside: bool,
}

impl<'py> FromPyObject<'py> for Token {
    /// From a Python `Token` (read attribute by attribute: done once per list word at index
    /// build, never per screening once the query is analysed natively).
    fn extract_bound(ob: &Bound<'py, PyAny>) -> PyResult<Self> {
        Ok(Token {
            form: ob.getattr("form")?.extract()?,
            key: ob.getattr("key")?.extract()?,
            skel: ob.getattr("skel")?.extract()?,
            cls: ob.getattr("cls")?.extract()?,
            weight: ob.getattr("weight")?.extract()?,
            cons: ob.getattr("cons")?.extract()?,
            abjad: ob.getattr("abjad")?.extract()?,
            content: ob.getattr("content")?.extract()?,
            cjk: ob.getattr("cjk")?.extract()?,
            aside: ob.getattr("aside")?.extract()?,
        })
    }
}

impl Token {
    /// As a plain tuple, field order of the dataclass (for parity tests against Python).
    #[allow(clippy::type_complexity)]
    pub fn as_tuple(&self) -> (&str, &str, &str, u8, f64, &str, bool, bool, bool, bool) {
        (
            &self.form,
            &self.key,
            &self.skel,
            self.cls,
            self.weight,
            &self.cons,
            self.abjad,
            self.content,
            self.cjk,
            self.aside,
        )
    }
}
