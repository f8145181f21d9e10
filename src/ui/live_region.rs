//! An invisible region whose changes screen readers read out (queue positions, "called").

use yew::prelude::*;

/// The properties of [`LiveRegion`].
#[derive(Properties, PartialEq)]
pub struct LiveRegionProps {
    /// The latest announcement; changing it makes screen readers say it.
    pub message: AttrValue,
}

/// A polite live region: announcements wait until the screen reader is quiet. Render it
/// once, empty, before the first announcement, so it is watched when the message arrives.
#[component]
pub fn LiveRegion(props: &LiveRegionProps) -> Html {
    html! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">
            { &props.message }
        </div>
    }
}
