import type { Migration } from '../../../storage/migrations/types.js';

/**
 * Kept images of a check (the chip's portrait and the best live frame), only while the keepImages setting is
 * on; deleted after expires_ms by the 'images.retention' job. The database is SQLCipher-encrypted, so they
 * are encrypted at rest. Receipts carry only their SHA-256.
 */
export const m002: Migration = {
  version: 2,
  name: 'images',
  sql: `CREATE TABLE bank_images (
  check_id TEXT NOT NULL REFERENCES bank_checks (check_id),
  kind TEXT NOT NULL CHECK (kind IN ('reference', 'live')),
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (check_id, kind)
) STRICT;
CREATE INDEX bank_images_by_expiry ON bank_images (expires_ms);`,
};
