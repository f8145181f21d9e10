-- The booking rules count a person's no-shows, same-day visits and upcoming appointments
-- across every member row with their resident ID number: in any account, and removed rows
-- too (removing and re-adding a member must not clear a no-show ban). The index of 0002
-- covered live rows only; this one covers all, and replaces it.
CREATE INDEX patients_by_person ON patients (id_number);
DROP INDEX patients_by_id_number;
