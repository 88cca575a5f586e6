-- OptOutTracker schema, version 11: follow-ups.
-- A campaign's follow-up ladder: reminders so many calendar days before (negative offset) or
-- after (positive) a case's current deadline, and escalation so many days after it. What a step
-- did is not stored here: a step is done when the history holds it (a reminder logged for the
-- case's current deadline on or after the step's day; the case escalated), so `undo` of an
-- `agenda run` takes a step back with the records it wrote. `command_id` is the command that set
-- the ladder (who, when, what was run), its audit trail.
CREATE TABLE follow_up_step (
    campaign_id     INTEGER NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('remind', 'escalate')),
    offset_days     INTEGER NOT NULL CHECK (offset_days BETWEEN -3650 AND 3650),
    command_id      INTEGER REFERENCES command (id),
    PRIMARY KEY (campaign_id, kind, offset_days),
    CHECK (kind = 'remind' OR offset_days >= 0)
) WITHOUT ROWID;

-- Recipients written to only through their counsel, or not at all: no notice or reminder goes
-- to their cases from `notice send --all`, `notice remind --all` or `agenda run`.
CREATE TABLE do_not_contact (
    recipient_id    INTEGER PRIMARY KEY REFERENCES recipient (id) ON DELETE CASCADE,
    reason          TEXT,
    command_id      INTEGER REFERENCES command (id)
);

-- The reminders of a case for one deadline, as the agenda looks for them.
CREATE INDEX notice_case_kind_deadline ON notice (case_id, kind, deadline, sent_on);
