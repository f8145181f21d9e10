//! Every word the app shows, in each language it speaks.
//!
//! [`Texts`] is one struct with a field per message, and each language is one `const` of it
//! ([`ZH`], [`EN`]): a message added to the struct but not to a language fails to compile,
//! so no patient ever meets a missing or half-translated screen. Messages with values in
//! them are `fn` fields, so word order stays each language's own.

mod en;
mod zh;

use careway_core::api::queue::PointKind;
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;

pub use self::en::EN;
pub use self::zh::ZH;

/// The app's messages in one language.
#[derive(Debug)]
pub struct Texts {
    /// The product's name, shown while the hospital's own name is unknown.
    pub app_name: &'static str,
    /// This language's name in itself, on the button that switches to it.
    pub language_name: &'static str,
    /// The accessible name of the button that switches to this language, in this language.
    pub switch_to_language: &'static str,
    /// The link that lets keyboard and screen-reader users jump past the header.
    pub skip_to_content: &'static str,
    /// "Loading…" for spinners and skeletons.
    pub loading: &'static str,
    /// The button that repeats a failed request.
    pub retry: &'static str,
    /// The link home from pages that cannot help.
    pub back_home: &'static str,
    /// The heading above the hospital's phone number.
    pub need_help: &'static str,
    /// The accessible label of the hospital's phone link, followed by the number.
    pub call_hospital: &'static str,

    /// The accessible name of the bottom tab bar.
    pub nav_label: &'static str,
    /// Tab: home.
    pub nav_home: &'static str,
    /// Tab: booking.
    pub nav_booking: &'static str,
    /// Tab: surveys and messages.
    pub nav_inbox: &'static str,
    /// Tab: the patient's own page and settings.
    pub nav_me: &'static str,

    /// The short label of the quick elder-mode button in the header.
    pub large_text: &'static str,
    /// The badge shown when the server runs the demo hospital.
    pub demo_badge: &'static str,
    /// The (visually hidden) heading of the home page's service tiles.
    pub services_heading: &'static str,
    /// The title when the hospital's information cannot be loaded.
    pub meta_failed: &'static str,

