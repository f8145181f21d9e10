//! The pages the server sends: each page's first screen drawn by the server with the
//! app's components, in the patient's language and display mode, with the values the app
//! starts from, and never anything about a patient.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use careway_core::api::PageStart;
use common::{Reply, TestApp, LOADING};

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let reply = app.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK, "GET {path}");
    assert!(
        reply.header("content-type").starts_with("text/html"),
        "GET {path}: {}",
        reply.header("content-type")
    );
    reply
}

/// The start block the page carries.
fn start_of(html: &str) -> PageStart {
    let open = "<script type=\"application/json\" id=\"careway-start\">";
    let from = html.find(open).expect("a start block") + open.len();
    let end = from + html[from..].find("</script>").unwrap();
    serde_json::from_str(&html[from..end]).expect("the start block reads")
}

/// What the server drew in `#first`.
fn first_screen(html: &str) -> &str {
    let from = html.find("<!--first-->").expect("the first screen's place") + 12;
    let end = html.find("<!--/first-->").unwrap();
    &html[from..end]
}

#[tokio::test]
async fn the_home_page_is_drawn_in_chinese_with_real_links_and_the_phone() {
    let app = TestApp::new().await;
    let html = page(&app, "/", &[]).await.text();
    let first = first_screen(&html);
    assert!(!first.contains(LOADING), "drawn, not the loading screen");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<title>康途医院</title>"), "{html}");
    assert!(first.contains("康途示范医院"), "the hospital's name");
    assert!(
        !html.contains("x-yew-comp-state"),
        "no state the app never reads"
    );
    assert!(first.contains("广州市越秀区康途路 88 号"), "its address");
    for link in [
        "href=\"/booking\"",
        "href=\"/navigation\"",
        "href=\"/queue\"",
        "href=\"/reports\"",
        "href=\"/inbox\"",
    ] {
        assert!(first.contains(link), "a real link {link}");
    }
    assert!(
        first.contains("href=\"tel:02088886666\""),
        "the phone as a link"
    );
    assert!(
        html.contains("<div id=\"app\" hidden>"),
        "the app draws hidden"
    );
    // Every class the drawing names has its style in the page.
    let classes: Vec<&str> = first
        .split("class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .flat_map(str::split_whitespace)
        .filter(|class| class.starts_with("ssr-"))
        .collect();
    assert!(classes.len() > 5, "styled by classes: {classes:?}");
    for class in classes {
        assert!(
            html.contains(&format!("<style data-style=\"{class}\">")),
            "the style of {class} comes with the page"
        );
    }
    assert!(
        !first.contains("stylist-"),
        "no class of a style the page lacks"
    );
    let start = start_of(&html);
    assert!(!start.signed_in && !start.elder && !start.kiosk);
    assert_eq!(start.today, "2026-11-23");
    assert_eq!(start.departments, None, "only /booking carries the list");
}

#[tokio::test]
async fn the_language_follows_the_saved_choice_then_the_browser() {
    let app = TestApp::new().await;
    let english = page(&app, "/", &[("accept-language", "en-GB,en;q=0.9")])
        .await
        .text();
    assert!(english.contains("<html lang=\"en\">"));
    assert!(first_screen(&english).contains("Careway Demonstration Hospital"));
    assert!(english.contains("<title>Careway Hospital</title>"));

    let chosen = page(
        &app,
        "/",
        &[("accept-language", "en"), ("cookie", "careway_prefs=zh-CN")],
    )
    .await
    .text();
    assert!(
        chosen.contains("<html lang=\"zh-CN\">"),
        "the saved choice wins"
    );
    assert!(first_screen(&chosen).contains("康途示范医院"));
}

#[tokio::test]
async fn the_booking_page_is_drawn_with_the_departments_it_starts_from() {
    let app = TestApp::new().await;
    let html = page(&app, "/booking", &[("accept-language", "en")])
        .await
        .text();
    let first = first_screen(&html);
    assert!(first.contains("Book an appointment"), "the heading");
    assert!(first.contains("All departments"));
    assert!(first.contains("Cardiology"));
    assert!(first.contains("href=\"/booking/department/cardiology\""));
    let start = start_of(&html);
    let departments = start.departments.expect("the list comes along");
    let api: Vec<careway_core::api::booking::Department> =
        app.get_as("/api/v1/departments", None).await;
    assert_eq!(departments, api, "the same list the API gives");
}

#[tokio::test]
async fn elder_and_kiosk_mode_are_drawn_from_the_cookie() {
    let app = TestApp::new().await;
    let phone = first_screen(&page(&app, "/", &[]).await.text()).to_owned();
    assert!(phone.contains("<nav"), "a phone has the tab bar");
    let html = page(&app, "/", &[("cookie", "careway_prefs=en.elder.kiosk")])
        .await
        .text();
    let first = first_screen(&html);
    assert!(first.contains("Start over"), "a kiosk's start-over button");
    assert!(!first.contains("<nav"), "no tab bar on a kiosk");
    let start = start_of(&html);
    assert!(start.elder && start.kiosk);
    assert!(first.contains("aria-pressed=\"true\""), "large text is on");
}

#[tokio::test]
async fn a_session_is_known_but_nothing_about_the_patient_is_in_the_page() {
    let app = TestApp::new().await;
    // Not the demo account, whose phone the demo's login page shows on purpose.
    let cookie = app.login("13912345678").await;
    let html = page(&app, "/me", &[("cookie", &cookie)]).await.text();
    assert!(start_of(&html).signed_in);
    for private in ["13912345678", "139****5678"] {
        assert!(!html.contains(private), "{private} must not be in the page");
    }
    let visitor = page(&app, "/me", &[]).await.text();
    assert!(!start_of(&visitor).signed_in);
    let ended = page(&app, "/", &[("cookie", "careway_session=forged")])
        .await
        .text();
    assert!(!start_of(&ended).signed_in, "a dead token is no session");
}

#[tokio::test]
async fn every_page_of_the_app_is_drawn_by_the_server() {
    let app = TestApp::new().await;
    // Logged in, so the pages that need a login are drawn too.
    let session = app.login(careway_server::demo::DEMO_PHONE).await;
    for path in [
        "/",
        "/booking",
        "/booking/triage",
        "/booking/department/cardiology",
        "/booking/confirm/s-1",
        "/appointments",
        "/appointments/a-1",
        "/navigation",
        "/queue",
        "/reports",
        "/inbox",
        "/me",
        "/me/patients/new",
        "/me/patients/p-1/edit",
        "/login",
        "/login?next=%2Fbooking",
        "/kiosk",
        "/kiosk/exit",
        "/no/such/page",
    ] {
        for prefs in ["careway_prefs=zh-CN", "careway_prefs=en.elder.kiosk"] {
            let cookie = format!("{session}; {prefs}");
            let html = page(&app, path, &[("cookie", &cookie)]).await.text();
            let first = first_screen(&html);
            assert!(!first.contains(LOADING), "{path} ({prefs}) is drawn");
            assert!(
                first.contains("id=\"main\""),
                "{path} ({prefs}) has its main"
            );
        }
    }
}

#[tokio::test]
async fn a_visitor_without_a_session_is_sent_from_a_guarded_page_to_the_login() {
    let app = TestApp::new().await;
    for (path, login) in [
        ("/reports", "/login?next=%2Freports"),
        (
            "/queue?point=clinic-s1",
            "/login?next=%2Fqueue%3Fpoint%3Dclinic-s1",
        ),
        ("/appointments/a-1", "/login?next=%2Fappointments%2Fa-1"),
        (
            "/booking/confirm/s-1",
            "/login?next=%2Fbooking%2Fconfirm%2Fs-1",
        ),
        ("/inbox", "/login?next=%2Finbox"),
        ("/me/patients/new", "/login?next=%2Fme%2Fpatients%2Fnew"),
    ] {
        // No session, or one the server no longer knows.
        for cookie in [
            "careway_prefs=zh-CN",
            "careway_session=gone; careway_prefs=en",
        ] {
            let reply = app
                .send(
                    Request::get(path)
                        .header("cookie", cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path} ({cookie})");
            assert_eq!(reply.header("location"), login, "{path}");
            assert_eq!(reply.header("cache-control"), "private, no-cache", "{path}");
        }
    }
    // Pages anyone may see are drawn as they are.
    for path in [
        "/",
        "/booking",
        "/navigation",
        "/board/cardiology",
        "/me",
        "/login",
    ] {
        page(&app, path, &[]).await;
    }
    // With a session, the guarded page itself.
    let session = app.login(careway_server::demo::DEMO_PHONE).await;
    let html = page(&app, "/reports", &[("cookie", &session)]).await.text();
    assert!(first_screen(&html).contains("id=\"main\""));
}

#[tokio::test]
async fn the_login_page_has_its_heading() {
    let app = TestApp::new().await;
    let html = page(&app, "/login", &[("accept-language", "en")])
        .await
        .text();
    assert!(first_screen(&html).contains("<h1>Log in</h1>"), "{html}");
    let reply = app
        .send(
            Request::get("/login")
                .header(header::ACCEPT_LANGUAGE, "zh-CN")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.header("cache-control"), "private, no-cache");
    assert!(reply.header("vary").contains("Cookie"));
}

#[tokio::test]
async fn a_wall_board_is_drawn_with_its_calls() {
    let app = TestApp::new().await;
    let (cookie, patient) = app.store_accounts("pb", 301, 1).await.remove(0);
    let window = common::windows(&app)
        .await
        .into_iter()
        .find(|w| w.date == app.state.today().to_string())
        .expect("an open window today");
    let appointment = app.booked(&cookie, &window.slot, &patient).await;
    let ticket: careway_core::api::queue::Ticket =
        common::check_in(&app, &cookie, &appointment.id, None)
            .await
            .parse();
    let call = format!("/api/v1/staff/queue/points/{}/call-next", ticket.point.id);
    assert_eq!(
        common::staff(&app, &call, None).await.status,
        StatusCode::OK
    );

    let area = &window.department;
    let html = page(&app, &format!("/board/{area}"), &[]).await.text();
    let first = first_screen(&html);
    assert!(first.contains(&ticket.number), "the call is drawn: {first}");
    assert!(!first.contains("患者0"), "names are masked on the wall");
    let board = start_of(&html).board.expect("the board comes along");
    let api: careway_core::api::queue::Board =
        app.get_as(&format!("/api/v1/board/{area}"), None).await;
    assert_eq!(board, api, "the same board the API gives");

    // An unknown area draws no board (the app says so after asking).
    let html = page(&app, "/board/nowhere", &[]).await.text();
    assert_eq!(start_of(&html).board, None);
}

#[tokio::test]
async fn a_page_is_sent_compressed_to_a_browser_that_accepts_it() {
    use std::io::Read;

    let app = TestApp::new().await;
    let plain = page(&app, "/", &[]).await;
    assert_eq!(
        plain.header("content-encoding"),
        "",
        "not asked for: not compressed"
    );

    let packed = page(&app, "/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(packed.header("content-encoding"), "gzip");
    let vary: Vec<&str> = packed
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        vary.iter()
            .any(|v| v.to_ascii_lowercase().contains("accept-encoding")),
        "caches keep the two apart: {vary:?}"
    );
    let mut html = String::new();
    flate2::read::GzDecoder::new(&packed.body[..])
        .read_to_string(&mut html)
        .expect("a gzip body");
    assert!(first_screen(&html).contains("康途示范医院"), "{html}");
    assert!(
        packed.body.len() * 2 < plain.body.len(),
        "{} bytes compressed, {} plain",
        packed.body.len(),
        plain.body.len()
    );
}
