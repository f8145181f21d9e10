//! End to end: booking in the release build of the app on the real server, clicked through
//! in headless Chromium. A patient logs in, asks the symptom guide about a three-day
//! headache, books the neurologist it suggests for their mother, checks in with the QR
//! code on the appointment page, and cancels; a red-flag symptom gets emergency advice and
//! no way to book; on a kiosk (and in elder mode) the schedule and the confirmation stay
//! usable, and an appointment moves to another window. Run by `cargo xtask test`; plain
//! `cargo test` skips these.

mod common;

use common::browser::{Browser, Screen, Server};

/// The first doctor with places to book.
const OPEN_DOCTOR: &str = "//button[contains(@class,'doctor') and .//span[contains(@class,'ok')]]";
/// The first day of the strip with places to book.
const OPEN_DAY: &str = "//div[contains(@class,'strip')]/button[not(contains(@class,'off'))]";
/// The first time window that can be booked.
const OPEN_WINDOW: &str = "//button[contains(@class,'window') and not(@aria-disabled)]";

/// Whether the check-in QR code image loaded (an `<img>` that failed has no width).
async fn qr_loaded(browser: &Browser) -> bool {
    browser
        .eval(
            "const img = document.querySelector('img.qr'); \
             return !!img && img.complete && img.naturalWidth > 0;",
        )
        .await
        .as_bool()
        .unwrap_or(false)
}

/// The page scrolls sideways by this many pixels (0 when everything fits).
async fn overflow(browser: &Browser) -> f64 {
    browser
        .eval("return document.documentElement.scrollWidth - window.innerWidth")
        .await
        .as_f64()
        .unwrap_or(1.0)
}