    /// Tile and page title: booking.
    pub booking_title: &'static str,
    /// Tile hint: booking.
    pub booking_hint: &'static str,
    /// Tile and page title: finding the way inside the hospital.
    pub navigation_title: &'static str,
    /// Tile hint: navigation.
    pub navigation_hint: &'static str,
    /// The venue could not be loaded.
    pub nav_failed: &'static str,
    /// A hospital without a venue map.
    pub nav_unavailable: &'static str,
    /// Before where the route starts.
    pub nav_you_are_here: &'static str,
    /// The label of the start choice.
    pub nav_from: &'static str,
    /// The start when none is chosen.
    pub nav_from_default: fn(&str) -> String,
    /// The label of the destination search.
    pub nav_to: &'static str,
    /// The destination search's placeholder.
    pub nav_search_hint: &'static str,
    /// A destination search with no result.
    pub nav_no_match: &'static str,
    /// The accessible name of the common destinations.
    pub nav_quick: &'static str,
    /// The quick choice of the account's next appointment's department.
    pub nav_next_visit: fn(&str) -> String,
    /// The quick choice of the room the patient has just been called to.
    pub nav_called_room: fn(&str) -> String,
    /// An empty inbox.
    pub inbox_empty: &'static str,
    /// The inbox could not be loaded.
    pub inbox_failed: &'static str,
    /// Said before an unread message's title.
    pub inbox_unread: &'static str,
    /// The link from a message to what it announces.
    pub inbox_open: &'static str,
    /// The link from a survey message to the survey.
    pub inbox_fill: &'static str,
    /// The link from an education message to the article.
    pub inbox_read: &'static str,
    /// An article's heading while it loads or when it cannot be shown.
    pub article_title: &'static str,
    /// An article could not be loaded.
    pub article_failed: &'static str,
    /// A part of the app (a journey's pages) could not be fetched.
    pub page_failed: &'static str,
    /// The step-free choice.
    pub nav_step_free: &'static str,
    /// The route's heading.
    pub nav_route_to: fn(&str) -> String,
    /// The route's walking time and distance.
    pub nav_summary: fn(u32, u32) -> String,
    /// The accessible name of the floor choice.
    pub nav_floors: &'static str,
    /// The accessible name of a floor plan.
    pub nav_plan_of: fn(&str) -> String,
    /// The accessible name of the step list.
    pub nav_steps: &'static str,
    /// The kiosk's print button.
    pub nav_print: &'static str,
    /// The floor plan's zoom buttons, as a group.
    pub nav_zoom: &'static str,
    /// Making the floor plan bigger.
    pub nav_zoom_in: &'static str,
    /// Making the floor plan smaller.
    pub nav_zoom_out: &'static str,
    /// The floor plan's size now, read out after a zoom ("150%").
    pub nav_zoom_now: fn(u16) -> String,
    /// Showing the route with stairs after a step-free failure.
    pub nav_with_steps: &'static str,
    /// A destination the map does not have.
    pub nav_unknown_place: &'static str,
    /// Before a destination is chosen.
    pub nav_choose_hint: &'static str,
    /// Tile and page title: the queue.
    pub queue_title: &'static str,
    /// Tile hint: queue.
    pub queue_hint: &'static str,
    /// The heading of the account's queue page.
    pub queue_mine: &'static str,
    /// The queue could not be loaded.
    pub queue_failed: &'static str,
    /// The live updates are interrupted and being restored.
    pub queue_reconnecting: &'static str,
    /// Before a ticket's number, for screen readers.
    pub queue_number: &'static str,
    /// Status: in the queue.
    pub queue_waiting: &'static str,
    /// Status: called to the room.
    pub queue_called: &'static str,
    /// Status: being seen or served.
    pub queue_in_service: &'static str,
    /// Status: finished.
    pub queue_done: &'static str,
    /// Status: called and not there ("过号").
    pub queue_missed: &'static str,
    /// The people before a ticket, given how many (0: next).
    pub queue_ahead: fn(u32) -> String,
    /// The label before the estimated wait.
    pub queue_wait_label: &'static str,
    /// An estimated wait, given its short and long end in minutes.
    pub queue_wait_range: fn(u32, u32) -> String,
    /// After an estimate from the hospital's typical times, not today's.
    pub queue_wait_rough: &'static str,
    /// No estimate possible yet: no number is shown.
    pub queue_wait_unknown: &'static str,
    /// The called banner, given the room.
    pub queue_go_to: fn(&str) -> String,
    /// The softer banner when three people or fewer are ahead.
    pub queue_near: &'static str,
    /// The link to the way to the room.
    pub queue_take_me: &'static str,
    /// Acknowledges the call (stops the flashing title).
    pub queue_got_it: &'static str,
    /// The title the tab flashes while a call is not acknowledged, given the number.
    pub queue_flash: fn(&str) -> String,
    /// A paused room, given the reason.
    pub queue_paused: fn(&str) -> String,
    /// A ticket checked in after its window.
    pub queue_late: &'static str,
    /// What a missed call means and what can be done.
    pub queue_missed_body: &'static str,
    /// Puts a missed ticket back in the queue.
    pub queue_rejoin: &'static str,
    /// The heading of a failed rejoin.
    pub queue_rejoin_failed: &'static str,
    /// No ticket today.
    pub queue_empty: &'static str,
    /// How to get a ticket.
    pub queue_how: &'static str,
    /// The heading of today's appointments not checked in yet.
    pub queue_today: &'static str,
    /// No appointment of today left to check in.
    pub queue_none_today: &'static str,
    /// A screen-reader announcement about one ticket, given its number and the news.
    pub queue_about: fn(&str, &str) -> String,
    /// Checks in ("I'm here").
    pub check_in: &'static str,
    /// The short check-in button on an appointment's page.
    pub check_in_short: &'static str,
    /// While checking in.
    pub checking_in: &'static str,
    /// The heading of a failed check-in.
    pub check_in_failed: &'static str,
    /// The page was opened from a clinic's QR sign.
    pub check_in_scanned: &'static str,
    /// Announced after checking in, given the ticket's number.
    pub checked_in: fn(&str) -> String,
    /// The heading of an area's board while its name is unknown.
    pub board_title: &'static str,
    /// The heading of the board's calls.
    pub board_calling: &'static str,
    /// No call yet.
    pub board_no_calls: &'static str,
    /// The label before a room's next numbers.
    pub board_next: &'static str,
    /// The heading of the rooms and their queues.
    pub board_rooms: &'static str,
    /// The board's live updates are interrupted.
    pub board_reconnecting: &'static str,
    /// How many wait for a room.
    pub board_waiting: fn(u32) -> String,
    /// An area that has no board.
    pub board_not_found: &'static str,
    /// The board could not be loaded.
    pub board_failed: &'static str,
    /// A call as spoken: the number, the masked name, the room, and what the room does.
    pub board_say: fn(&str, &str, &str, PointKind) -> String,
    /// Tile and page title: lab and imaging reports.
    pub reports_title: &'static str,
    /// Tile hint: reports.
    pub reports_hint: &'static str,
    /// The heading of the family-member choice on the reports page.
    pub reports_whose: &'static str,
    /// The filter showing every report.
    pub reports_all: &'static str,
    /// The filter showing lab reports.
    pub reports_lab: &'static str,
    /// The filter showing imaging reports.
    pub reports_imaging: &'static str,
    /// A member with no reports yet.
    pub reports_empty: &'static str,
    /// An account with no family members on the reports page.
    pub reports_no_family: &'static str,
    /// The reports list could not be loaded.
    pub reports_failed: &'static str,
    /// One report could not be loaded.
    pub report_failed: &'static str,
    /// The badge on a report not opened yet.
    pub report_new: &'static str,
    /// The badge on a preliminary report.
    pub report_preliminary: &'static str,
    /// The badge on a report changed after it was final.
    pub report_changed: &'static str,
    /// How many values of a report are outside their range.
    pub report_flagged: fn(u32) -> String,
    /// A lab report with every value in range.
    pub report_all_normal: &'static str,
    /// The label of whom a report is about.
    pub report_patient: &'static str,
    /// The label of when the sample was taken.
    pub report_taken: &'static str,
    /// The label of when the report was released.
    pub report_issued: &'static str,
    /// The label of who released the report.
    pub report_by: &'static str,
    /// The results table's first column.
    pub report_item: &'static str,
    /// The results table's value column.
    pub report_result: &'static str,
    /// The results table's range column.
    pub report_range: &'static str,
    /// A value within its range.
    pub flag_normal: &'static str,
    /// A value above its range.
    pub flag_high: &'static str,
    /// A value below its range.
    pub flag_low: &'static str,
    /// A value above its critical limit.
    pub flag_critical_high: &'static str,
    /// A value below its critical limit.
    pub flag_critical_low: &'static str,
    /// A qualitative result not as expected.
    pub flag_abnormal: &'static str,
    /// What the marks beside values mean, in plain words.
    pub flags_explained: &'static str,
    /// A corrected value's earlier value.
    pub report_was: fn(&str) -> String,
    /// A report changed after it was final.
    pub report_changed_note: &'static str,
    /// A preliminary report.
    pub report_preliminary_note: &'static str,
    /// Imaging: the findings heading.
    pub report_findings: &'static str,
    /// Imaging: the conclusion heading.
    pub report_impression: &'static str,
    /// The link from a value to its trend.
    pub report_trend: &'static str,
    /// The accessible name of a trend link.
    pub report_trend_of: fn(&str) -> String,
    /// The button that prints a report.
    pub report_print: &'static str,
    /// A trend could not be loaded.
    pub trend_failed: &'static str,
    /// The shaded normal band of a trend chart.
    pub trend_band: &'static str,
    /// The accessible name of a trend chart.
    pub trend_chart_label: fn(&str, usize) -> String,
    /// The trend table's date column.
    pub trend_date: &'static str,
    /// The page listing who opened a member's reports.
    pub report_reads_title: &'static str,
    /// What the reads page shows.
    pub reads_intro: &'static str,
    /// No reads recorded yet.
    pub reads_empty: &'static str,
    /// The reads could not be loaded.
    pub reads_failed: &'static str,
    /// A read from this account.
    pub reads_you: &'static str,
    /// A read of the list, not one report.
    pub reads_list: &'static str,
    /// A read on a hospital kiosk.
    pub reads_kiosk: &'static str,
    /// Tile and page title: surveys, follow-up and messages.
    pub inbox_title: &'static str,
    /// Tile hint: inbox.
    pub inbox_hint: &'static str,

