//! The journeys' pages, fetched when first needed.
//!
//! The browser build (the `split` feature, which only the app build in `index.html` turns
//! on) puts the journeys' pages in WebAssembly pieces of their own (journeys used together
//! share one: the `pieces` below): the app that starts is the shell and what every page
//! shares, and `/queue` fetches the queue's piece the first time it is opened. So the first screen a patient waits for never carries the code of the
//! five journeys, and a journey added later does not slow the others' start. The build
//! step that cuts the pieces apart is `cargo xtask split` (run by trunk after its build);
//! here is the only place that knows which code goes where.
//!
//! [`Journey::of`] says which piece an address needs; [`loaded`] answers at once when the
//! piece is here (always, in builds without the feature: the server's first screens, the
//! tests); [`load`] fetches it; [`LazyPage`] draws the page, or the wait and a retry when
//! the piece cannot be fetched (offline, before the service worker saved it). At start the
//! app fetches the piece of the address it opens on before it draws anything (see
//! [`crate::start`]), so the page the server drew is taken over by the same page.

use std::cell::Cell;

use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::contexts::locale::use_locale;
use super::contexts::meta::use_meta;
use super::route::Route;
use crate::ui::status::{loading, notice};

/// Draws the page of one of a journey's addresses: the journey's own `pages::page`.
pub type Pages = fn(Route) -> Html;

/// A journey whose pages come in a piece in the browser build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Journey {
    /// The patient's page and family members (logging in is the shell's: every journey
    /// that needs an account starts there).
    Account,
    /// Departments, the symptom guide, schedules, confirmation, appointments.
    Booking,
    /// The inbox and the education articles.
    Inbox,
    /// Indoor navigation.
    Navigation,
    /// The live queue and the wall boards.
    Queue,
    /// Lab and imaging reports.
    Reports,
    /// Questionnaires.
    Surveys,
}

/// How many journeys there are (the length of [`Journey`]).
const JOURNEYS: usize = 7;

impl Journey {
    /// The journey's name, the key of its [`LazyPage`].
    pub fn name(self) -> &'static str {
        match self {
            Journey::Account => "account",
            Journey::Booking => "booking",
            Journey::Inbox => "inbox",
            Journey::Navigation => "navigation",
            Journey::Queue => "queue",
            Journey::Reports => "reports",
            Journey::Surveys => "surveys",
        }
    }

    /// Whether this build carries the journey: its cargo feature, on by default. A build
    /// without it (only `cargo xtask dist --journeys` makes one, to weigh each journey)
    /// answers the journey's addresses with the "not found" page.
    pub const fn built(self) -> bool {
        match self {
            Journey::Account => cfg!(feature = "account"),
            Journey::Booking => cfg!(feature = "booking"),
            Journey::Inbox => cfg!(feature = "inbox"),
            Journey::Navigation => cfg!(feature = "navigation"),
            Journey::Queue => cfg!(feature = "queue"),
            Journey::Reports => cfg!(feature = "reports"),
            Journey::Surveys => cfg!(feature = "surveys"),
        }
    }

    /// The journey whose pages answer `route`; `None` for the pages that are always here:
    /// the shell's own (home, the kiosk switch, not found) and the login page, which the
    /// pages of most journeys send a patient to first.
    pub fn of(route: &Route) -> Option<Journey> {
        Some(match route {
            Route::Home | Route::Login | Route::KioskEnter | Route::KioskExit | Route::NotFound => {
                return None
            }
            Route::Me | Route::PatientNew | Route::PatientEdit { .. } => Journey::Account,
            Route::Booking
            | Route::Triage
            | Route::Department { .. }
            | Route::Confirm { .. }
            | Route::Appointments
            | Route::Appointment { .. } => Journey::Booking,
            Route::Inbox | Route::Article { .. } => Journey::Inbox,
            Route::Navigation => Journey::Navigation,
            Route::Queue | Route::Board { .. } => Journey::Queue,
            Route::Reports | Route::ReportTrend | Route::ReportReads | Route::Report { .. } => {
                Journey::Reports
            }
            Route::Survey { .. } => Journey::Surveys,
        })
    }
}

