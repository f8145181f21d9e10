//! How the screen is shown: elder mode (larger text and targets, stronger contrast) and
//! kiosk mode (a lobby touch screen that starts over when left alone).
//!
//! Both are remembered on the device. The state is a plain [`DisplayState`] changed only by
//! [`DisplayAction`]s through [`Reducible`], so the rules are tested natively; the theme
//! reads the state and turns it into tokens.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::prefs;
use super::start::use_start;

/// The display mode of this device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DisplayState {
    /// Larger text and targets, stronger contrast.
    pub elder: bool,
    /// This device is a lobby kiosk.
    pub kiosk: bool,
}

/// The ways the display mode changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayAction {
    /// Turns elder mode on or off.
    SetElder(bool),
    /// Flips elder mode.
    ToggleElder,
    /// Makes this device a kiosk (IT staff open `/kiosk` once).
    EnterKiosk,
    /// Makes this device an ordinary browser again (`/kiosk/exit`).
    ExitKiosk,
    /// Back to how a new visitor finds the device: elder mode off, kiosk mode kept.
    StartOver,
}

impl Reducible for DisplayState {
    type Action = DisplayAction;

    fn reduce(self: Rc<Self>, action: DisplayAction) -> Rc<Self> {
        let next = match action {
            DisplayAction::SetElder(elder) => DisplayState { elder, ..*self },
            DisplayAction::ToggleElder => DisplayState {
                elder: !self.elder,
                ..*self
            },
            DisplayAction::EnterKiosk => DisplayState {
                kiosk: true,
                ..*self
            },
            DisplayAction::ExitKiosk => DisplayState {
                kiosk: false,
                ..*self
            },
            DisplayAction::StartOver => DisplayState {
                elder: false,
                ..*self
            },
        };
        // Returning the same Rc tells yew nothing changed, so nothing re-renders.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// The display mode and the ways to change it; derefs to the [`DisplayState`].
#[derive(Clone, Debug, PartialEq)]
pub struct DisplayHandle {
    state: DisplayState,
    dispatch: Callback<DisplayAction>,
}

impl Default for DisplayHandle {
    fn default() -> Self {
        DisplayHandle {
            state: DisplayState::default(),
            dispatch: Callback::noop(),
        }
    }
}

impl DisplayHandle {
    /// Turns elder mode on or off.
    pub fn set_elder(&self, on: bool) {
        self.dispatch.emit(DisplayAction::SetElder(on));
    }

    /// Flips elder mode.
    pub fn toggle_elder(&self) {
        self.dispatch.emit(DisplayAction::ToggleElder);
    }

    /// Makes this device a kiosk.
    pub fn enter_kiosk(&self) {
        self.dispatch.emit(DisplayAction::EnterKiosk);
    }

    /// Makes this device an ordinary browser again.
    pub fn exit_kiosk(&self) {
        self.dispatch.emit(DisplayAction::ExitKiosk);
    }

    /// Elder mode off for the next visitor; kiosk mode stays.
    pub fn start_over(&self) {
        self.dispatch.emit(DisplayAction::StartOver);
    }
}

impl Deref for DisplayHandle {
    type Target = DisplayState;

    fn deref(&self) -> &DisplayState {
        &self.state
    }
}

/// The properties of [`DisplayProvider`].
#[derive(Properties, PartialEq)]
pub struct DisplayProviderProps {
    /// The part of the app shown in this mode.
    pub children: Html,
}

/// Provides the display mode, read from and remembered on the device.
#[component]
pub fn DisplayProvider(props: &DisplayProviderProps) -> Html {
    let start = use_start();
    let state = use_reducer(|| DisplayState {
        elder: start.elder,
        kiosk: start.kiosk,
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_callback(dispatcher, |action, dispatcher| dispatcher.dispatch(action))
    };
    use_effect_on(*state, |state| {
        prefs::set_elder(state.elder);
        prefs::set_kiosk(state.kiosk);
    });
    let handle = DisplayHandle {
        state: *state,
        dispatch,
    };
    html! {
        <ContextProvider<DisplayHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<DisplayHandle>>
    }
}

/// The display mode of this device.
#[hook]
pub fn use_display() -> DisplayHandle {
    use_context::<DisplayHandle>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: DisplayState, action: DisplayAction) -> DisplayState {
        *Rc::new(state).reduce(action)
    }

    #[test]
    fn elder_mode_switches_and_toggles() {
        let phone = DisplayState::default();
        let elder = reduce(phone, DisplayAction::SetElder(true));
        assert!(elder.elder && !elder.kiosk);
        assert_eq!(reduce(elder, DisplayAction::ToggleElder), phone);
        assert_eq!(reduce(phone, DisplayAction::ToggleElder), elder);
    }

    #[test]
    fn kiosk_mode_enters_and_exits_without_touching_elder_mode() {
        let elder = DisplayState {
            elder: true,
            kiosk: false,
        };
        let kiosk = reduce(elder, DisplayAction::EnterKiosk);
        assert_eq!(
            kiosk,
            DisplayState {
                elder: true,
                kiosk: true
            }
        );
        assert_eq!(reduce(kiosk, DisplayAction::ExitKiosk), elder);
    }

    #[test]
    fn starting_over_turns_elder_mode_off_and_keeps_the_kiosk() {
        let state = DisplayState {
            elder: true,
            kiosk: true,
        };
        assert_eq!(
            reduce(state, DisplayAction::StartOver),
            DisplayState {
                elder: false,
                kiosk: true
            }
        );
    }

    #[test]
    fn an_action_that_changes_nothing_keeps_the_same_state() {
        let state = Rc::new(DisplayState::default());
        let next = state.clone().reduce(DisplayAction::SetElder(false));
        assert!(Rc::ptr_eq(&state, &next), "no re-render for a no-op");
        let next = state.clone().reduce(DisplayAction::SetElder(true));
        assert!(!Rc::ptr_eq(&state, &next));
    }
}