    /// The heading of the 404 page.
    pub not_found_title: &'static str,
    /// The explanation on the 404 page.
    pub not_found_body: &'static str,

    /// The heading of the "Me" page.
    pub me_title: &'static str,
    /// The heading of the display and language settings.
    pub settings_heading: &'static str,
    /// The label of the language choice.
    pub language_label: &'static str,
    /// The label of the elder-mode switch.
    pub elder_mode_label: &'static str,
    /// What elder mode changes.
    pub elder_mode_hint: &'static str,
    /// A switch that is on.
    pub on: &'static str,
    /// A switch that is off.
    pub off: &'static str,
    /// The heading of the account section.
    pub account_heading: &'static str,
    /// The heading of the logged-out invitation on "Me".
    pub me_logged_out_title: &'static str,
    /// What logging in gives, under that heading.
    pub me_logged_out_body: &'static str,
    /// The button (and page heading) that opens the login page.
    pub log_in: &'static str,
    /// When the session cannot be checked (no network, server down).
    pub session_unknown: &'static str,
    /// While the session is being checked.
    pub session_checking: &'static str,
    /// While a page that needs an account goes to the login page.
    pub session_redirecting: &'static str,
    /// The label before the account's masked phone.
    pub account_phone: &'static str,
    /// Ends the session.
    pub log_out: &'static str,
    /// On a kiosk: the session ends by itself; given the idle seconds.
    pub kiosk_session_note: fn(u32) -> String,

