-- When an appointment's details were last sent to the account's phone (a kiosk's "send
-- to my phone"): one message a minute per appointment, claimed with a conditional update.
ALTER TABLE appointments ADD COLUMN sent_to_phone_at INTEGER;
