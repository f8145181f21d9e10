-- Kiosk logins by card or ID number send their code only to a phone known to belong to
-- the person: the account's login phone, or a member's phone confirmed by a code sent to
-- it when the member was saved. `phone_verified_at` says when a member's phone was
-- confirmed; a member saved with the account's own phone counts as confirmed.
ALTER TABLE patients ADD COLUMN phone_verified_at INTEGER;
UPDATE patients SET phone_verified_at = created_at
    WHERE phone = (SELECT a.phone FROM accounts a WHERE a.id = patients.account_id);

-- One account holder ("本人") per account, also under concurrent saves.
CREATE UNIQUE INDEX patients_one_holder_per_account ON patients (account_id)
    WHERE relation = 'self' AND deleted_at IS NULL;
