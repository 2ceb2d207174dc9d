-- The event journal (src/store/journal.rs): append-only, one hash chain per procurement.
CREATE TABLE event (
    id             INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL,
    seq            INTEGER NOT NULL,            -- 1, 2, … within the procurement
    kind           TEXT NOT NULL,
    at             TEXT NOT NULL,               -- UTC, RFC 3339
    actor          TEXT NOT NULL,               -- the name the person gave ('' where none)
    os_user        TEXT NOT NULL,               -- the operating system's user
    subject        TEXT,                        -- the supplier concerned (NNNNNN-NNNN)
    payload_json   TEXT NOT NULL,               -- what happened, before and after
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    UNIQUE (procurement_id, seq)
) STRICT;
CREATE INDEX event_subject ON event (procurement_id, subject);

-- Every workbook received, its bytes kept once by SHA-256: a decision can be derived again from
-- the originals years later.
CREATE TABLE kept_file (
    sha256 TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    size   INTEGER NOT NULL,
    bytes  BLOB NOT NULL
) STRICT;

-- History is never rewritten: the journal, the kept files, people's overrides, decisions and a
-- bid as read. (The bid's state, the stored proposals and the rest are caches derived from it.)
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'journalen kan inte ändras'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'journalen kan inte ändras'); END;
CREATE TRIGGER kept_file_no_update BEFORE UPDATE ON kept_file
BEGIN SELECT RAISE(ABORT, 'en mottagen fil kan inte ändras'); END;
CREATE TRIGGER kept_file_no_delete BEFORE DELETE ON kept_file
BEGIN SELECT RAISE(ABORT, 'en mottagen fil kan inte ändras'); END;
CREATE TRIGGER override_no_update BEFORE UPDATE ON override
BEGIN SELECT RAISE(ABORT, 'ett ändrat utfall kan inte skrivas om'); END;
CREATE TRIGGER override_no_delete BEFORE DELETE ON override
BEGIN SELECT RAISE(ABORT, 'ett ändrat utfall kan inte skrivas om'); END;
CREATE TRIGGER decision_no_delete BEFORE DELETE ON decision
BEGIN SELECT RAISE(ABORT, 'ett beslut kan inte tas bort'); END;
-- A decision is never changed; only the pointer to the decision that superseded it is set, once.
CREATE TRIGGER decision_no_update BEFORE UPDATE ON decision
WHEN OLD.superseded_by IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.procurement_id IS NOT OLD.procurement_id OR NEW.number IS NOT OLD.number
  OR NEW.decision_date IS NOT OLD.decision_date OR NEW.decided_by IS NOT OLD.decided_by
  OR NEW.role IS NOT OLD.role OR NEW.sent_date IS NOT OLD.sent_date
  OR NEW.standstill_end IS NOT OLD.standstill_end OR NEW.canonical_json IS NOT OLD.canonical_json
  OR NEW.sha256 IS NOT OLD.sha256 OR NEW.inputs_json IS NOT OLD.inputs_json OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'ett beslut kan inte ändras'); END;
CREATE TRIGGER bid_no_delete BEFORE DELETE ON bid
BEGIN SELECT RAISE(ABORT, 'ett mottaget anbud kan inte tas bort'); END;
CREATE TRIGGER bid_content_no_update BEFORE UPDATE OF procurement_id, file, sha256, org_nr, name, bid_date, imported_at, content_json ON bid
BEGIN SELECT RAISE(ABORT, 'ett mottaget anbud kan inte skrivas om'); END;
CREATE TRIGGER rejected_import_no_update BEFORE UPDATE ON rejected_import
BEGIN SELECT RAISE(ABORT, 'en avvisad fil kan inte skrivas om'); END;
CREATE TRIGGER rejected_import_no_delete BEFORE DELETE ON rejected_import
BEGIN SELECT RAISE(ABORT, 'en avvisad fil kan inte skrivas om'); END;
