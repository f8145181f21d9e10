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

/// A decimal number as a person types it (`36.6`, `-2`, `.5`, `1e3`), or `None`: only
/// digits, one sign, one point and an exponent, with at least one digit. Parsed without
/// the standard float parser for the reason in the module's header; the nearest double for
/// up to 15 significant digits and a decimal exponent within ±22.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => {
            let exponent = &text[at + 1..];
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (&text[..at], exponent.parse::<i32>().ok()?)
        }
        None => (text, 0),
    };
    let (negative, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut digits: u64 = 0;
    let mut shift = exponent;
    for (n, b) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let significant = digits > 0 || b != b'0';
        if significant && digits >= 100_000_000_000_000_000 {
            // Past 18 digits: the rest only moves the decimal point.
            if n < whole.len() {
                shift += 1;
            }
            continue;
        }
        digits = digits * 10 + u64::from(b - b'0');
        if n >= whole.len() {
            shift -= 1;
        }
    }
    // One correctly rounded operation on exact operands (digits below 2^53, a power of ten
    // up to 10^22): the nearest double, as the standard parser gives.
    let magnitude = if shift < 0 {
        digits as f64 / 10f64.powi(-shift)
    } else {
        digits as f64 * 10f64.powi(shift)
    };
    Some(if negative { -magnitude } else { magnitude })
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

    #[test]
    fn typed_numbers_are_read_and_anything_else_refused() {
        for (text, value) in [
            ("36.6", 36.6),
            (" -2 ", -2.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("+7", 7.0),
            ("1e3", 1000.0),
            ("2.5E-2", 0.025),
            ("0.1", 0.1),
            ("123456.789", 123_456.789),
        ] {
            assert_eq!(parse_decimal(text), Some(value), "{text}");
        }
        for text in [
            "", "-", ".", "1.2.3", "12abc", "0x10", "inf", "NaN", "1e", "e5", "--1", "1,5",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn typed_numbers_match_the_standard_parser_to_the_last_bit() {
        let mut x: u64 = 0x1234_5678_9ABC_DEF1;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let text = format!("{}.{:03}", x % 100_000, (x >> 20) % 1000);
            assert_eq!(parse_decimal(&text), text.parse::<f64>().ok(), "{text}");
        }
    }
}
