-- Each stored proposal keeps its stable reason code beside the Swedish sentence
-- (docs/reason-codes.md). NULL in rows written before this version.
ALTER TABLE outcome ADD COLUMN reason_code TEXT;
