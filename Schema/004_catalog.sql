-- OptOutTracker schema, version 4: the rights-holder's catalogue, disclosures matched to it, and
-- replies recorded for a recipient's affiliates.
-- A shipped migration is never edited: later changes go in new numbered files.

-- One of the rights-holder's own works: a recording (with its ISRC) or a composition (with its
-- ISWC), or a recording whose composition is known too. A work is found again on re-import by
-- its ISRC, else (a composition alone) by its ISWC.
CREATE TABLE work (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    artist          TEXT    NOT NULL,
    -- Normalised: 12 characters, upper case, no hyphens.
    isrc            TEXT    UNIQUE CHECK (isrc IS NULL OR length(isrc) = 12),
    -- Normalised: `T` and ten digits, no separators.
    iswc            TEXT    CHECK (iswc IS NULL OR (length(iswc) = 11 AND iswc GLOB 'T[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')),
    -- The label or publishing entity that holds it.
    owner           TEXT,
    -- `YYYY` or `YYYY-MM-DD`.
    released        TEXT,
    -- Title and artist folded for matching (case, accents, punctuation, featured artists); NULL
    -- when either folds to nothing (a title of punctuation alone).
    match_key       TEXT,
    CHECK (isrc IS NOT NULL OR iswc IS NOT NULL)
);
CREATE UNIQUE INDEX work_composition ON work (iswc) WHERE isrc IS NULL;
CREATE INDEX work_iswc ON work (iswc);
CREATE INDEX work_match_key ON work (match_key);

-- Each disclosure's match in the catalogue: the work, and how it was found (`isrc`,
-- `title-artist`), or `unknown-work`. NULL while there is no catalogue to match against.
ALTER TABLE disclosure ADD COLUMN match_key TEXT;
ALTER TABLE disclosure ADD COLUMN work_id INTEGER REFERENCES work (id);
ALTER TABLE disclosure ADD COLUMN matched_by TEXT CHECK (matched_by IS NULL OR matched_by IN ('isrc', 'title-artist', 'unknown-work'));
-- For an affiliate's case: the disclosure of its parent's reply that this one repeats.
ALTER TABLE disclosure ADD COLUMN via_disclosure_id INTEGER REFERENCES disclosure (id);
CREATE INDEX disclosure_isrc ON disclosure (isrc);
CREATE INDEX disclosure_match_key ON disclosure (match_key);
CREATE INDEX disclosure_work ON disclosure (work_id, superseded_by);

-- For an affiliate's case: the reply of its parent that was recorded on its behalf.
ALTER TABLE reply ADD COLUMN via_reply_id INTEGER REFERENCES reply (id);
