//! The few browser facts the app reads while it draws (the window, the clock), with
//! stand-ins when the same components are drawn on the server (the `ssr` feature renders
//! each page's first screen natively, where there is no browser to ask).
//!
//! Drawing code asks here instead of `crate::platform::window()` or `crate::platform::now_ms()`
//! directly: on the server the window is absent (`None`, so whatever needed it is
//! skipped, as on a browser without it) and the clock is the system's.

/// The browser window; `None` when drawn on the server.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// A new `AbortController`; `None` on the server, where nothing is ever sent.
pub fn abort_controller() -> Option<web_sys::AbortController> {
    if cfg!(target_arch = "wasm32") {
        web_sys::AbortController::new().ok()
    } else {
        None
    }
}

/// Milliseconds since the Unix epoch, as `Date.now()` gives them.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    }
}

/// `encodeURIComponent` in Rust: the unreserved characters stay, every other byte of the
/// UTF-8 text becomes `%XX`. Used for addresses drawn into links (the `next=` of a login
/// link), so the server and the browser draw the same `href`.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(char::from(byte)),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_encode_uri_component_does() {
        assert_eq!(
            encode_uri_component("/booking/confirm/s-1?department=cardiology"),
            "%2Fbooking%2Fconfirm%2Fs-1%3Fdepartment%3Dcardiology"
        );
        assert_eq!(encode_uri_component("a b&c"), "a%20b%26c");
        assert_eq!(
            encode_uri_component("心内科"),
            "%E5%BF%83%E5%86%85%E7%A7%91"
        );
        assert_eq!(encode_uri_component("it's(ok)!~*"), "it's(ok)!~*");
    }

    #[test]
    fn there_is_no_window_off_the_browser() {
        assert!(window().is_none());
        assert!(now_ms() > 1.7e12, "the system clock in ms");
    }
}
