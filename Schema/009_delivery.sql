-- OptOutTracker schema, version 9: how a notice was delivered, with proof.
-- A shipped migration is never edited: later changes go in new numbered files.
--
-- `notice send --deliver email|eml-dir:DIR` (and `notice remind`) writes one row per notice it
-- delivered: the Internet message's Message-ID, the SHA-256 of its exact bytes (CRLF line ends,
-- as handed to the transfer agent or written to the .eml file), the address it went to, and what
-- the transfer agent answered (its exit status and output, or the file written), and the message's
-- header block as written (its body is the notice's letter, so the message can be written again,
-- byte for byte, from the two). A notice whose
-- delivery failed is not logged at all, so every row here is a message that went out.
--
-- The rows are evidence: they are part of the case's records digest (`records_sha256`, see
-- version 5), sealed by the `delivered` event written with them. A case with no deliveries
-- digests as it did before this version, so every seal written earlier still verifies.
CREATE TABLE delivery (
    id              INTEGER PRIMARY KEY,
    notice_id       INTEGER NOT NULL UNIQUE REFERENCES notice (id),
    case_id         INTEGER NOT NULL REFERENCES "case" (id),
    method          TEXT    NOT NULL CHECK (method IN ('email', 'eml-dir')),
    address         TEXT    NOT NULL,
    message_id      TEXT    NOT NULL,
    message_sha256  TEXT    NOT NULL CHECK (length(message_sha256) = 64),
    message_headers TEXT    NOT NULL,
    agent_status    INTEGER,
    agent_output    TEXT    NOT NULL,
    command_id      INTEGER REFERENCES command (id)
);
CREATE INDEX delivery_case ON delivery (case_id);
CREATE INDEX delivery_command ON delivery (command_id);
CREATE INDEX delivery_message_sha256 ON delivery (message_sha256);
