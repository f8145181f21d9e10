//! A component's style as class names: [`style!`](crate::style) is `stylist::css!` whose
//! result becomes `Classes` through [`class_of`], so the same components can be drawn on
//! the server.
//!
//! In the browser a style is registered with stylist's default manager, which puts it in
//! the document. On the server (the `ssr` feature) there is no document: while
//! [`crate::ssr`] draws a page it names a manager that collects the styles instead
//! ([`with_server_manager`]), and every style drawn on that thread goes there, so the page
//! carries the styles its markup names.

use stylist::StyleSource;
use yew::Classes;

/// The class names of a style (see the module).
pub fn class_of(source: StyleSource) -> Classes {
    #[cfg(feature = "ssr")]
    if let Some(manager) = SERVER_MANAGER.with(|m| m.borrow().clone()) {
        // Only fails for CSS the macro already checked at compile time.
        if let Ok(style) = stylist::Style::new_with_manager(source.clone(), manager) {
            return Classes::from(style.get_class_name().to_owned());
        }
    }
    Classes::from(source)
}

#[cfg(feature = "ssr")]
thread_local! {
    static SERVER_MANAGER: std::cell::RefCell<Option<stylist::manager::StyleManager>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `draw` with every style on this thread going to `manager`.
#[cfg(feature = "ssr")]
pub fn with_server_manager<R>(
    manager: stylist::manager::StyleManager,
    draw: impl FnOnce() -> R,
) -> R {
    SERVER_MANAGER.with(|m| *m.borrow_mut() = Some(manager));
    let out = draw();
    SERVER_MANAGER.with(|m| *m.borrow_mut() = None);
    out
}

/// `stylist::css!`, as class names (see the module). Takes what `css!` takes.
#[macro_export]
macro_rules! style {
    ($($css:tt)*) => {
        $crate::ui::style::class_of(::stylist::css!($($css)*))
    };
}
