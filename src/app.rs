//! The app: its routes, the providers every page relies on, and the shell that frames the
//! pages (header, tab bar or kiosk bar, idle countdown).

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::button::{button_style, Button, Variant};
use crate::components::header::Header;
use crate::components::icon::{Icon, IconKind};
use crate::components::idle_overlay::IdleOverlay;
use crate::components::language::LanguageSwitch;
use crate::components::layout::Layout;
use crate::components::nav_link::NavLink;
use crate::components::tab_bar::{Tab, TabBar};
use crate::contexts::display::{use_display, DisplayProvider};
use crate::contexts::locale::{use_locale, LocaleProvider};
use crate::contexts::meta::{use_meta, MetaProvider};
use crate::contexts::session::{use_session, SessionProvider};
use crate::hooks::{use_idle, use_keep_alive, use_start_over, FetchState};
use crate::pages::appointments::{AppointmentPage, AppointmentsPage};
use crate::pages::booking::BookingPage;
use crate::pages::confirm::ConfirmPage;
use crate::pages::department::DepartmentPage;
use crate::pages::home::HomePage;
use crate::pages::inbox::InboxPage;
use crate::pages::kiosk::KioskSwitchPage;
use crate::pages::login::LoginPage;
use crate::pages::me::MePage;
use crate::pages::navigation::NavigationPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::patient_edit::PatientEditPage;
use crate::pages::queue::QueuePage;
use crate::pages::reports::ReportsPage;
use crate::pages::triage::TriagePage;
use crate::theme::ThemeStyles;

/// Every address of the app. The server answers each with `index.html`.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// The hospital and its five services.
    #[at("/")]
    Home,
    /// Booking an appointment: the departments, the symptom guide, the appointments.
    #[at("/booking")]
    Booking,
    /// The symptom guide: which department to book.
    #[at("/booking/triage")]
    Triage,
    /// A department's doctors and their time windows.
    #[at("/booking/department/:id")]
    Department {
        /// The department's id.
        id: String,
    },
    /// Booking a time window for a family member (needs a login); `?department=` names the
    /// department whose schedule it is in.
    #[at("/booking/confirm/:slot")]
    Confirm {
        /// The window's id.
        slot: String,
    },
    /// The account's appointments, upcoming and past (needs a login).
    #[at("/appointments")]
    Appointments,
    /// One appointment: the check-in code, cancelling, moving (needs a login).
    #[at("/appointments/:id")]
    Appointment {
        /// The appointment's id.
        id: String,
    },
    /// Finding the way inside the hospital.
    #[at("/navigation")]
    Navigation,
    /// The queue.
    #[at("/queue")]
    Queue,
    /// Lab and imaging reports.
    #[at("/reports")]
    Reports,
    /// Surveys, follow-up questionnaires and messages.
    #[at("/inbox")]
    Inbox,
    /// The patient's own page: account, family members, settings.
    #[at("/me")]
    Me,
    /// Adding a family member (needs a login).
    #[at("/me/patients/new")]
    PatientNew,
    /// Editing a family member (needs a login).
    #[at("/me/patients/:id/edit")]
    PatientEdit {
        /// The member's id.
        id: String,
    },
    /// Logging in.
    #[at("/login")]
    Login,
    /// Makes this device a lobby kiosk, then goes home.
    #[at("/kiosk")]
    KioskEnter,
    /// Makes this device an ordinary browser again, then goes home (for IT staff).
    #[at("/kiosk/exit")]
    KioskExit,
    /// Any address the app does not know.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The page for each route.
pub fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HomePage /> },
        Route::Booking => html! { <BookingPage /> },
        Route::Triage => html! { <TriagePage /> },
        Route::Department { id } => {
            let key = id.clone();
            html! { <DepartmentPage {key} {id} /> }
        }
        Route::Confirm { slot } => {
            let key = slot.clone();
            html! { <ConfirmPage {key} {slot} /> }
        }
        Route::Appointments => html! { <AppointmentsPage /> },
        Route::Appointment { id } => {
            let key = id.clone();
            html! { <AppointmentPage {key} {id} /> }
        }
        Route::Navigation => html! { <NavigationPage /> },
        Route::Queue => html! { <QueuePage /> },
        Route::Reports => html! { <ReportsPage /> },
        Route::Inbox => html! { <InboxPage /> },
        Route::Me => html! { <MePage /> },
        Route::PatientNew => html! { <PatientEditPage /> },
        Route::PatientEdit { id } => {
            let key = id.clone();
            html! { <PatientEditPage key={key} id={Some(id)} /> }
        }
        Route::Login => html! { <LoginPage /> },
        Route::KioskEnter => html! { <KioskSwitchPage enter=true /> },
        Route::KioskExit => html! { <KioskSwitchPage enter=false /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

/// The properties of [`Providers`].
#[derive(Properties, PartialEq)]
pub struct ProvidersProps {
    /// The app, or in tests the component under test.
    pub children: Html,
}

/// The contexts every page relies on, in dependency order (the meta request needs the
/// language), plus the theme's global styles.
#[component]
pub fn Providers(props: &ProvidersProps) -> Html {
    html! {
        <LocaleProvider>
            <DisplayProvider>
                <SessionProvider>
                    <MetaProvider>
                        <ThemeStyles />
                        { props.children.clone() }
                    </MetaProvider>
                </SessionProvider>
            </DisplayProvider>
        </LocaleProvider>
    }
}

/// The whole app.
#[component]
pub fn App() -> Html {
    // Effects run after the children rendered: the first page is on screen now.
    use_effect_with((), |()| mark_mounted());
    html! {
        <Providers>
            <BrowserRouter>
                <Shell />
            </BrowserRouter>
        </Providers>
    }
}

/// Removes the loading screen of `index.html` and tells its watchdog (`boot.js`) that the
/// app started, so it does not show the "cannot start" message.
fn mark_mounted() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
    if let Some(message) = document.get_element_by_id("nowasm") {
        // The watchdog may have given up on a very slow network before the app arrived.
        let _ = message.set_attribute("hidden", "");
    }
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}

