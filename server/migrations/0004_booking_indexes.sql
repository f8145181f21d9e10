-- The booking rules count a patient's no-shows on every booking; without this index that
-- count scanned every appointment.
CREATE INDEX appointments_by_patient_status ON appointments (patient_id, status);
