-- The working group (docs/review.md): members, their declarations of jäv, who reviews which
-- supplier, the review packages exported and the responses merged, and each assessment.
CREATE TABLE reviewer (
    id             INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL REFERENCES procurement(id) ON DELETE CASCADE,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_key       TEXT NOT NULL,               -- lower-case, trimmed: a name is unique by it
    region         TEXT,
    added_at       TEXT NOT NULL,
    UNIQUE (procurement_id, name_key)
) STRICT;

-- A declaration of jäv (conflict of interest): never withdrawn, never changed.
CREATE TABLE reviewer_conflict (
    id          INTEGER PRIMARY KEY,
    reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
    org_nr      TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    declared_at TEXT NOT NULL
) STRICT;
CREATE INDEX reviewer_conflict_org ON reviewer_conflict (reviewer_id, org_nr);

CREATE TABLE review_assignment (
    reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
    org_nr      TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (reviewer_id, org_nr)
) STRICT;

CREATE TABLE review_package (
    id                TEXT PRIMARY KEY,         -- random, 32 hex digits
    procurement_id    TEXT NOT NULL REFERENCES procurement(id),
    reviewer_id       INTEGER NOT NULL REFERENCES reviewer(id),
    response_identity TEXT NOT NULL,            -- the age key that opens this package's responses
    suppliers_json    TEXT NOT NULL,            -- [{"org_nr", "sha256"}]: the bids it holds
    sha256            TEXT NOT NULL,            -- of the package file as written
    created_at        TEXT NOT NULL
) STRICT;

CREATE TABLE review_response (
    id         TEXT PRIMARY KEY,                -- the response's own random id
    package_id TEXT NOT NULL REFERENCES review_package(id),
    sha256     TEXT NOT NULL,                   -- of the response file as merged
    written_at TEXT NOT NULL,                   -- when the member wrote it (their clock)
    merged_at  TEXT NOT NULL
) STRICT;

-- A member's assessment of one requirement of one bid, beside the proposal they saw.
CREATE TABLE assessment (
    id             INTEGER PRIMARY KEY,
    response_id    TEXT NOT NULL REFERENCES review_response(id),
    reviewer_id    INTEGER NOT NULL REFERENCES reviewer(id),
    bid_id         INTEGER NOT NULL REFERENCES bid(id),
    requirement_id TEXT NOT NULL,
    proposed       TEXT NOT NULL CHECK (proposed IN ('pass', 'fail', 'review', 'missing')),
    outcome        TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'missing')),
    justification  TEXT NOT NULL,
    comment        TEXT NOT NULL,
    assessed_at    TEXT NOT NULL,
    UNIQUE (response_id, bid_id, requirement_id)
) STRICT;
CREATE INDEX assessment_bid ON assessment (bid_id);

CREATE TRIGGER reviewer_no_change BEFORE UPDATE ON reviewer
BEGIN SELECT RAISE(ABORT, 'en registrerad granskare kan inte skrivas om'); END;
CREATE TRIGGER reviewer_no_delete BEFORE DELETE ON reviewer
BEGIN SELECT RAISE(ABORT, 'en registrerad granskare kan inte tas bort'); END;
CREATE TRIGGER reviewer_conflict_no_update BEFORE UPDATE ON reviewer_conflict
BEGIN SELECT RAISE(ABORT, 'en jävsanmälan kan inte ändras'); END;
CREATE TRIGGER reviewer_conflict_no_delete BEFORE DELETE ON reviewer_conflict
BEGIN SELECT RAISE(ABORT, 'en jävsanmälan kan inte tas bort'); END;
CREATE TRIGGER review_package_no_update BEFORE UPDATE ON review_package
BEGIN SELECT RAISE(ABORT, 'ett granskningspaket kan inte ändras'); END;
CREATE TRIGGER review_package_no_delete BEFORE DELETE ON review_package
BEGIN SELECT RAISE(ABORT, 'ett granskningspaket kan inte tas bort'); END;
CREATE TRIGGER review_response_no_update BEFORE UPDATE ON review_response
BEGIN SELECT RAISE(ABORT, 'ett granskningssvar kan inte ändras'); END;
CREATE TRIGGER review_response_no_delete BEFORE DELETE ON review_response
BEGIN SELECT RAISE(ABORT, 'ett granskningssvar kan inte tas bort'); END;
CREATE TRIGGER assessment_no_update BEFORE UPDATE ON assessment
BEGIN SELECT RAISE(ABORT, 'en bedömning kan inte skrivas om'); END;
CREATE TRIGGER assessment_no_delete BEFORE DELETE ON assessment
BEGIN SELECT RAISE(ABORT, 'en bedömning kan inte tas bort'); END;
