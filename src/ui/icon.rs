//! The app's icons, drawn inline as SVG so they need no request, scale with the text and
//! take the colour of the text around them.

use yew::prelude::*;

/// Which icon to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconKind {
    /// A house: the home page.
    Home,
    /// A calendar: booking.
    Calendar,
    /// A map pin: finding the way.
    MapPin,
    /// A numbered ticket: the queue.
    Ticket,
    /// A page with lines: reports.
    Report,
    /// A speech bubble: surveys and messages.
    Message,
    /// A person: the patient's own page.
    User,
    /// A handset: calling the hospital.
    Phone,
    /// A circular arrow: trying again.
    Retry,
    /// An arrow turning back: starting over.
    StartOver,
    /// A large and a small letter: large text.
    TextSize,
    /// A globe: languages.
    Globe,
    /// A pointer to the right: "go there".
    Chevron,
    /// A clock: something not available yet.
    Clock,
    /// An exclamation mark in a circle: a field that needs correcting.
    Alert,
    /// A plus: adding something.
    Plus,
    /// A tick: something chosen.
    Check,
    /// A key with a cross: deleting the last character on the keypad.
    Backspace,
    /// A card: logging in with a medical card or ID card.
    Card,
    /// A door with an arrow: logging out.
    LogOut,
    /// A shield: the demo aid and privacy notes.
    Info,
}

/// One shape of an icon: an SVG element and its attributes, in the order they are set.
enum Shape {
    /// `<path d>`.
    Path(&'static str),
    /// `<circle cx cy r>`.
    Circle(&'static str, &'static str, &'static str),
    /// `<rect x y width height rx>`.
    Rect(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
}

impl IconKind {
    /// The shapes the icon is drawn with, in order: data rather than markup, so the bundle
    /// carries one way of drawing a shape instead of code for every shape of every icon.
    fn shapes(self) -> &'static [Shape] {
        use Shape::{Circle, Path, Rect};
        match self {
            IconKind::Home => &[
                Path("M3 10.5 12 3l9 7.5"),
                Path("M5 9v12h14V9"),
                Path("M10 21v-6h4v6"),
            ],
            IconKind::Calendar => &[
                Rect("3", "5", "18", "16", "2"),
                Path("M8 3v4M16 3v4M3 10h18"),
                Path("M7.5 14h2M11 14h2M14.5 14h2M7.5 17.5h2M11 17.5h2"),
            ],
            IconKind::MapPin => &[
                Path("M12 21.5s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11z"),
                Circle("12", "10.5", "2.5"),
            ],
            IconKind::Ticket => &[
                Path("M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v2.5a2.5 2.5 0 0 0 0 5V17a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-2.5a2.5 2.5 0 0 0 0-5z"),
                Path("M9 9.5h6M9 14.5h6"),
            ],
            IconKind::Report => &[
                Path("M14 3H6.5A1.5 1.5 0 0 0 5 4.5v15A1.5 1.5 0 0 0 6.5 21h11a1.5 1.5 0 0 0 1.5-1.5V8z"),
                Path("M14 3v5h5"),
                Path("M8.5 13h7M8.5 17h4.5"),
            ],
            IconKind::Message => &[
                Path("M20.5 11.5a8 8 0 0 1-11.9 7L4 20l1.4-4.3a8 8 0 1 1 15.1-4.2z"),
                Path("M8.5 10h7M8.5 13.5h4.5"),
            ],
            IconKind::User => &[
                Circle("12", "8", "4"),
                Path("M4.5 21a7.5 7.5 0 0 1 15 0"),
            ],
            IconKind::Phone => &[
                Path("M21 16.5v3a2 2 0 0 1-2.2 2A18 18 0 0 1 2.5 5.2 2 2 0 0 1 4.5 3h3a2 2 0 0 1 2 1.7l.5 2.8a2 2 0 0 1-.6 1.8l-1.3 1.3a15 15 0 0 0 6.3 6.3l1.3-1.3a2 2 0 0 1 1.8-.6l2.8.5a2 2 0 0 1 1.7 2z"),
            ],
            IconKind::Retry => &[
                Path("M20 12a8 8 0 1 1-2.3-5.7"),
                Path("M20 4v5h-5"),
            ],
            IconKind::StartOver => &[
                Path("M4 12a8 8 0 1 0 2.3-5.7"),
                Path("M4 4v5h5"),
            ],
            IconKind::TextSize => &[
                Path("M3 19 8.5 5 14 19M5 14.5h7"),
                Path("M18 9v8M14 13h8"),
            ],
            IconKind::Globe => &[
                Circle("12", "12", "9"),
                Path("M3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z"),
            ],
            IconKind::Chevron => &[Path("m9 5 7 7-7 7")],
            IconKind::Clock => &[
                Circle("12", "12", "9"),
                Path("M12 7v5l3.5 2"),
            ],
            IconKind::Alert => &[
                Circle("12", "12", "9"),
                Path("M12 7.5v5.5M12 16.5v.01"),
            ],
            IconKind::Plus => &[Path("M12 5v14M5 12h14")],
            IconKind::Check => &[Path("m5 12.5 4.5 4.5L19 7.5")],
            IconKind::Backspace => &[
                Path("M21 5H9l-6 7 6 7h12z"),
                Path("m12 9.5 5 5M17 9.5l-5 5"),
            ],
            IconKind::Card => &[
                Rect("3", "5", "18", "14", "2"),
                Path("M3 10h18M7 15h4"),
            ],
            IconKind::LogOut => &[
                Path("M14 4H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h8"),
                Path("M10 12h10M16.5 8.5 20 12l-3.5 3.5"),
            ],
            IconKind::Info => &[
                Circle("12", "12", "9"),
                Path("M12 11v5.5M12 7.5v.01"),
            ],
        }
    }
}

/// One shape as its SVG element.
fn shape(shape: &Shape) -> Html {
    match *shape {
        Shape::Path(d) => html! { <path {d} /> },
        Shape::Circle(cx, cy, r) => html! { <circle {cx} {cy} {r} /> },
        Shape::Rect(x, y, width, height, rx) => html! { <rect {x} {y} {width} {height} {rx} /> },
    }
}

/// A decorative icon: hidden from screen readers, so the text next to it is the label.
pub fn icon(kind: IconKind) -> Html {
    let class = crate::style!(
        r#"
        width: 1em;
        height: 1em;
        flex: none;
        "#
    );
    html! {
        <svg {class} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
            stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            { for kind.shapes().iter().map(shape) }
        </svg>
    }
}
