-- OptOutTracker schema, version 8: the disclosures a disclosure supersedes, found by an index.
-- A reply's disclosures are written in the file's order, so a row names the later row that
-- supersedes it before that row exists; SQLite then looks, for each row written, for the rows that
-- name it (as it does for each disclosure `optout undo` deletes). Only superseded rows are indexed.
CREATE INDEX disclosure_superseded_by ON disclosure (superseded_by) WHERE superseded_by IS NOT NULL;
