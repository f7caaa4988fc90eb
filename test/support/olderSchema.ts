// Turns a database back into what an older migration left, so a test can check that the next ones upgrade a
// database that already holds deliveries and calls: 6 (the refused-body budget), 7 (catch-up).

export const UNDO_MIGRATION_7 = `
  DROP TABLE api_events; DROP TABLE api_answers; DROP TABLE api_bodies;
  ALTER TABLE calls DROP COLUMN caught_up;
`;

export const UNDO_MIGRATION_6 = `
  DROP TRIGGER rejected_bytes_insert; DROP TRIGGER rejected_bytes_update; DROP TRIGGER rejected_bytes_delete;
  DROP TABLE rejected_body_bytes; DROP INDEX deliveries_rejected_bodies;
  ALTER TABLE deliveries DROP COLUMN body_kept; ALTER TABLE deliveries DROP COLUMN body_sha256; ALTER TABLE deliveries DROP COLUMN body_size;
`;
