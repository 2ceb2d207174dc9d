-- Decisions are numbered per procurement (Beslut nr 1, 2, …). A decision re-taken for the same
-- procurement supersedes the one in force: `superseded_by` points at the decision that replaced it.
ALTER TABLE decision ADD COLUMN number INTEGER;
ALTER TABLE decision ADD COLUMN superseded_by INTEGER REFERENCES decision(id);
UPDATE decision SET number =
    (SELECT COUNT(*) FROM decision d WHERE d.procurement_id = decision.procurement_id AND d.id <= decision.id);
UPDATE decision SET superseded_by =
    (SELECT MIN(d.id) FROM decision d WHERE d.procurement_id = decision.procurement_id AND d.id > decision.id);
CREATE UNIQUE INDEX decision_number ON decision (procurement_id, number);