thread_local! {
    /// The journeys' pages fetched so far, by [`Journey`] as index.
    static LOADED: [Cell<Option<Pages>>; JOURNEYS] = const {
        [const { Cell::new(None) }; JOURNEYS]
    };
}

/// The journey's pages, when they are here already.
pub fn loaded(journey: Journey) -> Option<Pages> {
    if !journey.built() {
        return Some(not_built);
    }
    #[cfg(not(feature = "split"))]
    {
        Some(built_in(journey))
    }
    #[cfg(feature = "split")]
    {
        LOADED.with(|loaded| loaded[journey as usize].get())
    }
}

/// The journey's pages, fetching their piece first when it is not here. Fails only when
/// the piece cannot be fetched or started (the network, mostly); a later call tries again.
pub async fn load(journey: Journey) -> Result<Pages, LoadError> {
    if let Some(pages) = loaded(journey) {
        return Ok(pages);
    }
    let pages = fetch(journey).await?;
    LOADED.with(|loaded| loaded[journey as usize].set(Some(pages)));
    Ok(pages)
}

/// The pages of a journey this build does not carry.
fn not_built(_: Route) -> Html {
    html! { <super::pages::not_found::NotFoundPage /> }
}

/// A journey's piece could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadError;

/// Without the feature every journey is compiled into the one module. The guards repeat
/// [`Journey::built`] as literals so that a journey left out is not referenced at all and
/// its code is certain to be dropped (guards calling `built` in `const` blocks left 0.4 KB
/// of a dropped journey in the wasm).
#[cfg(not(feature = "split"))]
fn built_in(journey: Journey) -> Pages {
    match journey {
        Journey::Account if cfg!(feature = "account") => crate::account::pages::page,
        Journey::Booking if cfg!(feature = "booking") => crate::booking::pages::page,
        Journey::Inbox if cfg!(feature = "inbox") => crate::inbox::pages::page,
        Journey::Navigation if cfg!(feature = "navigation") => crate::navigation::pages::page,
        Journey::Queue if cfg!(feature = "queue") => crate::queue::pages::page,
        Journey::Reports if cfg!(feature = "reports") => crate::reports::pages::page,
        Journey::Surveys if cfg!(feature = "surveys") => crate::surveys::pages::page,
        _ => not_built,
    }
}

#[cfg(not(feature = "split"))]
async fn fetch(journey: Journey) -> Result<Pages, LoadError> {
    Ok(built_in(journey))
}

#[cfg(feature = "split")]
async fn fetch(journey: Journey) -> Result<Pages, LoadError> {
    let fetched = match journey {
        Journey::Account => pieces::account().await,
        Journey::Booking => pieces::booking().await,
        Journey::Inbox => pieces::inbox().await,
        Journey::Navigation => pieces::navigation().await,
        Journey::Queue => pieces::queue().await,
        Journey::Reports => pieces::reports().await,
        Journey::Surveys => pieces::surveys().await,
    };
    fetched.map_err(|_| LoadError)
}

/// The split points: each function is the door into its journey's piece. Calling it
/// fetches and starts the piece (once; a failure is not remembered) and returns the
/// journey's `page`, which lives in the piece.
///
/// Journeys a patient uses together share a piece (the name in `wasm_split(…)`):
/// `booking` (booking and the account's pages: family members are chosen while booking),
/// `visit` (at the hospital: the queue and navigation) and `records` (after the visit:
/// reports, the inbox and surveys). Each piece is a request, and what two pieces share but
/// the shell does not use becomes a small chunk of its own; seven pieces made 71 chunks, of
/// which a page fetched up to 36, each compiled and started separately.
#[cfg(feature = "split")]
mod pieces {
    use wasm_split_helpers::{wasm_split, SplitLoaderError};

