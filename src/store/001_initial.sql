-- Anbud schema, version 1. Money and hours are exact decimal TEXT, never REAL.

CREATE TABLE procurement (
    id              TEXT PRIMARY KEY,           -- diarienummer
    name            TEXT NOT NULL,
    definition_toml TEXT NOT NULL,              -- the definition as written
    definition_json TEXT NOT NULL,              -- the validated definition
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE bid (
    id             INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL REFERENCES procurement(id) ON DELETE CASCADE,
    file           TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    org_nr         TEXT NOT NULL,               -- NNNNNN-NNNN
    name           TEXT NOT NULL,
    bid_date       TEXT NOT NULL,               -- ISO 8601
    state          TEXT NOT NULL CHECK (state IN ('active', 'replaced', 'ambiguous')),
    replaced_by    INTEGER REFERENCES bid(id),
    imported_at    TEXT NOT NULL,
    content_json   TEXT NOT NULL,               -- the bid as read, every answer with its cell
    UNIQUE (procurement_id, sha256)
) STRICT;
CREATE INDEX bid_org ON bid (procurement_id, org_nr);

CREATE TABLE answer (
    bid_id     INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    sheet      TEXT NOT NULL,
    cell       TEXT,
    question   TEXT NOT NULL,
    value_type TEXT NOT NULL,
    value      TEXT
) STRICT;
CREATE INDEX answer_bid ON answer (bid_id);

CREATE TABLE assignment (
    bid_id     INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    row        INTEGER NOT NULL,
    customer   TEXT NOT NULL,
    profession TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    hours      TEXT NOT NULL                    -- exact decimal
) STRICT;
CREATE INDEX assignment_bid ON assignment (bid_id);

CREATE TABLE lot_offer (
    bid_id  INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    offered INTEGER NOT NULL,
    zones   TEXT NOT NULL
) STRICT;
CREATE INDEX lot_offer_bid ON lot_offer (bid_id);

CREATE TABLE stated_price (
    bid_id INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    lot    TEXT NOT NULL,
    zone   INTEGER NOT NULL,
    price  TEXT NOT NULL,                       -- exact decimal, SEK per hour
    cell   TEXT NOT NULL
) STRICT;
CREATE INDEX stated_price_bid ON stated_price (bid_id);

-- The engine's proposal per requirement (refreshed when the bid is evaluated again).
CREATE TABLE outcome (
    bid_id         INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL,
    proposed       TEXT NOT NULL CHECK (proposed IN ('pass', 'fail', 'review', 'missing')),
    reason         TEXT NOT NULL,
    evidence_json  TEXT NOT NULL,
    PRIMARY KEY (bid_id, requirement_id)
) STRICT;

-- People's decisions: append-only; the latest per (bid, requirement) is in force, and the
-- proposal it overrode is kept beside it.
CREATE TABLE override (
    id             INTEGER PRIMARY KEY,
    bid_id         INTEGER NOT NULL REFERENCES bid(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL,
    original       TEXT NOT NULL CHECK (original IN ('pass', 'fail', 'review', 'missing')),
    outcome        TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'review', 'missing')),
    justification  TEXT NOT NULL CHECK (length(trim(justification)) > 0),
    decided_by     TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
    decided_at     TEXT NOT NULL
) STRICT;
CREATE INDEX override_bid ON override (bid_id);

CREATE TABLE rejected_import (
    id             INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL REFERENCES procurement(id) ON DELETE CASCADE,
    file           TEXT NOT NULL,
    errors_json    TEXT NOT NULL,
    at             TEXT NOT NULL
) STRICT;

CREATE TABLE decision (
    id             INTEGER PRIMARY KEY,
    procurement_id TEXT NOT NULL REFERENCES procurement(id) ON DELETE CASCADE,
    decision_date  TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    sent_date      TEXT NOT NULL,
    standstill_end TEXT NOT NULL,
    canonical_json TEXT NOT NULL,               -- the decision data the fingerprint is taken of
    sha256         TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
