//! The queue journey: the account's tickets of the day, live (`/queue`), with checking in
//! from today's appointments (or from a clinic's QR sign, `/queue?point=`), the call and
//! "nearly your turn" alerts, and rejoining after a missed call; and the wall display of an
//! area's calls and queues (`/board/{area}`), which reads each call out.
//!
//! [`state`] holds what the pages work out (the news between two snapshots, how a place,
//! a wait and a call read) as plain functions tested natively; [`alarm`] is the device's
//! side of a call (beep, vibration, flashing title, speech); [`pages`] draw with [`parts`]
//! and the UI kit. Both pages start from a request and then follow the server's events
//! through the shared [`crate::hooks::use_event_source`]. The journey uses the shell's
//! route, contexts and guard, never the frame, and no other journey: the appointments to
//! check in come straight from [`crate::api::booking`].

pub mod alarm;
pub mod pages;
pub mod parts;
pub mod state;
