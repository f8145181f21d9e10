//! English, the second language.

use super::{Span, Texts};

/// The weekdays, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// The months, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

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
    me_logged_out_title: "Log in to manage family members",
    me_logged_out_body: "Log in to book visits, read reports and answer follow-up questionnaires for yourself and your family.",
    log_in: "Log in",
    session_unknown: "We can't check whether you are logged in right now",
    session_checking: "Checking whether you are logged in…",
    session_redirecting: "Please log in first; opening the login page…",
    account_phone: "Login phone",
    log_out: "Log out",
    kiosk_session_note: |seconds| {
        format!(
            "This is a shared kiosk: please log out before you leave. After {seconds} s \
             without a touch you are logged out."
        )
    },

    family_heading: "Family members",
    family_count: |n, max| format!("{n} of {max}"),
    family_empty: "No family members yet. Add yourself or a relative to book visits and read reports.",
    family_failed: "We can't load your family members right now",
    add_member: "Add family member",
    member_limit: |max| {
        format!("You can add up to {max} family members. Remove one you no longer need to add another.")
    },
    default_badge: "Default",
    edit: "Edit",
    edit_named: |name| format!("Edit {name}"),
    set_default: "Make default",
    set_default_named: |name| format!("Make default: {name}"),
    remove: "Remove",
    remove_named: |name| format!("Remove {name}"),
    remove_title: "Remove family member",
    remove_question: |name| {
        format!("Remove “{name}” from your family members? You will no longer be able to book visits or read reports for them.")
    },
    cancel: "Cancel",
    removed: |name| format!("{name} was removed"),
    made_default: |name| format!("{name} is now the default family member"),
    action_failed: "That did not work",
    age: |years| format!("Age {years}"),
    id_short: "ID",
    phone_short: "Phone",
    card_short: "Card",
    sex_male: "Male",
    sex_female: "Female",
    relation_self: "Myself",
    relation_child: "Child",
    relation_parent: "Parent",
    relation_spouse: "Spouse",
    relation_other: "Other",

    edit_member: "Edit family member",
    name_label: "Full name",
    name_hint: "As on the ID card",
    id_number_label: "Resident ID number",
    id_number_hint: "18 characters; the last may be X. Birth date and sex fill in from it.",
    keep_on_file: |masked| format!("On file: {masked}. Leave blank to keep it."),
    sex_label: "Sex",
    birth_date_label: "Date of birth",
    member_phone_label: "Mobile number",
    member_phone_hint: "For visit reminders and report notices",
    relation_label: "Relationship to you",
    medical_card_label: "Medical card number (optional)",
    medical_card_hint: "If they have one of this hospital's medical cards",
    family_on_phone_only: "On a kiosk the family is shown only. To add, change or remove a member, log in on your phone.",
    save: "Save",
    confirm_phone_title: "Confirm the member's phone",
    confirm_phone_why: |masked| {
        format!("We sent a code to {masked}. Ask whoever holds that phone for it and type it here to save. Kiosk login codes for this member go to that phone.")
    },
    confirm_save: "Confirm and save",
    back_to_edit: "Back to the form",
    saving: "Saving…",
    save_failed: "Could not save",
    member_not_found: "Family member not found",
    back_to_me: "Back to Me",
    saved: |name| format!("{name} was saved"),

    login_methods: "How to log in",
    login_intro: "Log in to book visits, read reports and manage family members.",
    login_by_phone: "Phone number",
    login_by_card: "Card or ID",
    phone_label: "Mobile number",
    phone_hint: "We will text a 6-digit code to this number",
    card_label: "Medical card or ID number",
    card_hint: "Swipe your card on the reader, or type the card number on the keyboard below",
    get_code: "Get code",
    sending_code: "Sending…",
    code_label: "Code",
    code_sent_to_phone: |masked| format!("We sent a code to {masked}"),
    code_sent_for_card: |masked| format!("We sent a code to the phone registered for {masked}"),
    code_valid_for: |minutes| format!("It works for {minutes} minutes"),
    resend: "Send a new code",
    resend_in: |seconds| format!("New code in {seconds} s"),
    change_phone: "Change number",
    change_card: "Use another card",
    logging_in: "Logging in…",
    login_failed: "Could not log in",
    rate_limited: |span| {
        let wait = match span {
            Span::Seconds(1) => "1 second".to_owned(),
            Span::Seconds(n) => format!("{n} seconds"),
            Span::Minutes(1) => "1 minute".to_owned(),
            Span::Minutes(n) => format!("{n} minutes"),
            Span::Hours(1) => "1 hour".to_owned(),
            Span::Hours(n) => format!("{n} hours"),
        };
        format!("Too many codes were requested. Please try again in {wait}.")
    },
    code_locked: "Too many wrong tries: this code no longer works. Please ask for a new one.",
    demo_aid: "Demo aid (shown on the demo server only)",
    demo_account: |phone| format!("Demo account {phone}"),
    demo_code: |code| format!("code {code}"),
    demo_use: "Use it",
    keypad_label: "Keypad",
    keyboard_label: "Keyboard",
    key_backspace: "Delete",
    key_clear: "Clear",

    weekdays: WEEKDAYS,
    day_label: |d| {
        format!(
            "{} {} {}",
            WEEKDAYS[usize::from(d.weekday() % 7)],
            d.day,
            MONTHS[usize::from(d.month.clamp(1, 12) - 1)]
        )
    },
    day_short: |d| format!("{} {}", d.day, MONTHS[usize::from(d.month.clamp(1, 12) - 1)]),
    list_sep: ", ",

    search_label: "Find a department",
    search_hint: "A department's name or a complaint, e.g. “headache”",
    triage_entry: "Not sure which department? Describe your symptoms",
    triage_entry_hint: "Tell us what is wrong and we suggest where to book",
    my_appointments: "My appointments",
    recent_departments: "Recently used",
    all_departments: "All departments",
    departments_found: |n| match n {
        1 => "1 department found".to_owned(),
        n => format!("{n} departments found"),
    },
    departments_none: "No department matches. Try other words, or describe your symptoms.",
    departments_failed: "The departments could not be loaded",
    walk_in: "No booking needed, go directly",
    directions: "How to get there",

    triage_title: "Symptom guide",
    triage_intro: "Describe your symptoms, or tap common ones by body area, and we suggest a \
                   department.",
    triage_disclaimer: "This is guidance, not a diagnosis.",
    triage_text_label: "What is wrong?",
    triage_text_hint: "For example: headache for three days, a bit dizzy",
    triage_areas_label: "Tap common symptoms by body area",
    triage_chosen: |n| format!("{n} chosen"),
    triage_who: "Who is it for?",
    triage_age_label: "Age (optional)",
    triage_age_error: "Enter a whole number from 0 to 120",
    triage_empty: "Describe your symptoms or tap at least one",
    triage_count: |n, max| format!("{n}/{max} characters"),
    triage_text_full: |max| format!("That is the limit of {max} characters; the rest was not added"),
    triage_submit: "Suggest a department",
    triage_sending: "Working it out…",
    triage_failed: "The symptom guide is not available right now",
    triage_results: "Suggestions",
    triage_best: "Best match",
    book_department: "Book this department",
    red_flag_title: "Get emergency care now",
    call_emergency: |number| format!("Call {number}"),
    emergency_at: |name, place| format!("Or go to {name} now: {place}"),

    choose_date: "Choose a date",
    choose_doctor: "Choose a doctor",
    choose_time: "Choose a time",
    doctor_first: "Choose a doctor to see the times you can book.",
    other_doctor: "Choose another doctor",
    today: "Today",
    later_dates: "Later dates",
    earlier_dates: "Earlier dates",
    next_available: |day| format!("Next: {day}"),
    no_places_soon: "No places in the next two weeks",
    places_left: |n| format!("{n} left"),
    full: "Full",
    not_open_yet: "Not open yet",
    opens_at: |when| format!("Opens {when}"),
    booking_closed: "Closed",
    clinic_stopped: "Clinic cancelled",
    no_clinic: "No clinic",
    fee: |yuan| format!("Fee ¥{yuan}"),
    doctors_failed: "The doctors and times could not be loaded",
    no_doctors: "No clinics are scheduled in this department in the next two weeks.",
    department_not_found: "We can't find this department",

    confirm_title: "Confirm your booking",
    patient_label: "Patient",
    department_label: "Department",
    doctor_label: "Doctor",
    date_label: "Date",
    time_label: "Time",
    fee_label: "Fee",
    place_label: "Where",
    confirm_booking: "Confirm booking",
    booking_busy: "Booking…",
    booking_failed: "The booking did not go through",
    slot_taken: "Someone just took this time. Please choose another.",
    booking_unknown: "The connection dropped, so we can't tell whether it went through. Tap \
                      “Try again”: you will not be booked twice.",
    other_time: "Choose another time",
    blocking_appointment: "See that appointment",
    current_time_label: "Booked now",
    current_window: "Current",
    slot_unavailable: "This time can't be booked now",
    slot_missing: "We can't find this time; the schedule may have changed.",
    no_members: "There is no patient on this account yet. Please add one first.",
    booked: "You're booked",
    booked_body: "Please arrive on time and show the QR code below to check in.",

    upcoming: "Upcoming",
    past: "Past",
    no_upcoming: "No upcoming appointments.",
    no_past: "No past appointments.",
    appointments_failed: "The appointments could not be loaded",
    status_booked: "Booked",
    status_arrived: "Checked in",
    status_fulfilled: "Seen",
    status_cancelled: "Cancelled",
    status_noshow: "Missed",
    appointment_title: "Appointment",
    appointment_not_found: "We can't find this appointment",
    check_in_code: "Check-in code",
    qr_alt: "Check-in QR code",
    qr_hint: "Show this at a kiosk or the triage desk to check in",
    add_to_calendar: "Add to calendar",
    print: "Print",
    send_to_phone: "Send to my phone",
    sending_to_phone: "Sending…",
    sent_to_phone: |phone| format!("Sent to {phone}"),
    send_again_in: |s| format!("Sent too often; please try again in {s} seconds"),
    before_visit: "Before your visit",
    cancel_appointment: "Cancel appointment",
    cancel_question: |what| {
        format!("Cancel your appointment, {what}? The place will go to someone else.")
    },
    cancel_reason_label: "Reason (optional)",
    keep_appointment: "Keep it",
    cancelled_because: |reason| format!("Reason: {reason}"),
    cancelled: "The appointment is cancelled",
    changeable_until: |when| format!("Can be cancelled or moved until {when}"),
    change_closed: |when| {
        format!(
            "It can no longer be cancelled or moved (the deadline was {when}). Please call \
             the hospital if you need help."
        )
    },
    reschedule: "Change the time",
    reschedule_title: "Choose a new time",
    keep_time: "Keep the current time",
    reschedule_note: "Your current booking is cancelled once the new one is made; if that \
                      fails, it stays as it is.",
    reschedule_confirm: "Reschedule",
    rescheduled: "Moved to the new time",
    rescheduled_to: |when| format!("Rescheduled to {when}"),
    reschedule_taken: "The new time was just taken; your booking is unchanged. Please choose \
                       another time.",
    reschedule_failed: "The time was not changed",
    cancel_failed: "The appointment was not cancelled",
    book_again: "Book again",

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