/// On a department page: chooses the first doctor with places, a day with places, and that
/// day's first open window.
async fn pick_a_window(browser: &Browser) {
    browser.click_at(OPEN_DOCTOR).await;
    browser.find("//h2[@id='times-heading']").await;
    browser.click_at(OPEN_DAY).await;
    browser.click_at(OPEN_WINDOW).await;
    browser
        .until("the confirmation page", || async {
            browser.path().await.starts_with("/booking/confirm/")
        })
        .await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_patient_books_the_suggested_department_for_their_mother_and_cancels() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    // Logged in first, the booking page is where the login returns to.
    browser.open("/login?next=%2Fbooking").await;
    browser.see("演示账号").await;
    browser.log_in_as_demo().await;
    browser.at("/booking").await;
    browser.see("不知道挂哪个科？智能导诊").await;
    browser.see("急诊不需预约，请直接前往").await;
    browser.screenshot("booking-home").await;

    // The search filters as the patient types, by pinyin initials too.
    browser.type_into("department-search", "sjnk").await;
    browser.see("找到 1 个科室").await;
    browser.screenshot("booking-search").await;

    // The symptom guide: a headache for three days, for the mother.
    browser.click("智能导诊").await;
    browser.at("/booking/triage").await;
    browser.see("为谁咨询").await;
    browser.see("王秀英（父母）").await;
    browser.type_into("triage-text", "头痛三天").await;
    browser.click_at("//form//button[@type='submit']").await;
    let reason = browser.see("→ 神经内科").await;
    assert!(
        reason.text().await.unwrap_or_default().contains("头痛"),
        "the reason names the patient's own words"
    );
    browser.see("导诊建议仅供参考，不能代替医生的诊断。").await;
    browser.screenshot("booking-triage-result").await;

    // Book the department it suggests: a doctor, a day, an open window.
    browser.click_centered("预约此科室 神经内科").await;
    browser.at("/booking/department/neurology").await;
    browser.see("选择医生").await;
    browser.screenshot("booking-department").await;
    browser.click_at(OPEN_DOCTOR).await;
    browser.find("//h2[@id='times-heading']").await;
    browser.click_at(OPEN_DAY).await;
    browser.find(OPEN_WINDOW).await;
    browser
        .eval("document.getElementById('times-heading').scrollIntoView()")
        .await;
    browser.screenshot("booking-schedule").await;
    browser.click_at(OPEN_WINDOW).await;
    browser
        .until("the confirmation page", || async {
            browser.path().await.starts_with("/booking/confirm/")
        })
        .await;

    // For the mother, not the default member.
    browser.see("请于").await;
    browser.see("门诊楼 4 楼").await;
    // What to do before the visit, before booking it.
    browser.see("就诊须知").await;
    browser.see("请携带身份证").await;
    browser.see("王秀英").await;
    browser
        .click_at("//label[contains(@class,'member') and .//*[text()='王秀英']]")
        .await;
    browser.screenshot("booking-confirm").await;
    browser
        .click_at("//button[not(@type='submit') and normalize-space(.)='确认预约']")
        .await;

    // The appointment: booked, with the QR code to check in and the details.
    browser
        .until("the appointment page", || async {
            browser.path().await.starts_with("/appointments/")
        })
        .await;
    browser.see("预约成功").await;
    browser.see("签到码").await;
    browser.see("王秀英").await;
    browser.see("神经内科").await;
    browser.see("加入日历").await;
    browser
        .until("the QR code to load", || qr_loaded(&browser))
        .await;
    assert!(
        overflow(&browser).await <= 0.0,
        "nothing wider than the phone"
    );
    browser.screenshot("booking-appointment").await;

    // Cancelling asks first, with an optional reason.
    browser
        .click_at("//button[normalize-space(.)='取消预约']")
        .await;
    browser.find("//*[@role='alertdialog']").await;
    browser.type_into("cancel-reason", "已经好转").await;
    browser.screenshot("booking-cancel-dialog").await;
    browser
        .click_at("//*[@role='alertdialog']//button[normalize-space(.)='取消预约']")
        .await;
    browser.see("已取消：已经好转").await;
    browser.see("重新预约").await;
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('img.qr').length")
            .await,
        0,
        "no check-in code for a cancelled visit"
    );
    browser.screenshot("booking-cancelled").await;

    // It is among the past appointments now, not the upcoming ones.
    browser.click_centered("我的预约").await;
    browser.at("/appointments").await;
    browser.see("暂无待就诊的预约").await;
    browser.click("历史预约").await;
    browser.see("已取消").await;
    browser.see("神经内科 · ").await;
    browser.screenshot("booking-past").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_red_flag_gets_emergency_advice_and_no_booking() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    // No login needed: the guide asks for an age and sex instead.
    browser.open("/booking/triage").await;
    browser.see("年龄（选填）").await;
    browser.type_into("triage-text", "胸口痛，出冷汗").await;
    browser.click_at("//form//button[@type='submit']").await;
    browser
        .find("//*[@role='alert' and .//a[@href='tel:120']]")
        .await;
    browser.see("拨打 120 急救电话").await;
    browser.see("急诊科").await;
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('a[href^=\"/booking/department\"]').length")
            .await,
        0,
        "no way to book"
    );
    browser.screenshot("booking-red-flag").await;

    // The same in English.
    browser.click("Switch to English").await;
    browser.see("Get emergency care now").await;
    browser.see("Call 120").await;
    browser.screenshot("booking-red-flag-en").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn on_a_kiosk_and_in_elder_mode_a_booking_is_made_and_moved() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;

    browser.open("/kiosk").await;
    browser.at("/").await;
    // Kiosks have no tab bar: the top bar leads to the login and back to the booking.
    browser.click("登录").await;
    browser.at("/login").await;
    browser.click("手机号").await;
    browser.log_in_as_demo().await;
    browser.at("/me").await;
    browser.see("我的").await;

    browser.open("/booking/department/neurology").await;
    browser.see("选择日期").await;
    browser.screenshot("booking-kiosk-department").await;
    pick_a_window(&browser).await;
    browser.see("请于").await;
    browser.screenshot("booking-kiosk-confirm").await;

    // Elder mode: larger, and still nothing wider than the screen.
    browser.click("大字").await;
    browser
        .until("elder mode", || async {
            browser
                .eval("return parseFloat(getComputedStyle(document.body).fontSize)")
                .await
                .as_f64()
                .unwrap_or(0.0)
                >= 24.0
        })
        .await;
    assert!(overflow(&browser).await <= 0.0);
    browser.screenshot("booking-kiosk-elder-confirm").await;
    browser
        .click_at("//button[not(@type='submit') and normalize-space(.)='确认预约']")
        .await;
    browser.see("预约成功").await;
    browser
        .until("the QR code to load", || qr_loaded(&browser))
        .await;
    browser.screenshot("booking-kiosk-elder-appointment").await;
    let first = browser.path().await;

    // Moving it: the same doctor's schedule, another window, the old one given up.
    browser.click("改期").await;
    browser.see("选择新的时段").await;
    browser.screenshot("booking-kiosk-elder-reschedule").await;
    // Another day than the booked one (the same day in the same department is one visit).
    browser.click_at(&format!("({OPEN_DAY})[last()]")).await;
    browser.click_at(OPEN_WINDOW).await;
    browser.see("新时段预约成功后，原预约自动取消").await;
    browser
        .click_at("//button[not(@type='submit') and normalize-space(.)='确认改期']")
        .await;
    browser.see("改期成功").await;
    assert_ne!(browser.path().await, first, "a new appointment");
    browser.screenshot("booking-kiosk-elder-moved").await;

    // The old one is cancelled.
    browser.open(&first).await;
    browser.see("已取消").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_schedule_and_the_confirmation_fit_a_phone_in_elder_mode() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    browser
        .open("/login?next=%2Fbooking%2Fdepartment%2Fcardiology")
        .await;
    browser.see("演示账号").await;
    browser.log_in_as_demo().await;
    browser.at("/booking/department/cardiology").await;
    browser.click_centered("大字").await;
    browser.see("选择医生").await;
    browser.click_at(OPEN_DOCTOR).await;
    browser.find(OPEN_WINDOW).await;
    assert!(
        overflow(&browser).await <= 0.0,
        "nothing wider than the phone"
    );
    browser.screenshot("booking-elder-schedule").await;
    browser.click_at(OPEN_WINDOW).await;
    browser.see("请于").await;
    assert!(
        overflow(&browser).await <= 0.0,
        "nothing wider than the phone"
    );
    browser.screenshot("booking-elder-confirm").await;

    // A member added on the way comes back to this confirmation, ready to choose.
    let confirm = browser.path().await;
    browser.click_centered("添加就诊人").await;
    browser.at("/me/patients/new").await;
    browser.type_into("patient-name", "王小明").await;
    browser
        .type_into("patient-id-number", "440106201506010019")
        .await;
    browser.click_at("//input[@id='patient-sex']").await;
    browser
        .eval(
            "const input = document.getElementById('patient-birth-date'); \
             input.value = '2015-06-01'; \
             input.dispatchEvent(new Event('input', { bubbles: true })); \
             input.dispatchEvent(new Event('change', { bubbles: true }));",
        )
        .await;
    browser.type_into("patient-phone", "139 1234 5678").await;
    browser.click_at("//input[@id='patient-relation-1']").await;
    browser.click_centered("保存").await;
    browser.at(&confirm).await;
    assert_eq!(
        browser.eval("return location.search").await,
        "?department=cardiology",
        "the confirmation's department came back too"
    );
    browser.see("王小明").await;
    browser.see("请于").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_window_taken_meanwhile_says_so_and_leads_back_to_the_schedule() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    browser
        .open("/login?next=%2Fbooking%2Fdepartment%2Fneurology")
        .await;
    browser.see("演示账号").await;
    browser.log_in_as_demo().await;
    browser.at("/booking/department/neurology").await;
    browser.click_at(OPEN_DOCTOR).await;
    // A window with one place left.
    let last_place = "//button[contains(@class,'window') and not(@aria-disabled) \
                      and .//span[normalize-space(.)='余 1']]";
    let mut found = false;
    for day in 1..=15 {
        let day = format!("({OPEN_DAY})[{day}]");
        if browser
            .client
            .find(fantoccini::Locator::XPath(&day))
            .await
            .is_err()
        {
            break;
        }
        browser.click_at(&day).await;
        if browser
            .client
            .find(fantoccini::Locator::XPath(last_place))
            .await
            .is_ok()
        {
            found = true;
            break;
        }
    }
    assert!(found, "the demo schedule has a window with one place left");
    browser.click_at(last_place).await;
    browser.see("请于").await;

    // Someone else (here: the same account, for the other member) takes the last place.
    let slot = browser
        .path()
        .await
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let status = browser
        .client
        .execute_async(
            "const [slot, done] = arguments;
             const headers = { 'Content-Type': 'application/json', 'X-Careway-Csrf': '1' };
             fetch('/api/v1/patients', { credentials: 'same-origin' })
               .then(r => r.json())
               .then(list => fetch('/api/v1/appointments', { method: 'POST', headers,
                   credentials: 'same-origin',
                   body: JSON.stringify({ slot_id: slot, patient_id: list[0].id }) }))
               .then(r => done(r.status), () => done(0));",
            vec![serde_json::json!(slot)],
        )
        .await
        .expect("the script runs");
    assert_eq!(status, 201, "the last place is taken");

    browser
        .click_at("//label[contains(@class,'member') and .//*[text()='王秀英']]")
        .await;
    browser
        .click_at("//button[not(@type='submit') and normalize-space(.)='确认预约']")
        .await;
    browser.see("刚刚被约满，请选择其他时段。").await;
    browser.see("约满").await;
    browser.screenshot("booking-slot-taken").await;
    browser.click_centered("选择其他时段").await;
    browser.at("/booking/department/neurology").await;

    browser.close().await;
}
