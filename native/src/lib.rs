//! `monitor._native`: the screening core's hot path in Rust, behind `monitor.matching.native`.
//!
//! The Python implementation in `monitor.matching` is the reference: every function here must
//! return exactly what its Python counterpart returns (same floats, same order), and the parity
//! tests compare the two on the shared data.
use pyo3::prelude::*;

pub mod analyse;
pub mod search;
pub mod token;

/// mimalloc for the core's own allocations: a search makes a few hundred small, short-lived
/// ones (token strings, candidate lists), where glibc's malloc spent a tenth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
#[pyo3(name = "_native")]
fn native_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    analyse::register(m)?;
    search::register(m)?;
    Ok(())
}
