//! When a kiosk left alone warns, and when it starts over.
//!
//! A kiosk in the lobby must not show one patient's screen to the next. After the hospital's
//! idle time (`meta.kiosk_idle_seconds`) without a touch it returns to the start; during the
//! last stretch before that it shows a countdown, so a patient who is still reading can
//! keep going. This module is the arithmetic only; `hooks::use_idle` runs it on a timer.

/// The idle time used when the hospital configures none (zero).
pub const DEFAULT_IDLE_SECONDS: u32 = 90;

/// The longest countdown shown before starting over.
pub const MAX_WARNING_SECONDS: u32 = 30;

/// Where a kiosk is on its way from the last touch to starting over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdlePhase {
    /// Someone touched it recently; nothing to show.
    Active,
    /// The countdown is showing, with this many whole seconds left.
    Warning {
        /// Seconds until the kiosk starts over, at least 1.
        seconds_left: u32,
    },
    /// Time is up: start over now.
    Expired,
}

/// The idle time to use for a configured value (zero means the default).
pub fn effective_idle_seconds(configured: u32) -> u32 {
    if configured == 0 {
        DEFAULT_IDLE_SECONDS
    } else {
        configured
    }
}

/// How long the countdown lasts for an idle time: the last 30 seconds, or the last third
/// when the idle time is short, and at least one second.
pub fn warning_seconds(idle_seconds: u32) -> u32 {
    (effective_idle_seconds(idle_seconds) / 3).clamp(1, MAX_WARNING_SECONDS)
}

/// The phase `elapsed_ms` milliseconds after the last input, for an idle time of
/// `idle_seconds`.
pub fn phase(elapsed_ms: f64, idle_seconds: u32) -> IdlePhase {
    let idle_ms = f64::from(effective_idle_seconds(idle_seconds)) * 1000.0;
    let left_ms = idle_ms - elapsed_ms.max(0.0);
    if left_ms <= 0.0 {
        return IdlePhase::Expired;
    }
    // Whole seconds, rounded up, so the countdown never shows 0 before it is over. The
    // value is at most `idle_seconds`, so it fits in a u32.
    let seconds_left = (left_ms / 1000.0).ceil() as u32;
    if seconds_left <= warning_seconds(idle_seconds) {
        IdlePhase::Warning { seconds_left }
    } else {
        IdlePhase::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_is_30_seconds_or_a_third() {
        assert_eq!(warning_seconds(90), 30);
        assert_eq!(warning_seconds(600), 30);
        assert_eq!(warning_seconds(30), 10);
        assert_eq!(warning_seconds(6), 2);
        assert_eq!(warning_seconds(1), 1);
        assert_eq!(warning_seconds(0), 30, "zero means the default of 90");
    }

    #[test]
    fn phases_follow_the_clock() {
        assert_eq!(phase(0.0, 90), IdlePhase::Active);
        assert_eq!(phase(59_999.0, 90), IdlePhase::Active);
        assert_eq!(phase(60_000.0, 90), IdlePhase::Warning { seconds_left: 30 });
        assert_eq!(phase(60_001.0, 90), IdlePhase::Warning { seconds_left: 30 });
        assert_eq!(phase(89_001.0, 90), IdlePhase::Warning { seconds_left: 1 });
        assert_eq!(phase(90_000.0, 90), IdlePhase::Expired);
        assert_eq!(phase(1e12, 90), IdlePhase::Expired);
    }

    #[test]
    fn short_idle_times_still_warn_first() {
        assert_eq!(phase(0.0, 3), IdlePhase::Active);
        assert_eq!(phase(2_500.0, 3), IdlePhase::Warning { seconds_left: 1 });
        assert_eq!(phase(3_000.0, 3), IdlePhase::Expired);
    }

    #[test]
    fn a_clock_that_goes_backwards_counts_as_fresh_input() {
        assert_eq!(phase(-5_000.0, 90), IdlePhase::Active);
    }
}