    /// The heading of the family members ("就诊人") list.
    pub family_heading: &'static str,
    /// How many members of the most allowed, e.g. "3 / 8".
    pub family_count: fn(usize, usize) -> String,
    /// The list when it is empty.
    pub family_empty: &'static str,
    /// When the list cannot be loaded.
    pub family_failed: &'static str,
    /// The button (and page heading) that adds a member.
    pub add_member: &'static str,
    /// Why no more members can be added, given the most allowed.
    pub member_limit: fn(usize) -> String,
    /// The badge of the member chosen by default when booking.
    pub default_badge: &'static str,
    /// Edit a member: visible text.
    pub edit: &'static str,
    /// Edit a member: accessible name, given the member's name.
    pub edit_named: fn(&str) -> String,
    /// Make a member the default: visible text.
    pub set_default: &'static str,
    /// Make a member the default: accessible name, given the member's name.
    pub set_default_named: fn(&str) -> String,
    /// Remove a member: visible text.
    pub remove: &'static str,
    /// Remove a member: accessible name, given the member's name.
    pub remove_named: fn(&str) -> String,
    /// The heading of the removal dialog.
    pub remove_title: &'static str,
    /// The question of the removal dialog, naming the member.
    pub remove_question: fn(&str) -> String,
    /// Closes a dialog without doing anything.
    pub cancel: &'static str,
    /// Announced after a member was removed.
    pub removed: fn(&str) -> String,
    /// Announced after a member became the default.
    pub made_default: fn(&str) -> String,
    /// The heading of a failed action on the list.
    pub action_failed: &'static str,
    /// A member's age in whole years.
    pub age: fn(i32) -> String,
    /// The short label of a member's masked ID number.
    pub id_short: &'static str,
    /// The short label of a member's masked phone.
    pub phone_short: &'static str,
    /// The short label of a member's masked medical card.
    pub card_short: &'static str,
    /// Male.
    pub sex_male: &'static str,
    /// Female.
    pub sex_female: &'static str,
    /// Relation: the account holder.
    pub relation_self: &'static str,
    /// Relation: a son or daughter.
    pub relation_child: &'static str,
    /// Relation: a father or mother.
    pub relation_parent: &'static str,
    /// Relation: a husband or wife.
    pub relation_spouse: &'static str,
    /// Relation: anyone else.
    pub relation_other: &'static str,

    /// The heading of the page that edits a member.
    pub edit_member: &'static str,
    /// The name field.
    pub name_label: &'static str,
    /// What the name must be.
    pub name_hint: &'static str,
    /// The ID number field.
    pub id_number_label: &'static str,
    /// What the ID number is, and that it fills in birth date and sex.
    pub id_number_hint: &'static str,
    /// When editing: the ID number, phone or card on file (masked) stays if left blank.
    pub keep_on_file: fn(&str) -> String,
    /// The sex choice.
    pub sex_label: &'static str,
    /// The birth date field.
    pub birth_date_label: &'static str,
    /// The member's phone field.
    pub member_phone_label: &'static str,
    /// What the member's phone is for.
    pub member_phone_hint: &'static str,
    /// The relation choice.
    pub relation_label: &'static str,
    /// The medical-card field.
    pub medical_card_label: &'static str,
    /// What the medical card is.
    pub medical_card_hint: &'static str,
    /// On a kiosk: why the family has no buttons.
    pub family_on_phone_only: &'static str,
    /// Saves the form.
    pub save: &'static str,
    /// The heading of the step that confirms a member's phone before saving.
    pub confirm_phone_title: &'static str,
    /// Why a code is asked for, given the masked phone it went to.
    pub confirm_phone_why: fn(&str) -> String,
    /// Saves with the code.
    pub confirm_save: &'static str,
    /// Back from the code to the form.
    pub back_to_edit: &'static str,
    /// While saving.
    pub saving: &'static str,
    /// The heading of a failed save.
    pub save_failed: &'static str,
    /// When a member to edit does not exist (or is not the account's).
    pub member_not_found: &'static str,
    /// The link back to "Me".
    pub back_to_me: &'static str,
    /// Announced after a member was added or saved, given the name.
    pub saved: fn(&str) -> String,

