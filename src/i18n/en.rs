//! English, the second language.

use super::Texts;

/// Every message in English.
pub const EN: Texts = Texts {
    app_name: "Careway Patient Services",
    language_name: "English",
    switch_to_language: "Switch to English",
    skip_to_content: "Skip to main content",
    loading: "Loading…",
    retry: "Try again",
    back_home: "Back to home",
    need_help: "Need help? Call the hospital's help desk",
    call_hospital: "Call the hospital",

    nav_label: "Main navigation",
    nav_home: "Home",
    nav_booking: "Book",
    nav_inbox: "Messages",
    nav_me: "Me",

    large_text: "Large text",
    demo_badge: "Demo hospital",
    services_heading: "Services",
    meta_failed: "We can't reach the hospital's service right now",

    booking_title: "Book an appointment",
    booking_hint: "Choose a department, doctor and time",
    navigation_title: "Find your way",
    navigation_hint: "Directions to clinics, the lab and the pharmacy",
    queue_title: "Queue",
    queue_hint: "Your place in the queue and the wait",
    reports_title: "Test reports",
    reports_hint: "Lab and imaging results",
    inbox_title: "Surveys & messages",
    inbox_hint: "Questionnaires, reminders and health tips",
    login_title: "Log in",

    coming_soon: "Coming soon",
    coming_soon_body: |service| {
        format!(
            "“{service}” is not available in the app yet. For help, please call the \
             hospital's help desk or ask at the front desk."
        )
    },

    not_found_title: "Page not found",
    not_found_body: "The page you opened does not exist or has moved.",

    me_title: "Me",
    settings_heading: "Display & language",
    language_label: "Language",
    elder_mode_label: "Large text mode",
    elder_mode_hint: "Bigger text and buttons, stronger contrast",
    on: "On",
    off: "Off",
    account_heading: "Account & family members",
    account_coming_soon: "Logging in and managing family members are coming soon.",

    start_over: "Start over",
    idle_title: "Returning to the start",
    idle_countdown: |seconds| {
        format!(
            "Returning to the start in {seconds} s. What you did on this kiosk will be cleared."
        )
    },
    idle_continue: "Continue",

    error_network: "No connection. Please check your network and try again.",
    error_decode: "The service sent an answer we could not read. Please try again later.",
    error_aborted: "The request was cancelled.",
    error_status: |status| {
        format!("The service is unavailable right now (error {status}). Please try again later.")
    },
};
