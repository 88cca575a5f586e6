-- OptOutTracker schema, version 8: the disclosures that name a disclosure, found by an index.
-- A reply's disclosures are written in the file's order, so a row names the later row that
-- supersedes it before that row exists. While any such reference is pending, SQLite looks, for
-- each disclosure written, for the rows that name it through each foreign key to the table
-- (`superseded_by` and `via_disclosure_id`): without an index, a scan of the whole table per row.
-- The same lookups serve each disclosure `optout undo` deletes. Only rows that name one are indexed.
CREATE INDEX disclosure_superseded_by ON disclosure (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX disclosure_via ON disclosure (via_disclosure_id) WHERE via_disclosure_id IS NOT NULL;