    /// The heading of the login choice between phone and card.
    pub login_methods: &'static str,
    /// What logging in gives, under the login heading.
    pub login_intro: &'static str,
    /// The phone way of logging in.
    pub login_by_phone: &'static str,
    /// The kiosk's card way of logging in.
    pub login_by_card: &'static str,
    /// The phone field.
    pub phone_label: &'static str,
    /// What happens with the phone.
    pub phone_hint: &'static str,
    /// The card field.
    pub card_label: &'static str,
    /// How to enter the card.
    pub card_hint: &'static str,
    /// Asks for a code.
    pub get_code: &'static str,
    /// While a code is being asked for.
    pub sending_code: &'static str,
    /// The code field.
    pub code_label: &'static str,
    /// Where the code went, given the masked phone.
    pub code_sent_to_phone: fn(&str) -> String,
    /// Where the code went, given the masked card number.
    pub code_sent_for_card: fn(&str) -> String,
    /// How long the code lasts, given the minutes.
    pub code_valid_for: fn(u32) -> String,
    /// Asks for another code.
    pub resend: &'static str,
    /// The resend countdown, given the seconds left.
    pub resend_in: fn(u32) -> String,
    /// Back to change the phone.
    pub change_phone: &'static str,
    /// Back to change the card.
    pub change_card: &'static str,
    /// While logging in.
    pub logging_in: &'static str,
    /// The heading of a failed login step.
    pub login_failed: &'static str,
    /// Too many codes asked for, given how long to wait.
    pub rate_limited: fn(Span) -> String,
    /// Too many wrong codes.
    pub code_locked: &'static str,
    /// The heading of the demo aid.
    pub demo_aid: &'static str,
    /// The demo account's phone, given grouped for reading.
    pub demo_account: fn(&str) -> String,
    /// The demo code.
    pub demo_code: fn(&str) -> String,
    /// Uses the demo account or code in one tap.
    pub demo_use: &'static str,
    /// The accessible name of the on-screen keypad.
    pub keypad_label: &'static str,
    /// The accessible name of the on-screen keyboard for card numbers (letters and digits).
    pub keyboard_label: &'static str,
    /// The keypad's backspace key.
    pub key_backspace: &'static str,
    /// The keypad's clear key.
    pub key_clear: &'static str,

