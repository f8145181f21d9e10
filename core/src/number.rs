//! Numbers written out for people and for drawings: at most so many decimals, no trailing
//! zeros (`36.6`, `12`, `-0.25`).
//!
//! Written with integer arithmetic on purpose. The standard float formatter (shortest
//! round-trip and fixed precision, with its tables) is some 20 KB of the app's
//! WebAssembly, and every number the app shows — a lab value, a coordinate on a floor plan,
//! a survey answer — needs no more than a few decimals.

/// `value` rounded to at most `places` decimals (capped at 9), trailing zeros dropped.
/// Exact while `|value| × 10^places` is below 2^53, which covers every lab value, distance
/// and answer the app shows; NaN and the infinities are written as Rust writes them.
pub fn decimal(value: f64, places: u32) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let places = places.min(9);
    let scale = 10u64.pow(places);
    // Saturates for magnitudes beyond u64, far past anything shown.
    let scaled = (value.abs() * scale as f64).round() as u64;
    let (whole, fraction) = (scaled / scale, scaled % scale);
    let mut out = String::new();
    if value < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if fraction != 0 {
        let digits = format!("{fraction:0width$}", width = places as usize);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_rounded_and_trailing_zeros_dropped() {
        assert_eq!(decimal(36.6, 3), "36.6");
        assert_eq!(decimal(12.0, 1), "12");
        assert_eq!(decimal(-0.25, 2), "-0.25");
        assert_eq!(decimal(-0.004, 2), "0");
        assert_eq!(decimal(5.55555, 3), "5.556");
        assert_eq!(decimal(0.1 + 0.2, 9), "0.3");
        assert_eq!(decimal(1234.5678, 0), "1235");
        assert_eq!(decimal(0.05, 1), "0.1");
        assert_eq!(decimal(7.0e-3, 3), "0.007");
        assert_eq!(decimal(f64::NAN, 2), "NaN");
        assert_eq!(decimal(f64::NEG_INFINITY, 2), "-inf");
    }

    #[test]
    fn decimals_agree_with_the_standard_formatter_on_sampled_values() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Values as shown: up to 10 000 with up to three decimals.
            let value = (x % 10_000_000) as f64 / 1000.0 * if x & 1 == 0 { 1.0 } else { -1.0 };
            let ours = decimal(value, 3);
            let read: f64 = ours.parse().unwrap();
            assert_eq!(read, (value * 1000.0).round() / 1000.0, "{value} → {ours}");
            assert_eq!(ours, format!("{read}"), "{value}");
        }
    }
}
