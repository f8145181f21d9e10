//! The two addresses IT staff open on a lobby kiosk: `/kiosk` turns kiosk mode on for this
//! device, `/kiosk/exit` turns it off. Both then go to the home page.

use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::app::router::use_navigator;

use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::route::Route;
use crate::ui::progress::spinner;

/// The properties of [`KioskSwitchPage`].
#[derive(Properties, PartialEq)]
pub struct KioskSwitchProps {
    /// `true` for `/kiosk`, `false` for `/kiosk/exit`.
    pub enter: bool,
}

/// Turns kiosk mode on or off (remembered on the device), then replaces itself with the
/// home page, so Back does not come here again.
#[component]
pub fn KioskSwitchPage(props: &KioskSwitchProps) -> Html {
    let display = use_display();
    let navigator = use_navigator();
    let t = use_locale().t();
    use_effect_on(props.enter, move |&enter| {
        if enter {
            display.enter_kiosk();
        } else {
            display.exit_kiosk();
        }
        if let Some(navigator) = navigator {
            navigator.replace(&Route::Home);
        }
    });
    spinner(t.loading)
}