    /// The weekdays, Monday first, short ("周二", "Tue").
    pub weekdays: [&'static str; 7],
    /// A date with its weekday, as in lists and summaries ("11月24日 周二", "Tue 24 Nov").
    pub day_label: fn(CivilDate) -> String,
    /// A date in the fewest characters, for the date strip ("11/24", "24 Nov").
    pub day_short: fn(CivilDate) -> String,
    /// Between the items of a short list ("头痛、头晕", "headache, dizziness").
    pub list_sep: &'static str,

    /// The department search field.
    pub search_label: &'static str,
    /// What the search understands.
    pub search_hint: &'static str,
    /// The way into the symptom guide from the booking page.
    pub triage_entry: &'static str,
    /// What the symptom guide does, under that.
    pub triage_entry_hint: &'static str,
    /// The link to (and heading of) the patient's appointments.
    pub my_appointments: &'static str,
    /// The heading of the departments opened lately on this device.
    pub recent_departments: &'static str,
    /// The heading of the department list, and the link back to it.
    pub all_departments: &'static str,
    /// How many departments a search found.
    pub departments_found: fn(usize) -> String,
    /// When a search found none.
    pub departments_none: &'static str,
    /// When the departments cannot be loaded.
    pub departments_failed: &'static str,
    /// The emergency department in the list: it takes no bookings.
    pub walk_in: &'static str,
    /// The link to the way to a place.
    pub directions: &'static str,

    /// The heading of the symptom guide.
    pub triage_title: &'static str,
    /// What the symptom guide does.
    pub triage_intro: &'static str,
    /// That its answer is guidance, not a diagnosis.
    pub triage_disclaimer: &'static str,
    /// The free-text field.
    pub triage_text_label: &'static str,
    /// An example of what to write.
    pub triage_text_hint: &'static str,
    /// The heading of the body areas and their symptoms.
    pub triage_areas_label: &'static str,
    /// How many symptoms were tapped.
    pub triage_chosen: fn(usize) -> String,
    /// The choice of family member the guide is for.
    pub triage_who: &'static str,
    /// The age field (logged out).
    pub triage_age_label: &'static str,
    /// When the age is not a whole number of years.
    pub triage_age_error: &'static str,
    /// When nothing was described or tapped.
    pub triage_empty: &'static str,
    /// How much of the free text is used, given the characters typed and the limit.
    pub triage_count: fn(usize, usize) -> String,
    /// The free text reached its limit, given the limit: the rest was not taken.
    pub triage_text_full: fn(usize) -> String,
    /// Sends the symptoms.
    pub triage_submit: &'static str,
    /// While they are being read.
    pub triage_sending: &'static str,
    /// When the guide cannot answer.
    pub triage_failed: &'static str,
    /// The heading of the answer.
    pub triage_results: &'static str,
    /// The badge of the first recommendation.
    pub triage_best: &'static str,
    /// Books the recommended department.
    pub book_department: &'static str,
    /// The heading of emergency advice.
    pub red_flag_title: &'static str,
    /// The emergency call button, given the number.
    pub call_emergency: fn(&str) -> String,
    /// Where the emergency department is, given its name and place.
    pub emergency_at: fn(&str, &str) -> String,

    /// The heading of the date strip.
    pub choose_date: &'static str,
    /// The heading of the doctor list.
    pub choose_doctor: &'static str,
    /// The heading of the time windows.
    pub choose_time: &'static str,
    /// Where the time windows will show.
    pub doctor_first: &'static str,
    /// Back to the whole list of doctors.
    pub other_doctor: &'static str,
    /// Today, in the date strip.
    pub today: &'static str,
    /// Scrolls the date strip to later days.
    pub later_dates: &'static str,
    /// Scrolls the date strip to earlier days.
    pub earlier_dates: &'static str,
    /// A doctor's first date with places, given the date.
    pub next_available: fn(&str) -> String,
    /// A doctor with no places in the booking horizon.
    pub no_places_soon: &'static str,
    /// Places left, short ("余 12").
    pub places_left: fn(u32) -> String,
    /// Every place taken.
    pub full: &'static str,
    /// Places not released yet.
    pub not_open_yet: &'static str,
    /// When places are released, given the time.
    pub opens_at: fn(&str) -> String,
    /// Too late to book.
    pub booking_closed: &'static str,
    /// The hospital stopped the clinic.
    pub clinic_stopped: &'static str,
    /// No clinic on a date.
    pub no_clinic: &'static str,
    /// The fee, given in yuan ("25.00").
    pub fee: fn(&str) -> String,
    /// When the doctors cannot be loaded.
    pub doctors_failed: &'static str,
    /// A department without clinics in the horizon.
    pub no_doctors: &'static str,
    /// A department id that does not exist.
    pub department_not_found: &'static str,

    /// The heading of the confirmation page.
    pub confirm_title: &'static str,
    /// Who the visit is for.
    pub patient_label: &'static str,
    /// Summary row: the department.
    pub department_label: &'static str,
    /// Summary row: the doctor.
    pub doctor_label: &'static str,
    /// Summary row: the date.
    pub date_label: &'static str,
    /// Summary row: the time.
    pub time_label: &'static str,
    /// Summary row: the fee.
    pub fee_label: &'static str,
    /// Summary row: where.
    pub place_label: &'static str,
    /// Books.
    pub confirm_booking: &'static str,
    /// While booking.
    pub booking_busy: &'static str,
    /// The heading of a failed booking.
    pub booking_failed: &'static str,
    /// The window was taken meanwhile.
    pub slot_taken: &'static str,
    /// The network failed: the outcome is unknown, a retry is safe.
    pub booking_unknown: &'static str,
    /// Back to the schedule.
    pub other_time: &'static str,
    /// The link from a same-day refusal to the appointment that blocks it.
    pub blocking_appointment: &'static str,
    /// Summary row when moving: the time booked now.
    pub current_time_label: &'static str,
    /// The mark on the window an appointment being moved is in now.
    pub current_window: &'static str,
    /// The window exists but cannot be booked now.
    pub slot_unavailable: &'static str,
    /// The window does not exist (any more).
    pub slot_missing: &'static str,
    /// The account has no family member yet.
    pub no_members: &'static str,
    /// The banner after booking.
    pub booked: &'static str,
    /// What to do next, under it.
    pub booked_body: &'static str,

    /// The tab of upcoming appointments.
    pub upcoming: &'static str,
    /// The tab of past and cancelled appointments.
    pub past: &'static str,
    /// No upcoming appointment.
    pub no_upcoming: &'static str,
    /// No past appointment.
    pub no_past: &'static str,
    /// When the appointments cannot be loaded.
    pub appointments_failed: &'static str,
    /// Status: booked.
    pub status_booked: &'static str,
    /// Status: checked in.
    pub status_arrived: &'static str,
    /// Status: seen.
    pub status_fulfilled: &'static str,
    /// Status: cancelled.
    pub status_cancelled: &'static str,
    /// Status: did not come.
    pub status_noshow: &'static str,
    /// The heading of one appointment.
    pub appointment_title: &'static str,
    /// An appointment id that is not the account's.
    pub appointment_not_found: &'static str,
    /// The check-in code's label.
    pub check_in_code: &'static str,
    /// The QR code's text alternative.
    pub qr_alt: &'static str,
    /// What to do with the QR code.
    pub qr_hint: &'static str,
    /// Downloads the calendar file.
    pub add_to_calendar: &'static str,
    /// Prints the appointment (on a kiosk, instead of the calendar file).
    pub print: &'static str,
    /// Sends the appointment to the account's phone (on a kiosk).
    pub send_to_phone: &'static str,
    /// While sending it.
    pub sending_to_phone: &'static str,
    /// It was sent, given the masked phone number.
    pub sent_to_phone: fn(&str) -> String,
    /// Sent too often: when to try again, given the seconds.
    pub send_again_in: fn(u32) -> String,
    /// The heading of the pre-visit instructions.
    pub before_visit: &'static str,
    /// Cancels (button and dialog heading).
    pub cancel_appointment: &'static str,
    /// The cancel question, naming the visit.
    pub cancel_question: fn(&str) -> String,
    /// The optional reason field.
    pub cancel_reason_label: &'static str,
    /// Closes the cancel dialog.
    pub keep_appointment: &'static str,
    /// Why it was cancelled, given the reason.
    pub cancelled_because: fn(&str) -> String,
    /// Announced after cancelling.
    pub cancelled: &'static str,
    /// Until when it can be changed, given the time.
    pub changeable_until: fn(&str) -> String,
    /// It can no longer be changed, given until when it could.
    pub change_closed: fn(&str) -> String,
    /// Opens the choice of another window.
    pub reschedule: &'static str,
    /// The heading of the schedule when choosing another window.
    pub reschedule_title: &'static str,
    /// Back from there to the appointment, unchanged.
    pub keep_time: &'static str,
    /// That the old appointment goes only once the new one is made.
    pub reschedule_note: &'static str,
    /// Moves it (button and heading of the confirmation).
    pub reschedule_confirm: &'static str,
    /// The banner after moving.
    pub rescheduled: &'static str,
    /// A moved appointment in the history, given the new date and window.
    pub rescheduled_to: fn(&str) -> String,
    /// The new window was taken; the old booking stands.
    pub reschedule_taken: &'static str,
    /// The heading of a failed reschedule.
    pub reschedule_failed: &'static str,
    /// The heading of a failed cancellation.
    pub cancel_failed: &'static str,
    /// Books the same department again.
    pub book_again: &'static str,

    /// The kiosk's button that ends the visit and starts over for the next patient.
    pub start_over: &'static str,
    /// The heading of the kiosk's idle warning.
    pub idle_title: &'static str,
    /// The kiosk's idle warning, given the seconds left.
    pub idle_countdown: fn(u32) -> String,
    /// The button that keeps the kiosk's visit going.
    pub idle_continue: &'static str,

    /// The survey page's heading while the survey loads.
    pub survey_title: &'static str,
    /// The survey could not be loaded.
    pub survey_failed: &'static str,
    /// Whose visit the survey asks about, and which.
    pub survey_about: fn(&str, &str) -> String,
    /// The last day to answer.
    pub survey_due: fn(&str) -> String,
    /// How many of the questions asked are answered.
    pub survey_progress: fn(usize, usize) -> String,
    /// After a question that needs an answer.
    pub survey_required: &'static str,
    /// The yes card of a yes / no question.
    pub survey_yes: &'static str,
    /// The no card of a yes / no question.
    pub survey_no: &'static str,
    /// The free-text answer beside an open choice's options.
    pub survey_other: &'static str,
    /// The accessible name of a number's + button.
    pub survey_increase: &'static str,
    /// The accessible name of a number's − button.
    pub survey_decrease: &'static str,
    /// The label of a quantity's unit choice.
    pub survey_unit: &'static str,
    /// How much of a long answer is written, and the most allowed.
    pub survey_chars: fn(usize, Option<u32>) -> String,
    /// The heading of one entry of a repeating group.
    pub survey_instance: fn(usize) -> String,
    /// Adds an entry to a repeating group.
    pub survey_add_instance: &'static str,
    /// Removes an entry of a repeating group.
    pub survey_remove_instance: fn(usize) -> String,
    /// A question of a kind that cannot be answered in the app.
    pub survey_not_online: &'static str,
    /// Goes from the questions to the summary before sending.
    pub survey_to_review: &'static str,
    /// The heading of the summary before sending.
    pub survey_review_title: &'static str,
    /// Goes back to change one answer.
    pub survey_edit: &'static str,
    /// The accessible name of the change link of one answer.
    pub survey_edit_named: fn(&str) -> String,
    /// Goes back from the summary to the questions.
    pub survey_back_to_questions: &'static str,
    /// The summary when nothing is answered.
    pub survey_no_answers: &'static str,
    /// Sends the answers.
    pub survey_submit: &'static str,
    /// Above the questions after a check found problems.
    pub survey_fix: fn(usize) -> String,
    /// Sending failed because the network is down.
    pub survey_offline: &'static str,
    /// Sending failed for another reason.
    pub survey_send_failed: &'static str,
    /// The server refused the answers as already given or too late.
    pub survey_conflict: &'static str,
    /// Answers kept on this device were put back.
    pub survey_draft_restored: &'static str,
    /// The heading once the answers are in.
    pub survey_thanks_title: &'static str,
    /// Below it.
    pub survey_thanks: &'static str,
    /// When the answers were sent.
    pub survey_submitted_at: fn(&str) -> String,
    /// The answers opened a complaint the hospital follows up.
    pub survey_follow_up: &'static str,
    /// A complaint nobody has taken up yet.
    pub follow_up_open: &'static str,
    /// A complaint being followed up.
    pub follow_up_in_progress: &'static str,
    /// A complaint closed with a resolution.
    pub follow_up_resolved: &'static str,
    /// The heading of what the hospital did.
    pub follow_up_resolution: &'static str,
    /// A survey past its due date.
    pub survey_expired_title: &'static str,
    /// Below it, with the day it closed.
    pub survey_expired: fn(&str) -> String,
    /// A questionnaire the app cannot show.
    pub survey_broken: &'static str,
    /// Why, for the patient.
    pub survey_broken_detail: &'static str,

    /// The request never reached the server or its answer never came back.
    pub error_network: &'static str,
    /// The server's answer could not be read.
    pub error_decode: &'static str,
    /// The request was cancelled.
    pub error_aborted: &'static str,
    /// The server (or a proxy) answered with an error status and no problem body.
    pub error_status: fn(u16) -> String,
}

/// A wait, in the largest whole unit that reads naturally ("3 minutes", not "180 s").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// Under a minute.
    Seconds(u64),
    /// Under an hour, rounded up.
    Minutes(u64),
    /// An hour or more, rounded up.
    Hours(u64),
}

