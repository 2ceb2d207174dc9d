-- Who sent a workbook that was not evaluated, as far as it tells (Anbudsgivare: Företagsnamn and
-- a valid Organisationsnummer), so that the bidder is named in the record and gets a notice.
ALTER TABLE rejected_import ADD COLUMN bidder_json TEXT;
