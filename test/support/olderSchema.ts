// Turns a database back into what migration 5 left, so a test can check that migration 6 (the refused-body
// budget) upgrades a database that already holds deliveries.

export const UNDO_MIGRATION_6 = `
  DROP TRIGGER rejected_bytes_insert; DROP TRIGGER rejected_bytes_update; DROP TRIGGER rejected_bytes_delete;
  DROP TABLE rejected_body_bytes; DROP INDEX deliveries_rejected_bodies;
  ALTER TABLE deliveries DROP COLUMN body_kept; ALTER TABLE deliveries DROP COLUMN body_sha256; ALTER TABLE deliveries DROP COLUMN body_size;
`;
