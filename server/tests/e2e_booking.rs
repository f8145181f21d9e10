//! End to end: booking in the release build of the app on the real server, clicked through
//! in headless Chromium. A patient logs in, asks the symptom guide about a three-day
//! headache, books the neurologist it suggests for their mother, checks in with the QR
//! code on the appointment page, and cancels; the mother chosen in the symptom guide stays
//! chosen through the department, a reload of the confirmation, Back and Forward, up to the
//! booking; a red-flag symptom gets emergency advice and no way to book; on a kiosk (and in
//! elder mode) the schedule and the confirmation stay usable, and an appointment moves to
//! another window. Run by `cargo xtask test`; plain `cargo test` skips these.

mod common;

use std::time::{Duration, Instant};

use common::browser::{Browser, Screen, Server, PATIENCE};

/// The first doctor with places to book.
const OPEN_DOCTOR: &str = "//button[contains(@class,'doctor') and .//span[contains(@class,'ok')]]";
/// The first day of the strip with places to book (not the strip's scroll buttons).
const OPEN_DAY: &str =
    "//div[@role='group' and contains(@class,'strip')]/button[contains(@class,'day') and not(contains(@class,'off'))]";
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

/// On a department page: chooses the first doctor with places, a day with places, and that
/// day's first open window.
async fn pick_a_window(browser: &Browser) {
    browser.click_at(OPEN_DOCTOR).await;
    browser.find("//h2[@id='times-heading']").await;
    browser.click_at(OPEN_DAY).await;
    browser.click_at(OPEN_WINDOW).await;
    browser.until_path_starts("/booking/confirm/").await;
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
    browser.assert_fits("the schedule").await;
    browser.click_at(OPEN_WINDOW).await;
    browser.until_path_starts("/booking/confirm/").await;

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
    browser.until_path_starts("/appointments/").await;
    browser.see("预约成功").await;
    browser.see("签到码").await;
    browser.see("王秀英").await;
    browser.see("神经内科").await;
    browser.see("加入日历").await;
    browser
        .until("the QR code to load", || qr_loaded(&browser))
        .await;
    browser.assert_fits("the appointment").await;
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
    browser.see("取消原因：已经好转").await;
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
    // Kiosks have no tab bar: the top bar leads to the login and back to where it started.
    browser.click("登录").await;
    browser.at("/login").await;
    browser.click("手机号").await;
    browser.log_in_as_demo().await;
    browser.at("/").await;
    browser.see("我的").await;

    browser.open("/booking/department/neurology").await;
    browser.see("选择日期").await;
    browser.screenshot("booking-kiosk-department").await;
    pick_a_window(&browser).await;
    browser.see("请于").await;
    browser.screenshot("booking-kiosk-confirm").await;

    // Elder mode: larger, and still nothing wider than the screen.
    browser.click("大字").await;
    browser.until_body_text_px(24.0).await;
    browser
        .assert_fits("the kiosk's confirmation in elder mode")
        .await;
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
    let moved = browser.path().await;
    assert_ne!(moved, first, "a new appointment");
    browser.screenshot("booking-kiosk-elder-moved").await;

    // The old one says where it went, and leads there.
    browser.open(&first).await;
    browser.see("已改约至").await;
    browser
        .find(&format!(
            "//main//a[@href='{moved}' and contains(normalize-space(.),'已改约至')]"
        ))
        .await;

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
    browser.assert_fits("the schedule in elder mode").await;
    browser.screenshot("booking-elder-schedule").await;
    browser.click_at(OPEN_WINDOW).await;
    browser.see("请于").await;
    browser.assert_fits("the confirmation in elder mode").await;
    browser.screenshot("booking-elder-confirm").await;

    // A member added on the way comes back to this confirmation, ready to choose.
    let confirm = browser.path().await;
    let query = browser.eval("return location.search").await;
    assert!(
        query
            .as_str()
            .is_some_and(|q| q.contains("department=cardiology")),
        "the confirmation names its department: {query}"
    );
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
    browser.see("确认就诊人手机号").await;
    browser.click_centered("一键使用").await;
    browser.click_centered("确认保存").await;
    browser.at(&confirm).await;
    assert_eq!(
        browser.eval("return location.search").await,
        query,
        "the confirmation's department and schedule came back too"
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
    browser.assert_fits("the schedule").await;
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

/// The id of the demo account's family member called `name`, as the API lists them.
async fn patient_id(browser: &Browser, name: &str) -> String {
    let id = browser
        .client
        .execute_async(
            "const [name, done] = arguments;
             fetch('/api/v1/patients', { credentials: 'same-origin' })
               .then(r => r.json())
               .then(list => done((list.find(p => p.name === name) || {}).id || ''),
                     () => done(''));",
            vec![serde_json::json!(name)],
        )
        .await
        .expect("the script runs");
    let id = id.as_str().unwrap_or_default().to_owned();
    assert!(!id.is_empty(), "the demo account has a member {name}");
    id
}

/// The labels of the checked choices in the group (`<fieldset>`) whose legend is `legend`:
/// who a patient sees chosen there.
async fn chosen_in(browser: &Browser, legend: &str) -> Vec<String> {
    browser
        .client
        .execute(
            "const [legend] = arguments;
             const group = [...document.querySelectorAll('main fieldset')]
               .find(f => f.querySelector('legend')?.textContent.trim() === legend);
             if (!group) return [];
             return [...group.querySelectorAll('input[type=radio]:checked')]
               .map(i => (i.closest('label') || i.parentElement).textContent.trim());",
            vec![serde_json::json!(legend)],
        )
        .await
        .expect("the script runs")
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Waits until the group with this legend has exactly one choice checked, the one of
/// `name`.
async fn until_chosen(browser: &Browser, legend: &str, name: &str) {
    let started = Instant::now();
    loop {
        let chosen = chosen_in(browser, legend).await;
        if chosen.len() == 1 && chosen[0].contains(name) {
            return;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "{name} is not the one chosen under {legend:?} on {}: chosen {chosen:?}",
            browser
                .client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default(),
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the address carries `patient=<id>`, and never the patient's name.
async fn until_patient_in_url(browser: &Browser, id: &str, name: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let url = browser
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let decoded: String = reqwest::Url::parse(&url)
            .map(|u| u.query_pairs().map(|(k, v)| format!("{k}={v}&")).collect())
            .unwrap_or_default();
        assert!(
            !url.contains(name) && !decoded.contains(name),
            "the patient's name is never in the address: {url}"
        );
        if browser.query_value("patient").await.as_deref() == Some(id) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the address {url} does not carry patient={id}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The whole text of the first element the XPath finds, hidden parts too (a date chip's
/// full date), with its spaces collapsed.
async fn text_content(browser: &Browser, xpath: &str) -> String {
    let element = browser.find(xpath).await;
    let arg = serde_json::to_value(&element).expect("an element serialises");
    browser
        .client
        .execute(
            "return arguments[0].textContent.replace(/\\s+/g, ' ').trim();",
            vec![arg],
        )
        .await
        .expect("the script runs")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The text of the first element the XPath finds, trimmed.
async fn text_at(browser: &Browser, xpath: &str) -> String {
    browser
        .find(xpath)
        .await
        .text()
        .await
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_patient_chosen_in_the_symptom_guide_stays_chosen_until_booked() {
    const MOTHER: &str = "王秀英";
    const ACCOUNT_HOLDER: &str = "李华";
    /// The doctor chosen on the department page.
    const CHOSEN_DOCTOR: &str =
        "//button[contains(@class,'doctor') and @aria-pressed='true']//*[contains(@class,'name')]";
    /// The day chosen in the date strip.
    const CHOSEN_DAY: &str =
        "//div[@role='group' and contains(@class,'strip')]/button[@aria-pressed='true']";

    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    browser.open("/login?next=%2Fbooking%2Ftriage").await;
    browser.see("演示账号").await;
    browser.log_in_as_demo().await;
    browser.at("/booking/triage").await;
    let mother = patient_id(&browser, MOTHER).await;

    // The guide asks for whom: the account's own patient at first, then the mother.
    browser.see("为谁咨询").await;
    until_chosen(&browser, "为谁咨询", ACCOUNT_HOLDER).await;
    browser
        .click_at(&format!(
            "//fieldset[legend[normalize-space(.)='为谁咨询']]//label[contains(normalize-space(.),'{MOTHER}')]"
        ))
        .await;
    until_chosen(&browser, "为谁咨询", MOTHER).await;
    browser.screenshot("booking-patient-triage-member").await;
    until_patient_in_url(&browser, &mother, MOTHER).await;
    browser.type_into("triage-text", "膝盖疼").await;
    browser.click_at("//form//button[@type='submit']").await;
    browser.find("//h2[@id='triage-results']").await;
    browser.screenshot("booking-patient-triage").await;

    // The department it suggests first, for her.
    let suggested = "(//section[@aria-labelledby='triage-results']\
                     //a[starts-with(@href,'/booking/department/')])[1]";
    let department = browser
        .find(suggested)
        .await
        .attr("href")
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    let department = department
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned();
    browser.click_at(suggested).await;
    browser.at(&department).await;
    until_patient_in_url(&browser, &mother, MOTHER).await;

    // A doctor, a day, a window.
    browser.click_at(OPEN_DOCTOR).await;
    browser.find("//h2[@id='times-heading']").await;
    let doctor = text_at(&browser, CHOSEN_DOCTOR).await;
    let day = text_content(&browser, OPEN_DAY).await;
    browser.click_at(OPEN_DAY).await;
    browser
        .until(&format!("the day {day} chosen"), || async {
            text_content(&browser, CHOSEN_DAY).await == day
        })
        .await;
    let window = text_at(&browser, &format!("({OPEN_WINDOW})[1]/span[1]")).await;
    browser.screenshot("booking-patient-schedule").await;
    browser.assert_fits("the schedule").await;
    browser.click_at(OPEN_WINDOW).await;
    browser.until_path_starts("/booking/confirm/").await;
    let confirm = browser.path().await;

    // The confirmation is for her, and stays so through a reload.
    browser.see("请于").await;
    until_chosen(&browser, "就诊人", MOTHER).await;
    until_patient_in_url(&browser, &mother, MOTHER).await;
    browser.screenshot("booking-patient-confirm").await;
    browser.reload().await;
    browser.see("请于").await;
    assert_eq!(browser.path().await, confirm);
    until_chosen(&browser, "就诊人", MOTHER).await;
    until_patient_in_url(&browser, &mother, MOTHER).await;

    // Back: the same doctor, day and window, still for her; forward: the confirmation again.
    browser.back().await;
    browser.at(&department).await;
    until_patient_in_url(&browser, &mother, MOTHER).await;
    assert_eq!(
        text_at(&browser, CHOSEN_DOCTOR).await,
        doctor,
        "Back returns to the doctor chosen"
    );
    let day_again = text_content(&browser, CHOSEN_DAY).await;
    assert_eq!(day_again, day, "Back returns to the day chosen");
    browser
        .find(&format!(
            "//button[contains(@class,'window') and normalize-space(span[1])='{window}']"
        ))
        .await;
    browser.screenshot("booking-patient-back").await;
    browser.forward().await;
    browser.at(&confirm).await;
    browser.see("请于").await;
    until_chosen(&browser, "就诊人", MOTHER).await;

    // Booked for her: the appointment, then the list of appointments.
    browser
        .click_at("//button[not(@type='submit') and normalize-space(.)='确认预约']")
        .await;
    browser.until_path_starts("/appointments/").await;
    browser.see("预约成功").await;
    assert_eq!(
        text_at(
            &browser,
            "//dt[normalize-space(.)='就诊人']/following-sibling::dd[1]"
        )
        .await,
        MOTHER
    );
    browser.screenshot("booking-patient-booked").await;
    browser.click_centered("我的预约").await;
    browser.at("/appointments").await;
    let card = text_at(
        &browser,
        &format!("//main//li//a[contains(normalize-space(.),'{doctor}')]"),
    )
    .await;
    assert!(
        card.contains(&format!("就诊人 {MOTHER}")),
        "the upcoming visit is for {MOTHER}: {card}"
    );
    assert!(
        !card.contains(ACCOUNT_HOLDER),
        "not for {ACCOUNT_HOLDER}: {card}"
    );
    browser.screenshot("booking-patient-appointments").await;

    browser.close().await;
}
