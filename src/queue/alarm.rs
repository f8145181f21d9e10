//! Getting the patient's attention when called, with what the device allows: a short
//! beep (Web Audio; silent where the browser blocks sound before a tap), a vibration
//! (where supported), the tab's title flashing until the patient comes back to the page,
//! and, on a board, the call read out (speech synthesis). Each is a best effort: a browser
//! without it simply skips it, and the banner on the page says the same in any case.

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use careway_core::locale::Lang;

use crate::hooks::use_effect_on;

/// How often the title changes while it flashes.
const FLASH_MS: u32 = 1_000;

/// Two short high tones, about half a second in all.
pub fn beep() {
    let Some(context) = crate::platform::window().and_then(|_| web_sys::AudioContext::new().ok())
    else {
        return;
    };
    // A page the patient tapped on may play sound; resuming asks for it (a promise the
    // browser may refuse: then there is no sound, and no harm).
    let _ = context.resume();
    let start = context.current_time();
    for (i, at) in [0.0, 0.25].into_iter().enumerate() {
        let (Ok(tone), Ok(gain)) = (context.create_oscillator(), context.create_gain()) else {
            break;
        };
        tone.frequency()
            .set_value(if i == 0 { 880.0 } else { 1_175.0 });
        gain.gain().set_value(0.2);
        let connected = tone.connect_with_audio_node(&gain).is_ok()
            && gain.connect_with_audio_node(&context.destination()).is_ok();
        if connected {
            let _ = tone.start_with_when(start + at);
            let _ = tone.stop_with_when(start + at + 0.18);
        }
    }
    // Browsers allow only a few audio contexts: this one goes once it has played.
    Timeout::new(1_500, move || {
        let _ = context.close();
    })
    .forget();
}

/// A short vibration pattern, where the device has a vibrator and the browser allows it.
pub fn vibrate() {
    if let Some(window) = crate::platform::window() {
        let pattern = js_sys::Array::of3(&300.into(), &150.into(), &300.into());
        // `false` (not supported, or not allowed without a tap) changes nothing.
        let _ = window.navigator().vibrate_with_pattern(&pattern);
    }
}

/// Reads `text` out in `lang`, where the browser can speak; nothing otherwise.
pub fn speak(text: &str, lang: Lang) {
    let Some(synth) = crate::platform::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(lang.tag());
        utterance.set_rate(0.9);
        synth.speak(&utterance);
    }
}

/// Flashes the document's title with `message` while it is `Some`, alternating with the
/// title it had, and puts that title back afterwards (and on unmount). `on_focus` is told
/// when the window gets the focus while flashing: the patient is back on the page.
#[hook]
pub fn use_title_flash(message: Option<String>, on_focus: Callback<()>) {
    use_effect_on(message, move |message| {
        let document = crate::platform::window().and_then(|w| w.document());
        let running = match (message.clone(), document) {
            (Some(message), Some(document)) => {
                let original = document.title();
                let flashing = {
                    let (document, original) = (document.clone(), original.clone());
                    document.set_title(&message);
                    let mut on = true;
                    Interval::new(FLASH_MS, move || {
                        on = !on;
                        document.set_title(if on { &message } else { &original });
                    })
                };
                let focus = crate::platform::window().map(|window| {
                    let target: &web_sys::EventTarget = window.unchecked_ref();
                    EventListener::new(target, "focus", move |_| on_focus.emit(()))
                });
                Some((document, original, flashing, focus))
            }
            _ => None,
        };
        move || {
            if let Some((document, original, flashing, focus)) = running {
                drop(flashing);
                drop(focus);
                document.set_title(&original);
            }
        }
    });
}
