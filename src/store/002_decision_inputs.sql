-- What a decision was taken on, so `anbud verify` can recompute its fingerprint from the store:
-- the bids (by SHA-256 of their files), the workbooks not evaluated, the definition, the
-- decision input, and the last override recorded when it was taken.
ALTER TABLE decision ADD COLUMN inputs_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE decision ADD COLUMN role TEXT;