    use super::Pages;

    #[wasm_split(booking, fallible)]
    pub fn account() -> Result<Pages, SplitLoaderError> {
        Ok(crate::account::pages::page)
    }

    #[wasm_split(booking, fallible)]
    pub fn booking() -> Result<Pages, SplitLoaderError> {
        Ok(crate::booking::pages::page)
    }

    #[wasm_split(records, fallible)]
    pub fn inbox() -> Result<Pages, SplitLoaderError> {
        Ok(crate::inbox::pages::page)
    }

    #[wasm_split(visit, fallible)]
    pub fn navigation() -> Result<Pages, SplitLoaderError> {
        Ok(crate::navigation::pages::page)
    }

    #[wasm_split(visit, fallible)]
    pub fn queue() -> Result<Pages, SplitLoaderError> {
        Ok(crate::queue::pages::page)
    }

    #[wasm_split(records, fallible)]
    pub fn reports() -> Result<Pages, SplitLoaderError> {
        Ok(crate::reports::pages::page)
    }

    #[wasm_split(records, fallible)]
    pub fn surveys() -> Result<Pages, SplitLoaderError> {
        Ok(crate::surveys::pages::page)
    }
}

/// The properties of [`LazyPage`].
#[derive(Properties, PartialEq)]
pub struct LazyPageProps {
    /// The journey whose page it is ([`Journey::of`] the route).
    pub journey: Journey,
    /// The address.
    pub route: Route,
}

/// Where fetching a journey's piece stands, for [`LazyPage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fetching {
    /// The `n`th attempt is under way (a retry starts the next).
    Attempt(u32),
    /// The `n`th attempt failed.
    Failed(u32),
    /// The piece is here.
    Done,
}

/// The page of `route`: at once when its journey's piece is here, else a wait while it is
/// fetched, or what failed and a retry.
#[component]
pub fn LazyPage(props: &LazyPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let fetching = use_state_eq(|| Fetching::Attempt(0));
    let journey = props.journey;
    let here = loaded(journey);
    {
        let fetching = fetching.clone();
        let attempt = match *fetching {
            Fetching::Attempt(n) if here.is_none() => Some(n),
            _ => None,
        };
        use_effect_on((journey, attempt), move |&(journey, attempt)| {
            if let Some(n) = attempt {
                wasm_bindgen_futures::spawn_local(async move {
                    fetching.set(match load(journey).await {
                        Ok(_) => Fetching::Done,
                        Err(LoadError) => Fetching::Failed(n),
                    });
                });
            }
        });
    }
    if let Some(pages) = here {
        return pages(props.route.clone());
    }
    let t = locale.t();
    let body = match *fetching {
        Fetching::Failed(n) => {
            let retry = {
                let fetching = fetching.clone();
                Callback::from(move |()| fetching.set(Fetching::Attempt(n + 1)))
            };
            notice(
                t.page_failed,
                t.error_network.to_owned(),
                Some(retry),
                meta.phone(),
                t,
            )
        }
        Fetching::Attempt(_) | Fetching::Done => loading(t),
    };
    html! { <section class="lazy-page" aria-busy={(matches!(*fetching, Fetching::Attempt(_))).to_string()}>{ body }</section> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_journey_address_has_its_journey_and_the_shell_keeps_its_own() {
        assert_eq!(Journey::of(&Route::Home), None);
        assert_eq!(Journey::of(&Route::NotFound), None);
        assert_eq!(Journey::of(&Route::Login), None);
        assert_eq!(Journey::of(&Route::Me), Some(Journey::Account));
        assert_eq!(Journey::of(&Route::Booking), Some(Journey::Booking));
        assert_eq!(
            Journey::of(&Route::Board { area: "3F".into() }),
            Some(Journey::Queue)
        );
        assert_eq!(
            Journey::of(&Route::Survey { id: "s".into() }),
            Some(Journey::Surveys)
        );
    }
}
