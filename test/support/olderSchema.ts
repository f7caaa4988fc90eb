// Turns a database back into what an older migration left, so a test can check that the next ones upgrade a
// database that already holds deliveries and calls: 6 (the refused-body budget), 7 (catch-up), 8 (contacts,
// lines, caller names and ad channels), 9 (call-back entries, notes, opened calls), 12 (compression), 15 (the
// call-back entries counted by state).

export const UNDO_MIGRATION_9 = `
  DROP TABLE follow_up_marks; DROP TABLE follow_ups; DROP TABLE follow_up_calls; DROP TABLE call_notes;
  DROP INDEX calls_outcome_by_caller; ALTER TABLE calls DROP COLUMN opened_at;
`;

/** Also takes from each call's fold what folds before migration 8 did not have. */
export const UNDO_MIGRATION_8 = `
  DROP INDEX calls_by_ad_channel; DROP INDEX calls_by_line; DROP INDEX calls_named_by_caller;
  ALTER TABLE calls DROP COLUMN ad_channel; ALTER TABLE calls DROP COLUMN caller_name;
  DROP TABLE lines; DROP TABLE contacts;
  UPDATE calls SET data = json_remove(data, '$.lookedUpName', '$.adChannel');
`;

export const UNDO_MIGRATION_7 = `
  DROP TABLE api_events; DROP TABLE api_answers; DROP TABLE api_bodies;
  ALTER TABLE calls DROP COLUMN caught_up;
`;

export const UNDO_MIGRATION_6 = `
  DROP TRIGGER rejected_bytes_insert; DROP TRIGGER rejected_bytes_update; DROP TRIGGER rejected_bytes_delete;
  DROP TABLE rejected_body_bytes; DROP INDEX deliveries_rejected_bodies;
  ALTER TABLE deliveries DROP COLUMN body_kept; ALTER TABLE deliveries DROP COLUMN body_sha256; ALTER TABLE deliveries DROP COLUMN body_size;
`;

/** Takes away the codec columns only: run it on a database whose rows were written before compression (or never read back). */
export const UNDO_MIGRATION_12 = `
  ALTER TABLE deliveries DROP COLUMN body_codec; ALTER TABLE api_bodies DROP COLUMN codec; ALTER TABLE api_bodies DROP COLUMN size;
  DROP TABLE compaction; CREATE INDEX calls_by_caller ON calls (caller_number, started_ms);
`;

export const UNDO_MIGRATION_15 = `
  DROP TRIGGER follow_up_counts_insert; DROP TRIGGER follow_up_counts_delete; DROP TRIGGER follow_up_counts_update; DROP TABLE follow_up_counts;
`;