impl Span {
    /// The span of `seconds`, rounded up to its unit so a patient never comes back early.
    pub fn of(seconds: u64) -> Span {
        match seconds {
            0..=59 => Span::Seconds(seconds.max(1)),
            60..=3599 => Span::Minutes(seconds.div_ceil(60)),
            _ => Span::Hours(seconds.div_ceil(3600)),
        }
    }
}

/// The messages in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_texts() {
        assert_eq!(texts(Lang::ZhCn).me_title, "我的");
        assert_eq!(texts(Lang::En).me_title, "Me");
        assert_ne!(texts(Lang::ZhCn).start_over, texts(Lang::En).start_over);
    }

    #[test]
    fn messages_with_values_put_them_in() {
        for lang in Lang::ALL {
            let t = texts(lang);
            assert!((t.idle_countdown)(17).contains("17"));
            assert!((t.error_status)(502).contains("502"));
            assert!((t.remove_question)("王小明").contains("王小明"));
            assert!((t.resend_in)(42).contains("42"));
            assert!((t.rate_limited)(Span::of(90)).contains('2'));
            assert!((t.demo_code)("246810").contains("246810"));
            assert!((t.family_count)(3, 8).contains('3'));
            assert!((t.queue_go_to)("3 诊室").contains("3 诊室"));
            assert!((t.queue_wait_range)(15, 25).contains("15–25"));
            assert!((t.queue_ahead)(7).contains('7'));
            assert!(
                (t.survey_progress)(5, 15).contains("5")
                    && (t.survey_progress)(5, 15).contains("15")
            );
            assert!((t.survey_chars)(12, Some(1000)).contains("1000"));
            assert!((t.survey_expired)("2026-12-01").contains("2026-12-01"));
            assert!((t.board_say)("A023", "张*明", "3 诊室", PointKind::Clinic).contains("A023"));
        }
    }

    #[test]
    fn waits_read_in_whole_units_rounded_up() {
        assert_eq!(Span::of(0), Span::Seconds(1));
        assert_eq!(Span::of(45), Span::Seconds(45));
        assert_eq!(Span::of(60), Span::Minutes(1));
        assert_eq!(Span::of(61), Span::Minutes(2));
        assert_eq!(Span::of(3_600), Span::Hours(1));
        assert_eq!(Span::of(50_000), Span::Hours(14));
    }
}
