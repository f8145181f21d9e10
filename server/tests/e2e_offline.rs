//! End to end: the service worker (`assets/sw.js`) and the offline banner. A kiosk that
//! loses the server still opens its home page from the saved copy and says it is offline;
//! a new release is picked up by the next load, and saved in place of the old one; the
//! journeys' pieces are saved with the rest, and one that cannot be fetched says so and
//! opens on a retry. The network is taken away by stopping the server, so the browser
//! meets a refused connection as it would with the cable pulled. Run by `cargo xtask test`.

mod common;

use std::path::Path;

use common::browser::{built_app, Browser, Screen, StoppableServer};

const HOSPITAL: &str = "康途示范医院";
const BANNER_ZH: &str = "网络已断开";
const BANNER_EN: &str = "Offline: showing the saved page";

/// Whether the offline banner is on screen.
const BANNER_SHOWN: &str = "const b = document.getElementById('offline'); \
                            return !!b && !b.hidden && b.getBoundingClientRect().height > 0;";

/// The name of the file of `dist` whose name starts with `prefix` and ends with `suffix`.
fn file_named(dist: &Path, prefix: &str, suffix: &str) -> String {
    std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}…{suffix} in {}", dist.display()))
}

/// Fails unless the offline banner shows, in the page's language (`text` is the start of
/// its visible text), and leaves the page's own controls uncovered: at the top of the page
/// every button and link starts below the banner and is the element hit at its centre;
/// scrolled down, so do the sticky header's.
async fn banner_shows_without_covering(browser: &Browser, text: &str, what: &str) {
    browser
        .until("the offline banner", || async {
            browser.eval(BANNER_SHOWN).await == true
        })
        .await;
    let shown = browser
        .eval("return document.getElementById('offline').innerText.trim()")
        .await;
    assert!(
        shown.as_str().is_some_and(|shown| shown.starts_with(text)),
        "{what}: the banner says {shown}"
    );
    let covered = "const banner = document.getElementById('offline');
         const bottom = banner.getBoundingClientRect().bottom;
         const controls = arguments[0];
         return [...document.querySelectorAll(controls)]
           // The skip link is off screen on purpose until it has the focus.
           .filter(e => !e.matches('.skip:not(:focus)'))
           .filter(e => {
             const r = e.getBoundingClientRect();
             if (r.width === 0 || r.height === 0 || r.bottom <= 0) return false;
             const x = r.left + r.width / 2, y = r.top + r.height / 2;
             if (y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
             const hit = document.elementFromPoint(x, y);
             return r.top < bottom - 0.5 || !hit || banner.contains(hit);
           })
           .map(e => e.outerHTML.slice(0, 120) + ' (banner bottom ' + Math.round(bottom) + 'px)');";
    let check = |controls: &'static str| async move {
        browser
            .client
            .execute(covered, vec![serde_json::json!(controls)])
            .await
            .unwrap_or_else(|e| panic!("{what}: cannot measure: {e}"))
    };
    browser.eval("window.scrollTo(0, 0); return true;").await;
    let at_top = check("#app button, #app a, #app [role=button]").await;
    assert_eq!(
        at_top,
        serde_json::json!([]),
        "{what}: the banner covers the page's controls"
    );
    browser.eval("window.scrollTo(0, 600); return true;").await;
    let scrolled = check("#app header button, #app header a").await;
    browser.eval("window.scrollTo(0, 0); return true;").await;
    assert_eq!(
        scrolled,
        serde_json::json!([]),
        "{what}: scrolled down, the banner covers the header's controls"
    );
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.offline")
            .await,
        "1",
        "{what}: <html data-offline> tells the app too"
    );
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_kiosk_opens_its_home_page_from_the_saved_copy_when_the_server_is_gone() {
    let dist = built_app();
    let mut server = StoppableServer::start(&dist, 90).await;

    // The worker itself is revalidated on every load, so a new one is found at once.
    let sw = server.app.get("/sw.js").await;
    assert_eq!(sw.status, 200, "{}", sw.text());
    assert_eq!(sw.header("cache-control"), "no-cache");
    assert!(
        sw.header("content-type").contains("javascript"),
        "{}",
        sw.header("content-type")
    );

    let browser = Browser::start(&server.base, Screen::Kiosk).await;
    browser.open("/kiosk").await;
    browser.see(HOSPITAL).await;
    browser.at("/").await;
    browser.see("重新开始").await;
    browser.wait_for_service_worker().await;
    assert_eq!(
        browser.eval(BANNER_SHOWN).await,
        false,
        "no banner while online"
    );

    // The app's files are saved; nothing the API answered is.
    let wasm = file_named(&dist, "careway-", "_bg.wasm");
    let saved = browser.saved_files().await;
    assert!(
        saved.contains(&format!("/{wasm}")) && saved.contains(&"/".to_owned()),
        "the page and the app's files are saved: {saved:?}"
    );
    assert!(
        saved.iter().all(|path| !path.starts_with("/api")),
        "nothing under /api is saved: {saved:?}"
    );
    // So is every journey's piece, though none was opened yet: the kiosk keeps them all.
    let pieces = browser
        .eval(
            "return [...document.querySelectorAll('meta[name=careway-piece]')].map(m => m.content)",
        )
        .await;
    let pieces: Vec<String> = serde_json::from_value(pieces).unwrap();
    assert!(
        pieces.iter().any(|p| p.starts_with("/split_visit-")),
        "the page names the journeys' pieces: {pieces:?}"
    );
    let missing: Vec<&String> = pieces.iter().filter(|p| !saved.contains(p)).collect();
    assert!(missing.is_empty(), "pieces not saved: {missing:?}");

    // The network goes away; the kiosk reloads (as after its idle reset, or a power cut).
    server.stop().await;
    browser.reload().await;
    browser.see(HOSPITAL).await;
    browser.see("预约挂号").await;
    browser.see("院内导航").await;
    browser.see("重新开始").await;
    banner_shows_without_covering(&browser, BANNER_ZH, "kiosk").await;
    browser.screenshot("offline-kiosk-home").await;
    // The worker and the saved page run under the same strict policy as the live page.
    let refused: Vec<String> = browser
        .console_log()
        .await
        .into_iter()
        .filter(|entry| entry.message.contains("Content Security Policy"))
        .map(|entry| entry.message)
        .collect();
    assert!(refused.is_empty(), "the policy refused: {refused:#?}");

    // A deep link never opened before gets the saved home page's app, which routes it.
    browser.open("/no/such/page").await;
    browser.see("返回首页").await;
    banner_shows_without_covering(&browser, BANNER_ZH, "kiosk, deep link").await;

    // A journey never opened on this kiosk still opens: its piece comes from the cache.
    browser.open("/navigation").await;
    browser.see("您在：").await;
    browser.see("请选择要去的地点").await;
    browser.screenshot("offline-kiosk-navigation").await;

    // The server comes back: the banner goes without anyone touching the kiosk.
    server.start_again().await;
    browser
        .until("the banner to go once the server answers", || async {
            browser.eval(BANNER_SHOWN).await == false
        })
        .await;
    assert_eq!(
        browser
            .eval("return document.documentElement.hasAttribute('data-offline')")
            .await,
        false
    );
    browser.screenshot("offline-kiosk-back-online").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_phone_that_goes_offline_says_so_above_the_page() {
    let dist = built_app();
    let mut server = StoppableServer::start(&dist, 90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    browser.open("/").await;
    browser.see(HOSPITAL).await;
    browser.wait_for_service_worker().await;

    // The browser reports the loss (as it does when the phone's network drops; this
    // headless browser is never offline, so it is told so): the banner shows over the
    // page as it is, and goes when the browser is back online.
    let report = |online: bool| {
        format!(
            "Object.defineProperty(navigator, 'onLine', {{ configurable: true, get: () => {online} }});
             window.dispatchEvent(new Event('{}')); return true;",
            if online { "online" } else { "offline" }
        )
    };
    browser.eval(&report(false)).await;
    banner_shows_without_covering(&browser, BANNER_ZH, "phone, browser offline").await;
    browser.assert_fits("phone, browser offline").await;
    browser.screenshot("offline-phone-reported").await;
    browser.eval(&report(true)).await;
    browser
        .until("the banner to go when the browser is online", || async {
            browser.eval(BANNER_SHOWN).await == false
        })
        .await;

    // The server is gone and the page is loaded again: the saved copy, and the banner.
    server.stop().await;
    browser.reload().await;
    browser.see(HOSPITAL).await;
    banner_shows_without_covering(&browser, BANNER_ZH, "phone, saved copy").await;
    browser.assert_fits("phone, saved copy").await;
    browser.screenshot("offline-phone-home").await;

    // In English, the banner speaks English only.
    browser.click("Switch to English").await;
    browser.see("Careway Demonstration Hospital").await;
    banner_shows_without_covering(&browser, BANNER_EN, "phone, English").await;
    browser.screenshot("offline-phone-home-en").await;

    browser.close().await;
}

/// Copies the built app into `to` as a new release would look: a marker in the page, and
/// the app's script under a new fingerprinted name, as is the script that fetches the
/// journeys' pieces (it names the app's script, so its content, and so its name, change).
fn new_release(dist: &Path, to: &Path) -> (String, String) {
    let old_js = file_named(dist, "careway-", ".js");
    let new_js = "careway-0123456789abcdef.js".to_owned();
    assert_ne!(old_js, new_js);
    copy_dir(dist, to);
    rename_in_release(to, &old_js, &new_js);
    let old_link = file_named(dist, "split-", ".js");
    rename_in_release(to, &old_link, "split-fedcba9876543210.js");
    let index = std::fs::read_to_string(to.join("index.html"))
        .unwrap()
        .replacen(
            "</head>",
            "<meta name=\"careway-release\" content=\"second\" /></head>",
            1,
        );
    assert!(index.contains("careway-release"), "the page has its marker");
    std::fs::write(to.join("index.html"), index).unwrap();
    (old_js, new_js)
}

/// Renames the file `old` of the release in `dir` to `new`, and every mention of it in the
/// page and the scripts.
fn rename_in_release(dir: &Path, old: &str, new: &str) {
    std::fs::rename(dir.join(old), dir.join(new)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|ext| ext == "js" || ext == "html")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace(old, new)).unwrap();
        }
    }
}

