-- OptOutTracker schema, version 6: strict dates.
-- A date column holds a real calendar date, YYYY-MM-DD, from 1900-01-01 to 2200-12-31 (or
-- nothing). SQLite cannot alter a CHECK, so triggers refuse other values on insert and update.
-- Rows written before this version are not rewritten (they are evidence): `optout check` names
-- any that break the rule. (date(x, '+0 days') normalises 2024-02-30 to 2024-03-01, so only a
-- real date equals it.)

CREATE TRIGGER campaign_deadline_is_a_date_on_insert BEFORE INSERT ON campaign
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'campaign.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER campaign_deadline_is_a_date_on_update BEFORE UPDATE OF deadline ON campaign
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'campaign.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_sent_on_is_a_date_on_insert BEFORE INSERT ON "case"
WHEN NEW.sent_on IS NOT NULL AND (typeof(NEW.sent_on) <> 'text' OR date(NEW.sent_on, '+0 days') IS NOT NEW.sent_on
                              OR NEW.sent_on < '1900-01-01' OR NEW.sent_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.sent_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_sent_on_is_a_date_on_update BEFORE UPDATE OF sent_on ON "case"
WHEN NEW.sent_on IS NOT NULL AND (typeof(NEW.sent_on) <> 'text' OR date(NEW.sent_on, '+0 days') IS NOT NEW.sent_on
                              OR NEW.sent_on < '1900-01-01' OR NEW.sent_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.sent_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_deadline_is_a_date_on_insert BEFORE INSERT ON "case"
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_deadline_is_a_date_on_update BEFORE UPDATE OF deadline ON "case"
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_last_reply_on_is_a_date_on_insert BEFORE INSERT ON "case"
WHEN NEW.last_reply_on IS NOT NULL AND (typeof(NEW.last_reply_on) <> 'text' OR date(NEW.last_reply_on, '+0 days') IS NOT NEW.last_reply_on
                              OR NEW.last_reply_on < '1900-01-01' OR NEW.last_reply_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.last_reply_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER case_last_reply_on_is_a_date_on_update BEFORE UPDATE OF last_reply_on ON "case"
WHEN NEW.last_reply_on IS NOT NULL AND (typeof(NEW.last_reply_on) <> 'text' OR date(NEW.last_reply_on, '+0 days') IS NOT NEW.last_reply_on
                              OR NEW.last_reply_on < '1900-01-01' OR NEW.last_reply_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'case.last_reply_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER notice_sent_on_is_a_date_on_insert BEFORE INSERT ON notice
WHEN NEW.sent_on IS NOT NULL AND (typeof(NEW.sent_on) <> 'text' OR date(NEW.sent_on, '+0 days') IS NOT NEW.sent_on
                              OR NEW.sent_on < '1900-01-01' OR NEW.sent_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'notice.sent_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER notice_sent_on_is_a_date_on_update BEFORE UPDATE OF sent_on ON notice
WHEN NEW.sent_on IS NOT NULL AND (typeof(NEW.sent_on) <> 'text' OR date(NEW.sent_on, '+0 days') IS NOT NEW.sent_on
                              OR NEW.sent_on < '1900-01-01' OR NEW.sent_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'notice.sent_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER notice_deadline_is_a_date_on_insert BEFORE INSERT ON notice
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'notice.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER notice_deadline_is_a_date_on_update BEFORE UPDATE OF deadline ON notice
WHEN NEW.deadline IS NOT NULL AND (typeof(NEW.deadline) <> 'text' OR date(NEW.deadline, '+0 days') IS NOT NEW.deadline
                              OR NEW.deadline < '1900-01-01' OR NEW.deadline > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'notice.deadline must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER reply_received_on_is_a_date_on_insert BEFORE INSERT ON reply
WHEN NEW.received_on IS NOT NULL AND (typeof(NEW.received_on) <> 'text' OR date(NEW.received_on, '+0 days') IS NOT NEW.received_on
                              OR NEW.received_on < '1900-01-01' OR NEW.received_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'reply.received_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER reply_received_on_is_a_date_on_update BEFORE UPDATE OF received_on ON reply
WHEN NEW.received_on IS NOT NULL AND (typeof(NEW.received_on) <> 'text' OR date(NEW.received_on, '+0 days') IS NOT NEW.received_on
                              OR NEW.received_on < '1900-01-01' OR NEW.received_on > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'reply.received_on must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER disclosure_held_from_is_a_date_on_insert BEFORE INSERT ON disclosure
WHEN NEW.held_from IS NOT NULL AND (typeof(NEW.held_from) <> 'text' OR date(NEW.held_from, '+0 days') IS NOT NEW.held_from
                              OR NEW.held_from < '1900-01-01' OR NEW.held_from > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'disclosure.held_from must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER disclosure_held_from_is_a_date_on_update BEFORE UPDATE OF held_from ON disclosure
WHEN NEW.held_from IS NOT NULL AND (typeof(NEW.held_from) <> 'text' OR date(NEW.held_from, '+0 days') IS NOT NEW.held_from
                              OR NEW.held_from < '1900-01-01' OR NEW.held_from > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'disclosure.held_from must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER disclosure_held_until_is_a_date_on_insert BEFORE INSERT ON disclosure
WHEN NEW.held_until IS NOT NULL AND (typeof(NEW.held_until) <> 'text' OR date(NEW.held_until, '+0 days') IS NOT NEW.held_until
                              OR NEW.held_until < '1900-01-01' OR NEW.held_until > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'disclosure.held_until must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER disclosure_held_until_is_a_date_on_update BEFORE UPDATE OF held_until ON disclosure
WHEN NEW.held_until IS NOT NULL AND (typeof(NEW.held_until) <> 'text' OR date(NEW.held_until, '+0 days') IS NOT NEW.held_until
                              OR NEW.held_until < '1900-01-01' OR NEW.held_until > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'disclosure.held_until must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER event_on_date_is_a_date_on_insert BEFORE INSERT ON event
WHEN NEW.on_date IS NOT NULL AND (typeof(NEW.on_date) <> 'text' OR date(NEW.on_date, '+0 days') IS NOT NEW.on_date
                              OR NEW.on_date < '1900-01-01' OR NEW.on_date > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'event.on_date must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;

CREATE TRIGGER event_on_date_is_a_date_on_update BEFORE UPDATE OF on_date ON event
WHEN NEW.on_date IS NOT NULL AND (typeof(NEW.on_date) <> 'text' OR date(NEW.on_date, '+0 days') IS NOT NEW.on_date
                              OR NEW.on_date < '1900-01-01' OR NEW.on_date > '2200-12-31')
BEGIN
    SELECT RAISE(ABORT, 'event.on_date must be a calendar date (YYYY-MM-DD) from 1900-01-01 to 2200-12-31');
END;
