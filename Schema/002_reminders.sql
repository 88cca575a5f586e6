-- OptOutTracker schema, version 2: reminders.
-- A notice row is either the notice that opened the case or a reminder of its deadline sent
-- later; both keep the SHA-256 of the letter's text. Rows logged before version 2 are notices.

ALTER TABLE notice ADD COLUMN kind TEXT NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'reminder'));
