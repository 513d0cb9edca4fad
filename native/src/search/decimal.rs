//! Python's `round(x, places)` and `f"{x:.{places}f}"` for the explanations, without going
//! through Rust's exact float formatting for every number (it was a sixth of a search's
//! instructions: 5-7 numbers per hit).
//!
//! Both round the exact binary value of `x` to `places` decimals, ties to even. Away from a
//! tie, the product `x * 10^places` in floating point decides the same way: for a product
//! below 10^6 its error is under 10^-9, and the fast path only answers when the fraction is
//! more than 10^-6 away from one half. Ties, near-ties, negative numbers (`-0.0` keeps its
//! sign in Python) and anything large or not finite go through the exact formatter.
use std::fmt::Write;

const POW10: [u64; 4] = [1, 10, 100, 1000];

/// `x * 10^places` rounded as Python rounds `x` to `places` decimals, when the fast path can
/// decide it; None otherwise.
fn scaled(x: f64, places: usize) -> Option<u64> {
    if places >= POW10.len() || x.is_sign_negative() || x.is_nan() || x >= 1e6 {
        return None;
    }
    let s = x * POW10[places] as f64;
    if s >= 1e6 {
        return None;
    }
    let whole = s.floor();
    let frac = s - whole; // exact
    if (frac - 0.5).abs() <= 1e-6 {
        return None;
    }
    Some(whole as u64 + (frac > 0.5) as u64)
}

/// Python's `round(x, places)`.
pub fn py_round(x: f64, places: usize) -> f64 {
    match scaled(x, places) {
        // n and 10^places are exact, so the quotient is the double nearest the decimal
        // n / 10^places: what parsing the decimal gives
        Some(n) => n as f64 / POW10[places] as f64,
        None => format!("{x:.places$}").parse().unwrap_or(x),
    }
}

/// Append Python's `f"{x:.{places}f}"` to `out`.
pub fn push_fixed(out: &mut String, x: f64, places: usize) {
    let Some(mut n) = scaled(x, places) else {
        let _ = write!(out, "{x:.places$}");
        return;
    };
    // the digits of n (below 10^6 * 10^places), last first, with the point `places` from the
    // end and at least one digit before it (`fmt` would cost ~300 instructions a number)
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let mut digits = 0;
    while n > 0 || digits <= places {
        if digits == places && places > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        digits += 1;
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(x: f64, places: usize) -> String {
        let mut s = String::new();
        push_fixed(&mut s, x, places);
        s
    }

    #[test]
    fn fast_path_agrees_with_exact_formatting() {
        let mut x = 0.0f64;
        let mut seed = 0x9e3779b97f4a7c15u64;
        for i in 0..400_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // uniform in [0, 100), plus exact binary fractions (ties) every 4th value
            x = if i % 4 == 0 {
                (seed % 100_000) as f64 / 1024.0
            } else {
                (seed >> 11) as f64 / (1u64 << 53) as f64 * 100.0
            };
            for places in 0..4 {
                assert_eq!(fixed(x, places), format!("{x:.places$}"), "{x}");
                let slow: f64 = format!("{x:.places$}").parse().unwrap();
                assert_eq!(py_round(x, places).to_bits(), slow.to_bits(), "{x}");
            }
        }
        assert!(x >= 0.0);
        for x in [-0.0, -0.001, 0.125, 0.5, 2.5, 1e7, f64::NAN, f64::INFINITY] {
            assert_eq!(fixed(x, 2), format!("{x:.2}"));
        }
    }
}
