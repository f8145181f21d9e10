-- When the account was reminded of the appointment the day before (once per appointment).
ALTER TABLE appointments ADD COLUMN reminded_at INTEGER;
