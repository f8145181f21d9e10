//! An invisible region whose changes screen readers read out (queue positions, "called").

use yew::prelude::*;

/// What [`live_region`] announces.
#[derive(PartialEq)]
pub struct LiveRegionProps {
    /// The latest announcement; changing it makes screen readers say it.
    pub message: AttrValue,
}

/// A polite live region: announcements wait until the screen reader is quiet. Render it
/// once, empty, before the first announcement, so it is watched when the message arrives.
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn live_region(props: &LiveRegionProps) -> Html {
    html! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">
            { &props.message }
        </div>
    }
}