/// Copies `from` into `to`, leaving out the compressed twins (the server writes its own).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else if !name.ends_with(".br") && !name.ends_with(".gz") {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_new_release_is_picked_up_by_the_next_load_and_saved_in_place_of_the_old() {
    let dist = built_app();
    let mut server = StoppableServer::start(&dist, 90).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;
    browser.open("/kiosk").await;
    browser.see(HOSPITAL).await;
    browser.wait_for_service_worker().await;
    let marker =
        "return (document.querySelector('meta[name=careway-release]') || {}).content || 'first'";
    assert_eq!(browser.eval(marker).await, "first");

    // The hospital installs a new release at the same address.
    let release = tempfile::tempdir().unwrap();
    let (old_js, new_js) = new_release(&dist, release.path());
    server.replace(release.path(), 90).await;

    // One reload, as the kiosk's next load: the new page and its new files, started.
    browser.reload().await;
    browser.see(HOSPITAL).await;
    assert_eq!(
        browser.eval(marker).await,
        "second",
        "one reload brings the new release"
    );
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.app")
            .await,
        "ready",
        "the new release started"
    );
    assert_eq!(
        browser.eval(BANNER_SHOWN).await,
        false,
        "no banner while online"
    );
    let loaded = browser
        .eval(&format!(
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/{new_js}'))"
        ))
        .await;
    assert_eq!(loaded, true, "the new script {new_js} ran");

    // The new files are saved and the old ones let go.
    browser
        .until("the new release saved in place of the old", || async {
            let saved = browser.saved_files().await;
            saved.contains(&format!("/{new_js}")) && !saved.contains(&format!("/{old_js}"))
        })
        .await;
    browser.wait_for_service_worker().await;

    // And it is the new release that a network loss falls back to.
    server.stop().await;
    browser.reload().await;
    browser.see(HOSPITAL).await;
    banner_shows_without_covering(&browser, BANNER_ZH, "new release, offline").await;
    assert_eq!(
        browser.eval(marker).await,
        "second",
        "the saved copy is the new release"
    );
    browser.screenshot("offline-new-release").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_journey_whose_piece_cannot_be_fetched_says_so_and_opens_on_retry() {
    let dist = built_app();
    // A release whose piece with navigation (and the queue) does not arrive, as when its
    // request fails.
    let served = tempfile::tempdir().unwrap();
    copy_dir(&dist, served.path());
    let piece = file_named(&dist, "split_visit-", ".wasm");
    std::fs::remove_file(served.path().join(&piece)).unwrap();
    let server = StoppableServer::start(served.path(), 90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    // Opened from a wall sign: the frame is the app's, the page says what failed and how
    // to go on, in the patient's language.
    browser.open("/navigation?from=qr-3f-east").await;
    browser.see("此页面没能打开").await;
    browser.see("网络连接失败").await;
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.app")
            .await,
        "ready",
        "the app started without the piece"
    );
    browser.screenshot("piece-failed").await;

    // The piece can be fetched again: one tap on retry opens the page, no reload.
    std::fs::copy(dist.join(&piece), served.path().join(&piece)).unwrap();
    browser.click("重试").await;
    browser.see("您在：").await;
    browser.see("请选择要去的地点").await;
    browser.screenshot("piece-fetched-on-retry").await;

    browser.close().await;
}
