-- Code quotas count the phone a code goes to, whatever was typed to get it (a phone, a
-- card, a member's phone), so one phone saved on many members cannot be flooded.
CREATE INDEX login_codes_by_phone ON login_codes (phone, created_at) WHERE phone IS NOT NULL;