/// After moving to another page (not on the first one), scrolls to the top and puts the
/// focus on `<main>`, so the new page starts at its heading and a screen reader announces
/// it, instead of staying on the link that was tapped.
#[hook]
fn use_focus_on_navigation(route: Route) {
    let first = use_mut_ref(|| true);
    use_effect_with(route, move |_| {
        if std::mem::replace(&mut *first.borrow_mut(), false) {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        window.scroll_to_with_x_and_y(0.0, 0.0);
        let main = window
            .document()
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let _ = main.focus();
        }
    });
}

/// The frame around the pages: the header with the display controls, the tab bar on phones,
/// and on a kiosk the start-over button and the idle countdown.
#[component]
fn Shell() -> Html {
    let locale = use_locale();
    let display = use_display();
    let meta = use_meta();
    let session = use_session();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let start_over = use_start_over();
    let t = locale.t();
    let lang = locale.lang();

    // A kiosk already showing a fresh home page has nothing to clear: no countdown.
    let fresh = route == Route::Home
        && locale.is_device_default()
        && !display.elder
        && !session.signed_in();
    let idle = use_idle(
        display.kiosk && !fresh,
        meta.kiosk_idle_seconds(),
        start_over.clone(),
    );

    // A kiosk session ends on the server after its idle time without requests; touches
    // tell the server someone is still there (a third of that time apart at most).
    let keep_alive = session
        .info()
        .filter(|info| info.kiosk)
        .map(|info| (info.idle_timeout_seconds / 3).max(1));
    let ping = {
        let session = session.clone();
        Callback::from(move |()| session.refresh())
    };
    use_keep_alive(keep_alive, ping);

    use_focus_on_navigation(route.clone());

    let name = meta.hospital_name(lang).map(AttrValue::from);
    {
        let title = name.clone().unwrap_or(AttrValue::Static(t.app_name));
        use_effect_with(title, |title| {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(title);
            }
        });
    }

    let on_lang = {
        let locale = locale.clone();
        Callback::from(move |lang| locale.set(lang))
    };
    let on_large_text = {
        let display = display.clone();
        Callback::from(move |()| display.toggle_elder())
    };
    let header = html! {
        <Header
            name={name}
            loading={matches!(*meta, FetchState::Loading)}
            fallback={t.app_name}
        >
            <Button variant={Variant::Secondary} icon={IconKind::TextSize}
                pressed={Some(display.elder)} onclick={on_large_text}>
                { t.large_text }
            </Button>
            <LanguageSwitch current={lang} on_change={on_lang} />
            if display.kiosk {
                // No tab bar on a kiosk: this is the way to log in and to one's own page.
                if session.signed_in() {
                    <NavLink to={Route::Me} current={route == Route::Me}
                        class={button_style(Variant::Secondary)}>
                        <Icon kind={IconKind::User} />{ t.nav_me }
                    </NavLink>
                } else {
                    <NavLink to={Route::Login} next={AttrValue::Static("/me")}
                        class={button_style(Variant::Secondary)}>
                        <Icon kind={IconKind::User} />{ t.log_in }
                    </NavLink>
                }

                <Button variant={Variant::Primary} icon={IconKind::StartOver}
                    onclick={start_over.clone()}>
                    { t.start_over }
                </Button>
            }
        </Header>
    };

    let tab_bar = (!display.kiosk).then(|| {
        // The tab of the section the page belongs to.
        let section = match route {
            Route::Triage
            | Route::Department { .. }
            | Route::Confirm { .. }
            | Route::Appointments
            | Route::Appointment { .. } => Route::Booking,
            Route::PatientNew | Route::PatientEdit { .. } => Route::Me,
            ref other => other.clone(),
        };
        let tab = |to: Route, label: &'static str, icon: IconKind| Tab {
            label: AttrValue::Static(label),
            icon,
            current: section == to,
            to,
        };
        let tabs = vec![
            tab(Route::Home, t.nav_home, IconKind::Home),
            tab(Route::Booking, t.nav_booking, IconKind::Calendar),
            tab(Route::Inbox, t.nav_inbox, IconKind::Message),
            tab(Route::Me, t.nav_me, IconKind::User),
        ];
        html! { <TabBar label={t.nav_label} {tabs} /> }
    });

    let overlay = match idle.seconds_left {
        Some(seconds_left) => html! {
            <IdleOverlay
                title={t.idle_title}
                message={(t.idle_countdown)(seconds_left)}
                {seconds_left}
                continue_label={t.idle_continue}
                on_continue={idle.keep_going.clone()}
            />
        },
        None => Html::default(),
    };

    html! {
        <Layout skip_label={t.skip_to_content} {header} {tab_bar} {overlay}>
            <Switch<Route> render={switch} />
        </Layout>
    }
}
