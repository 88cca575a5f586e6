#!/usr/bin/env python3
"""Runs every line of SPEC section 8 with optout and, in the same run, the sqlite3 program doing the
same work on the same data; prints one table and writes it as Markdown. Started by run.sh, which
builds the release binary first; Python 3 standard library, the sqlite3 program and GNU time.

    python3 Benchmarks/bench.py --optout PATH [--quick] [--dir DIR] [--results FILE] [--seed S] [--only STEP,...]

Every step runs under a time limit: a step over its limit is killed, reported as "> N s, not met",
and the run goes on. Time is wall-clock; peak memory is the command's maximum resident set size as
GNU time reports it (`%M`, the kernel's figure when the command is reaped: nothing is sampled); see
`measure` for why not this process's own wait4, and `self_check` for the proof run first.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

AS_OF = "2024-07-01"
CAMPAIGN = "AI notice 2024"
ACTOR = "benchmark"


# --- running and measuring --------------------------------------------------------------------

@dataclass
class Run:
    """One measured process: wall seconds, peak resident KiB, exit status, whether it was killed."""
    seconds: float
    kib: int  # None when GNU time could not say
    rc: int
    killed: bool
    limit: float
    lines: int = 0
    error: str = ""
    output: str = ""

    @property
    def ok(self):
        return self.rc == 0 and not self.killed


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(b"\n")
    return n


TIME = "/usr/bin/time"


def gnu_time():
    """The path of GNU time, or None. Peak memory is measured through it: see `measure`."""
    try:
        result = subprocess.run([TIME, "--version"], capture_output=True, text=True)
    except OSError:
        return None
    return TIME if "GNU" in (result.stdout + result.stderr) else None


def group_members(pgid):
    """The processes of a process group (read from /proc), so a timed-out step's command can be
    killed while GNU time, its parent in the group, stays alive to report its peak."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # after "pid (comm) ": state, ppid, pgrp, ...
        if len(fields) > 2 and int(fields[2]) == pgid:
            pids.append(int(entry))
    return pids


def measure(cmd, limit, out_path, env=None, stdin_path=None, cwd=None):
    """Runs cmd with stdout to out_path; kills it once `limit` seconds have passed.

    Peak memory is the command's own maximum resident set size, reported by GNU time (`%M`), which
    this process starts and which starts the command. Not wait4's ru_maxrss of a child of this
    process: Linux carries a parent's peak into a forked child (fork copies the memory map with its
    high-water mark, and exec keeps the larger of it and the new one), so every command started from
    a Python that had grown to 175 MB reported at least 175 MB. GNU time is a small C program, so its
    child starts from a few hundred KiB; `self_check` proves it on every run."""
    err_path = out_path + ".err"
    rss_path = out_path + ".rss"
    with open(out_path, "wb") as out, open(err_path, "wb") as err, \
            open(stdin_path or os.devnull, "rb") as stdin:
        start = time.monotonic()
        process = subprocess.Popen([TIME, "-f", "%M", "-o", rss_path] + list(cmd), stdin=stdin, stdout=out,
                                   stderr=err, env=env, cwd=cwd, start_new_session=True)
        killed = threading.Event()

        def kill(everything=False):
            killed.set()
            try:  # the command and anything it started; GNU time (the group's leader) then reports
                for pid in group_members(process.pid):
                    if everything or pid != process.pid:
                        os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(limit, kill)
        timer.start()
        try:
            _, status, _ = os.wait4(process.pid, 0)
        except BaseException:  # Ctrl-C: the step runs in its own session, so stop it too
            kill(everything=True)
            raise
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    with open(err_path, "rb") as f:
        error = f.read(4000).decode("utf-8", "replace").strip()
    kib = None
    try:  # the last line is %M; a line before it may say how the command ended
        with open(rss_path, encoding="utf-8", errors="replace") as f:
            kib = int(f.read().split()[-1])
        os.remove(rss_path)
    except (OSError, ValueError, IndexError):
        pass
    return Run(seconds=seconds, kib=kib, rc=process.returncode, killed=killed.is_set(), limit=limit,
               lines=count_lines(out_path), error=error.splitlines()[0] if error else "")


def self_check(work):
    """Proves that a command's peak is its own: this process grows by 200 MB, then measures
    /bin/true, which must report under 5 MB (wait4's ru_maxrss here would say 200 MB or more)."""
    ballast = bytearray(200_000_000)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1  # touched, so resident
    run = measure(["/bin/true"], 30, os.path.join(work, "self-check.out"))
    del ballast
    return run


# --- bounds and the table ---------------------------------------------------------------------

@dataclass
class Bound:
    """A line's bound from SPEC section 8: a ratio to sqlite3, a time and/or a peak memory."""
    ratio: float = None
    seconds: float = None
    mb: float = None

    def text(self, scale):
        parts = []
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g} × sqlite3")
        if self.seconds is not None:
            parts.append(f"< {self.seconds * scale:g} s")
        if self.mb is not None:
            parts.append(f"< {self.mb:g} MB")
        return ", ".join(parts) or "—"


@dataclass
class Line:
    work: str
    bound: Bound
    step: str = ""
    optout: Run = None
    sqlite: Run = None
    notes: list = field(default_factory=list)

    def met(self, scale):
        if self.optout is None:
            return "not run"
        if self.optout.killed:
            return "not met"
        if self.optout.rc != 0:
            return f"failed (exit {self.optout.rc})"
        b = self.bound
        if b.ratio is None and b.seconds is None and b.mb is None:
            return "—"
        ok = True
        if b.ratio is not None:
            if self.sqlite is None or not self.sqlite.ok:
                return "? (no sqlite3 time)"
            ok &= self.optout.seconds <= b.ratio * self.sqlite.seconds
        if b.seconds is not None:
            ok &= self.optout.seconds < b.seconds * scale
        if b.mb is not None:
            if self.optout.kib is None:
                return "? (no peak memory)"
            ok &= self.optout.kib * 1024 / 1e6 < b.mb
        return "met" if ok else "not met"


def fmt_time(run):
    if run is None:
        return "—"
    if run.killed:
        return f"> {run.limit:g} s"
    if run.rc != 0:
        return f"failed ({run.seconds:.2f} s)"
    return f"{run.seconds:.2f} s"


def fmt_ratio(line):
    o, s = line.optout, line.sqlite
    if o is None or s is None or not s.ok or s.seconds <= 0:
        return "—"
    if o.killed:
        return f"> {o.limit / s.seconds:.1f}×"
    if o.rc != 0:
        return "—"
    return f"{o.seconds / s.seconds:.1f}×"


def fmt_mb(run):
    if run is None:
        return "—"
    if run.kib is None:
        return "?"
    return f"{run.kib * 1024 / 1e6:.0f} MB"


def table(lines, scale):
    header = ["work", "optout time", "sqlite3 time", "ratio", "optout peak memory", "bound", "met?"]
    rows = [[ln.work, fmt_time(ln.optout), fmt_time(ln.sqlite), fmt_ratio(ln), fmt_mb(ln.optout),
             ln.bound.text(scale), ln.met(scale)] for ln in lines]
    return header, rows


def markdown(header, rows):
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(out)


def plain(header, rows):
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    sep = "  "
    out = [sep.join(h.ljust(w) for h, w in zip(header, widths)), sep.join("-" * w for w in widths)]
    out += [sep.join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(out)


# --- the sqlite3 program's side ---------------------------------------------------------------

def dot_arg(path):
    """A path as an argument of a sqlite3 dot-command (double-quoted, so spaces are kept)."""
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sql_text(value):
    return "'" + str(value).replace("'", "''") + "'"


# The connection settings optout uses (GRDB turns foreign keys on; Tracker.swift sets WAL and FULL).
SETTINGS = "PRAGMA foreign_keys = ON;\nPRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n"


def recipients_sql(csv_path):
    return SETTINGS + f"""
BEGIN;
INSERT INTO command (at, actor, name) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'recipient import');
CREATE TEMP TABLE staging (name TEXT, category TEXT, country TEXT, email TEXT, contact TEXT, parent TEXT);
.import --csv --skip 1 {dot_arg(csv_path)} staging
INSERT INTO recipient (name, name_key, category, country, email, contact, parent)
SELECT trim(name), lower(trim(name)), category, nullif(upper(country), ''), nullif(email, ''), nullif(contact, ''),
       nullif(parent, '')
FROM staging WHERE true
ON CONFLICT (name_key) DO UPDATE SET category = excluded.category, country = excluded.country,
    email = excluded.email, contact = excluded.contact, parent = excluded.parent;
INSERT INTO "case" (campaign_id, recipient_id, state)
SELECT c.id, r.id, 'draft' FROM recipient r JOIN campaign c ON c.category = r.category WHERE true
ON CONFLICT DO NOTHING;
INSERT INTO event (case_id, at, actor, action, to_state, command_id, prev_hash, hash)
SELECT k.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'registered', 'draft', (SELECT MAX(id) FROM command), '',
       lower(hex(sha3(k.id || ' registered draft ' || r.name, 256)))
FROM "case" k JOIN recipient r ON r.id = k.recipient_id;
COMMIT;
"""


def notices_sql():
    return SETTINGS + f"""
BEGIN;
INSERT INTO command (at, actor, name) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'notice send --all');
INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256, kind, command_id)
SELECT k.id, '2024-05-14', 'email', c.deadline, c.template,
       lower(hex(sha3('Dear ' || ifnull(r.contact, 'Sir or Madam') || ', ' || r.name || ' is notified by ' || c.issuer
                      || ' that the works of the catalogue are reserved; reply by ' || c.deadline, 256))),
       'notice', (SELECT MAX(id) FROM command)
FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
WHERE c.name = {sql_text(CAMPAIGN)} AND k.state = 'draft';
INSERT INTO event (case_id, at, actor, action, from_state, to_state, on_date, note, command_id, case_before, prev_hash, hash)
SELECT n.case_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'notice-sent', 'draft', 'notified', n.sent_on,
       'by email, deadline ' || n.deadline || ', letter sha256 ' || n.letter_sha256, n.command_id,
       json_object('state', 'draft'), '', lower(hex(sha3(n.case_id || n.letter_sha256, 256)))
FROM notice n WHERE n.command_id = (SELECT MAX(id) FROM command);
UPDATE "case" SET state = 'notified', sent_on = n.sent_on, deadline = n.deadline
FROM notice n WHERE n.case_id = "case".id AND n.command_id = (SELECT MAX(id) FROM command);
COMMIT;
"""


def overdue_sql():
    return f"""
SELECT r.name AS recipient, r.id AS recipient_id, r.category, c.name AS campaign, k.state, k.sent_on, k.deadline,
       CAST(julianday('{AS_OF}') - julianday(k.deadline) AS INTEGER) AS days_overdue
FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
WHERE k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline < '{AS_OF}'
ORDER BY k.deadline, r.name_key, c.id;
"""


def catalogue_sql(csv_path):
    return SETTINGS + f"""
BEGIN;
CREATE TEMP TABLE staging (title TEXT, artist TEXT, isrc TEXT, iswc TEXT, owner TEXT, released TEXT);
.import --csv --skip 1 {dot_arg(csv_path)} staging
INSERT INTO work (title, artist, isrc, iswc, owner, released, match_key)
SELECT title, artist, nullif(upper(replace(isrc, '-', '')), ''), nullif(replace(replace(iswc, '-', ''), '.', ''), ''),
       nullif(owner, ''), nullif(released, ''), lower(title) || char(31) || lower(artist)
FROM staging;
COMMIT;
"""


MISSING = " || ".join(f"CASE WHEN {cond} THEN '{item},' ELSE '' END" for item, cond in [
    ("work", "isrc = '' AND (title = '' OR artist = '')"),
    ("access_method", "access_method = ''"), ("copies_made", "copies_made = ''"),
    ("copies_exist", "copies_exist = ''"), ("held_from", "held_from = ''"),
    ("held_until", "held_until = '' AND copies_exist <> 'yes'"), ("justification", "justification = ''")])


def supersede_sql(case_ids):
    """Superseding in SQL, for the database the sqlite3 program built when optout's reply could not
    finish (so the report over it counts what optout would): a later row of the same work (same
    ISRC, else same title and artist) in the same case supersedes an earlier one."""
    return SETTINGS + "PRAGMA cache_size = -262144;\nBEGIN;\n" + "".join(f"""
UPDATE disclosure SET superseded_by = n.next
FROM (SELECT id, LEAD(id) OVER (PARTITION BY COALESCE(isrc, work_key) ORDER BY id) AS next
      FROM disclosure WHERE case_id = {case_id}) n
WHERE disclosure.id = n.id AND n.next IS NOT NULL AND disclosure.superseded_by IS NULL;
""" for case_id in case_ids) + "COMMIT;\n"


def disclosures_sql(csv_path, case_id):
    """The sqlite3 program recording a disclosure reply: .import into a staging table, INSERT … SELECT
    into the disclosure table (same columns and indexes: it is optout's own table), the catalogue
    match as one UPDATE … FROM."""
    return SETTINGS + f"""
BEGIN;
INSERT INTO command (at, actor, name) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'reply --disclosures');
INSERT INTO reply (case_id, received_on, kind, command_id) VALUES ({case_id}, '2024-06-01', 'disclosure', (SELECT MAX(id) FROM command));
CREATE TEMP TABLE staging (title TEXT, artist TEXT, isrc TEXT, access_method TEXT, copies_made TEXT, copies_exist TEXT,
                           held_from TEXT, held_until TEXT, justification TEXT);
.import --csv --skip 1 {dot_arg(csv_path)} staging
INSERT INTO disclosure (reply_id, case_id, title, artist, isrc, work_key, access_method, copies_made, copies_exist,
                        held_from, held_until, justification, missing, match_key, command_id)
SELECT p.id, {case_id}, nullif(title, ''), nullif(artist, ''), nullif(upper(replace(isrc, '-', '')), ''),
       lower(title) || char(31) || lower(artist), nullif(access_method, ''), CAST(nullif(copies_made, '') AS INTEGER),
       CASE copies_exist WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, nullif(held_from, ''), nullif(held_until, ''),
       nullif(justification, ''), rtrim({MISSING}, ','), lower(title) || char(31) || lower(artist), p.command_id
FROM staging, (SELECT id, command_id FROM reply WHERE id = (SELECT MAX(id) FROM reply)) p;
UPDATE disclosure SET work_id = m.work_id, matched_by = m.how
FROM (SELECT d.id, COALESCE(wi.id, wt.id) AS work_id,
             CASE WHEN wi.id IS NOT NULL THEN 'isrc' WHEN wt.id IS NOT NULL THEN 'title-artist' ELSE 'unknown-work' END AS how
      FROM disclosure d LEFT JOIN work wi ON wi.isrc = d.isrc
      LEFT JOIN work wt ON d.isrc IS NULL AND wt.match_key = d.match_key
      WHERE d.reply_id = (SELECT MAX(id) FROM reply)) m
WHERE disclosure.id = m.id;
UPDATE "case" SET state = 'incomplete', last_reply_on = '2024-06-01' WHERE id = {case_id};
COMMIT;
"""


def report_sql():
    """The report's figures: state counts, totals, overdue cases, disclosure totals, the catalogue
    section and one row per case with what it still lacks."""
    return f"""
SELECT c.name AS campaign, k.state, COUNT(*) AS cases
FROM "case" k JOIN campaign c ON c.id = k.campaign_id GROUP BY c.id, k.state ORDER BY c.id, k.state;
SELECT (SELECT COUNT(*) FROM recipient) AS recipients, (SELECT COUNT(*) FROM "case") AS cases,
       (SELECT COUNT(*) FROM "case" WHERE state IN ('notified', 'acknowledged', 'incomplete') AND deadline < '{AS_OF}') AS overdue;
{overdue_sql()}
SELECT d.access_method, COUNT(*) AS works, IFNULL(SUM(d.copies_made), 0) AS copies,
       IFNULL(SUM(CASE WHEN d.copies_exist = 1 THEN d.copies_made END), 0) AS copies_still_held
FROM disclosure d WHERE d.superseded_by IS NULL AND d.via_disclosure_id IS NULL GROUP BY d.access_method;
SELECT (SELECT COUNT(*) FROM work) AS owned, COUNT(DISTINCT d.work_id) AS disclosed,
       SUM(d.matched_by = 'isrc') AS by_isrc, SUM(d.matched_by = 'title-artist') AS by_title_artist,
       SUM(d.matched_by = 'unknown-work') AS unknown
FROM disclosure d WHERE d.superseded_by IS NULL;
SELECT w.title, w.artist, w.isrc, COUNT(DISTINCT d.case_id) AS recipients
FROM disclosure d JOIN work w ON w.id = d.work_id WHERE d.superseded_by IS NULL
GROUP BY w.id ORDER BY recipients DESC, w.title LIMIT 10;
SELECT r.name AS recipient, r.category, c.name AS campaign, k.state, k.sent_on, k.deadline,
       CASE WHEN k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline < '{AS_OF}'
            THEN CAST(julianday('{AS_OF}') - julianday(k.deadline) AS INTEGER) END AS days_overdue,
       k.last_reply_on, m.missing
FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
LEFT JOIN (SELECT case_id, group_concat(ifnull(title, '') || ' — ' || ifnull(artist, '') || ': ' || missing, '; ') AS missing
           FROM disclosure WHERE superseded_by IS NULL AND missing <> '' GROUP BY case_id) m ON m.case_id = k.id
ORDER BY c.id, r.name_key;
"""


def works_sql():
    return """
SELECT w.title, w.artist, w.isrc, COUNT(DISTINCT d.case_id) AS recipients, group_concat(DISTINCT r.name) AS disclosed_by,
       SUM(d.copies_made) AS copies, SUM(CASE WHEN d.copies_exist = 1 THEN d.copies_made END) AS still_held,
       group_concat(DISTINCT d.access_method) AS access_methods
FROM disclosure d JOIN work w ON w.id = d.work_id JOIN "case" k ON k.id = d.case_id
JOIN recipient r ON r.id = k.recipient_id
WHERE d.superseded_by IS NULL GROUP BY w.id ORDER BY recipients DESC, w.title;
"""


def disclosure_listing_sql(recipient_id):
    return f"""
SELECT p.received_on, d.title, d.artist, d.isrc, d.access_method, d.copies_made, d.copies_exist, d.held_from,
       d.held_until, d.justification, d.missing, d.matched_by, d.superseded_by IS NOT NULL AS superseded
FROM disclosure d JOIN reply p ON p.id = d.reply_id JOIN "case" k ON k.id = d.case_id
WHERE k.recipient_id = {recipient_id} ORDER BY d.id;
"""


def recipient_listing_sql():
    return """SELECT id, name, category, country, email, contact, parent FROM recipient ORDER BY name_key;"""


def history_sql(recipient_id):
    return f"""
SELECT e.at, e.actor, c.name AS campaign, e.action, e.from_state, e.to_state, e.note
FROM event e JOIN "case" k ON k.id = e.case_id JOIN campaign c ON c.id = k.campaign_id
WHERE k.recipient_id = {recipient_id} ORDER BY e.id;
"""


def verify_sql():
    return """
SELECT COUNT(*), SUM(hash = lower(hex(sha3(ifnull(prev_hash, '') || case_id || at || actor || action
       || ifnull(from_state, '') || to_state || ifnull(on_date, '') || ifnull(note, '') || ifnull(command_id, '')
       || ifnull(case_before, '') || ifnull(undoes, ''), 256)))) FROM event;
"""


def undo_sql():
    return SETTINGS + f"""
BEGIN;
CREATE TEMP TABLE last AS SELECT MAX(id) AS id FROM command WHERE actor = '{ACTOR}' AND undoes IS NULL;
INSERT INTO command (at, actor, name, undoes) SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'undo', id FROM last;
INSERT INTO undone_record (command_id, table_name, row_id, content)
SELECT (SELECT MAX(id) FROM command), 'notice', n.id,
       json_object('id', n.id, 'case_id', n.case_id, 'sent_on', n.sent_on, 'channel', n.channel, 'reference', n.reference,
                   'deadline', n.deadline, 'template', n.template, 'letter_sha256', n.letter_sha256, 'kind', n.kind,
                   'command_id', n.command_id)
FROM notice n WHERE n.command_id = (SELECT id FROM last);
DELETE FROM notice WHERE command_id = (SELECT id FROM last);
UPDATE "case" SET state = json_extract(e.case_before, '$.state'), sent_on = json_extract(e.case_before, '$.sent_on'),
                  deadline = json_extract(e.case_before, '$.deadline')
FROM event e WHERE e.case_id = "case".id AND e.command_id = (SELECT id FROM last);
INSERT INTO event (case_id, at, actor, action, from_state, to_state, command_id, undoes, prev_hash, hash)
SELECT e.case_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '{ACTOR}', 'undone', e.to_state, e.from_state,
       (SELECT MAX(id) FROM command), e.id, '', lower(hex(sha3(e.id || e.hash, 256)))
FROM event e WHERE e.command_id = (SELECT id FROM last);
ROLLBACK;
"""


# The steps --only can name (a name also chooses its parts: `report` all four formats).
READ_STEPS = ["report", "report-markdown", "report-html", "report-csv", "report-json", "works", "disclosures",
              "recipient-list", "history"]
STEPS = (["recipient-import", "notice-send", "overdue", "catalog-import", "reply-disclosures"] + READ_STEPS
         + ["verify", "undo"])


# --- the run ----------------------------------------------------------------------------------

class Stop(Exception):
    """A step the rest of the run needs failed: the table so far is printed, the rest not run."""


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick or args.divide > 1
        div = args.divide if args.divide > 1 else (10 if args.quick else 1)
        self.scale = 1.0 / div
        self.n_recipients = 100_000 // div
        self.n_works = 1_000_000 // div
        self.n_disclosures = [1_000_000 // div, 10_000_000 // div]
        self.n_events = 1_000_000 // div
        self.dir = os.path.abspath(args.dir)
        self.data = os.path.join(self.dir, "data")
        self.work = os.path.join(self.dir, "work")
        self.db = os.path.join(self.work, "optout.sqlite")
        self.optout = os.path.abspath(args.optout)
        self.env = dict(os.environ, OPTOUT_DB=self.db, OPTOUT_ACTOR=ACTOR, LC_ALL="C.UTF-8")
        self.env.pop("OPTOUT_TEMPLATES", None)
        self.lines = []
        self.facts = []
        self.started = time.monotonic()
        self.step_no = 0
        self.only = None
        if args.only:
            self.only = [name.strip() for name in args.only.split(",") if name.strip()]
            unknown = [name for name in self.only if name not in STEPS]
            if unknown or not self.only:
                sys.exit(f"error: --only {args.only}: unknown step {', '.join(unknown) or '(none named)'}; "
                         f"the steps are {', '.join(STEPS)}")

    # limits: generous against today's figures, tight enough that a quadratic step cannot hold the run
    def limit(self, full, quick):
        return quick if self.quick else full

    def log(self, text):
        print(f"[{time.monotonic() - self.started:6.1f} s] {text}", file=sys.stderr, flush=True)

    def path(self, name):
        return os.path.join(self.work, name)

    def sqlite(self, db, sql, mode=None, readonly=False, extra=()):
        """The sqlite3 program's command line for a script (written to a file, read from stdin)."""
        self.step_no += 1
        script = self.path(f"step{self.step_no}.sql")
        with open(script, "w", encoding="utf-8") as f:
            f.write(sql)
        cmd = (["sqlite3", "-bail"] + (["-readonly"] if readonly else []) + ([f"-{mode}"] if mode else [])
               + list(extra) + [db])
        return cmd, script

    def run_sqlite(self, db, sql, limit, mode=None, readonly=False, extra=(), keep=False):
        cmd, script = self.sqlite(db, sql, mode, readonly, extra)
        run = measure(cmd, limit, self.path(f"step{self.step_no}.sqlite.out"), stdin_path=script, cwd=self.work)
        run.output = self.path(f"step{self.step_no}.sqlite.out")
        if not keep:
            self.cleanup_output(run.output)
        return run

    def chosen(self, step):
        """Whether --only (if given) names this step, or a step it belongs to (`report` for `report-csv`)."""
        return self.only is None or any(step == name or step.startswith(name + "-") for name in self.only)

    def twin(self, line, *args, **kwargs):
        """The sqlite3 program's twin of a line's step, run only when the step is measured."""
        return self.run_sqlite(*args, **kwargs) if self.chosen(line.step) else None

    def run_optout(self, args, limit, db=None, keep=False):
        self.step_no += 1
        env = dict(self.env, OPTOUT_DB=db) if db else self.env
        run = measure([self.optout] + args, limit, self.path(f"step{self.step_no}.optout.out"), env=env, cwd=self.work)
        run.output = self.path(f"step{self.step_no}.optout.out")
        if not keep:
            self.cleanup_output(run.output)
        return run

    def cleanup_output(self, path):
        if os.path.getsize(path) > 10_000_000:
            os.remove(path)  # big listings: counted, not kept

    def setup(self, args, limit=600, db=None):
        """An unmeasured optout command the steps need; its failure is fatal only to what needs it."""
        run = self.run_optout(args, limit, db)
        if not run.ok:
            self.log(f"  setup `optout {' '.join(args)}` {fmt_time(run)}: {run.error}")
        return run

    def query(self, db, sql):
        result = subprocess.run(["sqlite3", "-readonly", db, sql], capture_output=True, text=True)
        return result.stdout.strip()

    def add(self, line):
        """A measured line for the table; a step --only leaves out ran only to build what later steps read."""
        if not self.chosen(line.step):
            self.log(f"  ({line.step}: run to build the data, not measured: {fmt_time(line.optout)})")
            return line
        self.lines.append(line)
        o, s = line.optout, line.sqlite
        self.log(f"  {line.work}: optout {fmt_time(o)} ({fmt_mb(o)}, {o.lines if o else 0} lines out)"
                 f"{' error: ' + o.error if o and o.rc and not o.killed else ''}"
                 f"; sqlite3 {fmt_time(s)}{' error: ' + s.error if s and s.rc and not s.killed else ''}")
        return line

    def snapshot(self, name):
        target = self.path(name)
        subprocess.run(["sqlite3", self.db, f"VACUUM INTO {sql_text(target)}"], check=True)
        return target

    # data

    def generated(self, kind, rows, **extra):
        os.makedirs(self.data, exist_ok=True)
        seed = self.args.seed
        suffix = "".join(f"-{k}{v}" for k, v in extra.items())
        path = os.path.join(self.data, f"{kind}-{rows}{suffix}-seed{seed}-v{generate.VERSION}.csv")
        if os.path.exists(path):
            self.log(f"data: {os.path.basename(path)} (cached)")
            return path
        start = time.monotonic()
        if kind == "recipients":
            header, batches = generate.recipients(rows, seed)
        elif kind == "catalogue":
            header, batches = generate.catalogue(rows, seed)
        else:
            header, batches = generate.disclosures(rows, extra["works"], seed)
        generate.write_batches(path, header, batches)
        self.log(f"data: {os.path.basename(path)} generated in {time.monotonic() - start:.1f} s "
                 f"({os.path.getsize(path) / 1e6:.0f} MB)")
        return path

    def main(self):
        """Runs every step and prints the table; 1 when the run stopped early, else 0 (met or not)."""
        try:
            self.steps()
            stopped = False
        except Stop as stop:
            self.facts.append(f"the run stopped early: {stop}")
            self.log(f"  stopped: {stop}")
            stopped = True
        self.finish()
        return 1 if stopped else 0

    def steps(self):
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        check = self_check(self.work)
        if check.ok and check.kib is not None and check.kib < 5000:
            self.facts.append(f"peak memory is each command's own: `/bin/true` measured by this harness after it had "
                              f"grown by 200 MB reports {check.kib:,} KiB")
        else:
            raise Stop(f"GNU time does not report each command's own peak (`/bin/true` after the harness grew by "
                       f"200 MB: {fmt_mb(check)}, exit {check.rc}), so the memory column would be wrong")
        n, w = self.n_recipients, self.n_works
        recipients_csv = self.generated("recipients", n)
        catalogue_csv = self.generated("catalogue", w)
        disclosure_csvs = [self.generated("disclosures", d, works=w) for d in self.n_disclosures]

        # A database with two campaigns; the sqlite3 program works on copies of it, so its tables,
        # indexes and triggers are optout's own.
        for args in (["init"],
                     ["campaign", "add", CAMPAIGN, "--issuer", "Harmonia Music Group", "--category", "ai-developer",
                      "--deadline", "2024-06-14"],
                     ["campaign", "add", "Streaming 2024", "--issuer", "Harmonia Music Group", "--category",
                      "streaming-service", "--response-days", "30"]):
            if not self.setup(args, 60).ok:
                raise Stop(f"`optout {' '.join(args)}` failed, so there is no database to measure")
        raw = self.snapshot("raw-cases.sqlite")

        # recipient import, then notice send --all
        line = Line(f"`recipient import` of {n:,} rows", Bound(ratio=1.5), "recipient-import")
        line.sqlite = self.twin(line, raw, recipients_sql(recipients_csv), self.limit(300, 60))
        line.optout = self.run_optout(["recipient", "import", recipients_csv],
                                      self.ratio_limit(self.limit(300, 30), line))
        self.add(line)
        cases = self.query(self.db, f"SELECT COUNT(*) FROM \"case\" k JOIN campaign c ON c.id = k.campaign_id "
                                    f"WHERE c.name = {sql_text(CAMPAIGN)}") or "0"
        line = Line(f"`notice send --all` to {int(cases):,} cases", Bound(seconds=3), "notice-send")
        # The twin sends to the same imported recipients' cases optout sends to (a copy taken now).
        imported = self.snapshot("imported-cases.sqlite") if self.chosen(line.step) else None
        line.sqlite = self.twin(line, imported, notices_sql(), self.limit(300, 60))
        if imported:
            os.remove(imported)
        line.optout = self.run_optout(["notice", "send", "--all", "--campaign", CAMPAIGN, "--date", "2024-05-14"],
                                      self.limit(120, 30))
        self.add(line)
        line = Line(f"`overdue --format json` over {self.count('case'):,} cases", Bound(ratio=1.2), "overdue")
        if self.chosen(line.step):
            line.sqlite = self.twin(line, self.db, overdue_sql(), self.limit(120, 30), mode="json", readonly=True,
                                        keep=True)
            line.optout = self.run_optout(["overdue", "--as-of", AS_OF, "--format", "json"],
                                          self.ratio_limit(self.limit(120, 30), line), keep=True)
            self.add(line)
            self.compare_overdue(line)
        reads = any(self.chosen(step) for step in READ_STEPS)
        grown = self.chosen("verify") or self.chosen("undo")
        if not (reads or grown):
            return
        events_db = self.snapshot("events.sqlite") if grown else None  # verify and undo run on this one, below

        if reads:
            # The catalogue, then the two disclosure files (each into its own recipient's case).
            raw = self.snapshot("raw-disclosures.sqlite")
            line = Line(f"`catalog import` of {w:,} works", Bound(), "catalog-import")
            line.sqlite = self.twin(line, raw, catalogue_sql(catalogue_csv), self.limit(600, 60))
            line.optout = self.run_optout(["catalog", "import", catalogue_csv], self.limit(600, 60))
            self.add(line)
            if not line.optout.ok:
                self.fallback(catalogue_sql(catalogue_csv), "the catalogue")
            targets = self.query(self.db, f"""SELECT r.id || '|' || k.id FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                JOIN campaign c ON c.id = k.campaign_id WHERE c.name = {sql_text(CAMPAIGN)} AND k.state = 'notified'
                ORDER BY r.id LIMIT 2""").splitlines()
            if len(targets) < 2:
                raise Stop("no notified cases to record the disclosures in (see the steps above)")
            recipients = [tuple(int(x) for x in t.split("|")) for t in targets]
            floors = [self.limit(300, 10), self.limit(600, 20)]
            finished = True
            untwinned = []
            for (recipient_id, case_id), rows, csv_path, floor in zip(recipients, self.n_disclosures, disclosure_csvs,
                                                                       floors):
                line = Line(f"`reply --disclosures` of {rows:,} rows", Bound(ratio=1.5, mb=150),
                            f"reply-disclosures-{rows}")
                line.sqlite = self.twin(line, raw, disclosures_sql(csv_path, case_id), self.limit(3600, 300))
                # (Not measured, it only builds the data the reads need: given all the time it takes.)
                line.optout = self.run_optout(["reply", str(recipient_id), "--campaign", CAMPAIGN, "--date", "2024-06-01",
                                               "--kind", "disclosure", "--disclosures", csv_path],
                                              self.ratio_limit(floor, line) if self.chosen(line.step)
                                              else self.limit(3600, 600))
                self.add(line)
                finished &= line.optout.ok
                untwinned += [(csv_path, case_id)] if line.sqlite is None else []
            if finished:
                os.remove(raw)
            else:
                for csv_path, case_id in untwinned:  # (--only) the database switched to needs every file's rows
                    self.run_sqlite(raw, disclosures_sql(csv_path, case_id), self.limit(3600, 300))
                self.switch_to(raw, [case_id for _, case_id in recipients])

            # Reads over the whole database.
            total = self.count("disclosure")
            current = int(self.query(self.db, "SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NULL") or 0)
            cases = self.count("case")
            for fmt in ("markdown", "html", "csv", "json"):
                line = Line(f"`report --format {fmt}` ({cases:,} cases, {total:,} disclosures)", Bound(ratio=2, mb=100),
                            f"report-{fmt}")
                if not self.chosen(line.step):
                    continue
                # (Markdown: list mode with | between cells; the shell's columnar -markdown mode holds a whole
                # result in memory to align it, and takes minutes over the cases' long `missing` cells.)
                line.sqlite = self.twin(line, self.db, report_sql(), self.limit(300, 30),
                                              mode="list" if fmt == "markdown" else fmt, readonly=True,
                                              extra=["-separator", " | "] if fmt == "markdown" else [])
                line.optout = self.run_optout(["report", "--as-of", AS_OF, "--format", fmt],
                                              self.ratio_limit(self.limit(300, 30), line))
                self.add(line)
            disclosed = self.query(self.db, "SELECT COUNT(DISTINCT work_id) FROM disclosure WHERE superseded_by IS NULL")
            line = Line(f"`works --format csv` ({int(disclosed or 0):,} works disclosed)", Bound(mb=100), "works")
            if self.chosen(line.step):
                line.sqlite = self.twin(line, self.db, works_sql(), self.limit(300, 30), mode="csv", readonly=True)
                line.optout = self.run_optout(["works", "--format", "csv"], self.limit(300, 30))
                self.add(line)
            first_id = recipients[0][0]
            line = Line(f"`disclosures` listing (csv, {self.n_disclosures[0]:,} rows)", Bound(mb=100), "disclosures")
            if self.chosen(line.step):
                line.sqlite = self.twin(line, self.db, disclosure_listing_sql(first_id), self.limit(300, 30), mode="csv",
                                              readonly=True)
                line.optout = self.run_optout(["disclosures", str(first_id), "--format", "csv"], self.limit(300, 30))
                self.add(line)
            line = Line(f"`recipient list --format csv` ({self.count('recipient'):,} recipients)", Bound(mb=100),
                        "recipient-list")
            if self.chosen(line.step):
                line.sqlite = self.twin(line, self.db, recipient_listing_sql(), self.limit(120, 30), mode="csv", readonly=True)
                line.optout = self.run_optout(["recipient", "list", "--format", "csv"], self.limit(120, 30))
                self.add(line)
            line = Line("`history` of a recipient", Bound(mb=100), "history")
            if self.chosen(line.step):
                line.sqlite = self.twin(line, self.db, history_sql(first_id), self.limit(60, 30), readonly=True)
                line.optout = self.run_optout(["history", str(first_id)], self.limit(60, 30))
                self.add(line)
            self.facts.append(f"database: {self.count('recipient'):,} recipients, {cases:,} cases, "
                              f"{self.count('work'):,} works, {total:,} disclosures ({current:,} after superseding), "
                              f"{os.path.getsize(self.db) / 1e9:.1f} GB")

        if not grown:
            return
        # verify and undo, on the copy taken before the disclosures: more campaigns, each notified
        # in full, until the history holds the events wanted; the last notice send is undone.
        k = 2
        while self.count("event", events_db) < self.n_events and k < 20:
            name = f"AI notice, wave {k}"
            if not (self.setup(["campaign", "add", name, "--issuer", "Harmonia Music Group", "--category",
                                "ai-developer", "--deadline", "2024-06-14"], self.limit(600, 60), events_db).ok
                    and self.setup(["notice", "send", "--all", "--campaign", name, "--date", "2024-05-14"],
                                   self.limit(600, 60), events_db).ok):
                break
            k += 1
        events = self.count("event", events_db)
        line = Line(f"`verify` of {events:,} events", Bound(seconds=3), "verify")
        if self.chosen(line.step):
            line.sqlite = self.twin(line, events_db, verify_sql(), self.limit(300, 30), readonly=True)
            line.optout = self.run_optout(["verify"], self.limit(120, 30), db=events_db)
            self.add(line)
        notices = self.query(events_db, f"SELECT COUNT(*) FROM notice WHERE command_id = "
                                        f"(SELECT MAX(id) FROM command WHERE actor = '{ACTOR}' AND undoes IS NULL)")
        line = Line(f"`undo --yes` of a {int(notices or 0):,}-notice command", Bound(seconds=5), "undo")
        if self.chosen(line.step):
            line.sqlite = self.twin(line, events_db, undo_sql(), self.limit(300, 30))
            line.optout = self.run_optout(["undo", "--yes"], self.limit(120, 30), db=events_db)
            self.add(line)
        self.facts.append(f"history for verify and undo: {events:,} events "
                          f"({self.count('campaign', events_db)} campaigns)")

    def count(self, table, db=None):
        return int(self.query(db or self.db, f'SELECT COUNT(*) FROM "{table}"') or 0)

    def compare_overdue(self, line):
        """Checks the twins did the same work: the same overdue cases, in the same order."""
        def rows(run):
            try:
                with open(run.output, encoding="utf-8") as f:
                    return [(o["recipient_id"], o["campaign"], o["days_overdue"]) for o in json.load(f)]
            except (OSError, ValueError, KeyError, TypeError) as problem:
                return f"unreadable ({problem})"
        if line.optout.ok and line.sqlite.ok:
            mine, theirs = rows(line.optout), rows(line.sqlite)
            if isinstance(mine, str) or isinstance(theirs, str):
                self.facts.append(f"`overdue`: could not compare the outputs: optout's "
                                  f"{mine if isinstance(mine, str) else 'read'}, "
                                  f"sqlite3's {theirs if isinstance(theirs, str) else 'read'}")
            else:
                same = "list the same" if mine == theirs else "DIFFER on the"
                self.facts.append(f"`overdue`: optout and sqlite3 {same} {len(theirs):,} overdue cases "
                                  f"(recipient, campaign, days overdue, in order)")
        for run in (line.optout, line.sqlite):
            if os.path.exists(run.output):
                self.cleanup_output(run.output)

    def ratio_limit(self, floor, line):
        """A ratio-bound step's limit: its floor, or long enough to tell whether it meets its bound."""
        if line.sqlite is None or not line.sqlite.ok or line.bound.ratio is None:
            return floor
        return max(floor, round(line.bound.ratio * line.sqlite.seconds + 1))

    def switch_to(self, raw, case_ids):
        """When optout's reply could not finish, the later steps read the database the sqlite3 program
        built from optout's own (the same recipients, cases and catalogue, and every disclosure
        file's rows), superseded in SQL, so they still run at full size."""
        result = subprocess.run(["sqlite3", "-bail", raw], input=supersede_sql(case_ids), text=True,
                                capture_output=True)
        if result.returncode != 0:
            self.facts.append(f"the superseding in SQL failed, so the report counts superseded rows too: "
                              f"{result.stderr.strip()[:200]}")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.db + suffix):
                os.remove(self.db + suffix)
        os.replace(raw, self.db)
        self.facts.append("optout's `reply --disclosures` did not finish: the steps after it read the database the "
                          "sqlite3 program built from a copy of optout's (the same recipients, cases and catalogue, "
                          "with the rows of every disclosure file, superseded in SQL), so they still run at full size")
        self.log("  optout's reply did not finish: the later steps read the sqlite3 program's database")

    def fallback(self, sql, what):
        """Loads with the sqlite3 program what optout could not, so the later steps run at full size."""
        cmd, script = self.sqlite(self.db, sql)
        with open(script, "rb") as stdin:
            result = subprocess.run(cmd, stdin=stdin, cwd=self.work, capture_output=True)
        status = "loaded" if result.returncode == 0 else f"could not be loaded ({result.stderr.decode()[:200]})"
        self.facts.append(f"optout did not finish; {what} {status} with the sqlite3 program instead, "
                          f"so the steps after it still run at full size")
        self.log(f"  fallback: {what} {status} with sqlite3")

    def finish(self):
        header, rows = table(self.lines, self.scale)
        elapsed = time.monotonic() - self.started
        commit = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "describe", "--always",
                                 "--dirty"], capture_output=True, text=True).stdout.strip()
        sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[:1]
        div = round(1 / self.scale)
        mode = ("--quick (a tenth of every size and of the time bounds)" if div == 10
                else f"sizes and time bounds divided by {div}" if div > 1 else "full size")
        intro = [f"OptOutTracker benchmark, {mode}, "
                 f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}, "
                 f"{os.cpu_count()} cores, {platform.machine()}, sqlite3 {' '.join(sqlite_version)}, "
                 f"run took {elapsed:.0f} s (after the build)"]
        intro += self.facts
        print()
        print(plain(header, rows))
        print()
        for fact in intro[1:]:
            print(f"- {fact}")
        print(f"\n{intro[0]}")
        results = self.args.results or os.path.join(
            self.dir, f"results-{'quick' if self.quick else 'full'}-{datetime.datetime.now():%Y%m%d-%H%M%S}.md")
        with open(results, "w", encoding="utf-8") as f:
            f.write(intro[0] + "\n\n" + markdown(header, rows) + "\n\n" + "".join(f"- {x}\n" for x in intro[1:]))
        print(f"Results written to {results}")
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optout", required=True, help="the release optout binary")
    parser.add_argument("--quick", action="store_true", help="a tenth of every size")
    parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/optout-bench"),
                        help="work folder; generated data is cached in its data/ (default $BENCH_DIR or /tmp/optout-bench)")
    parser.add_argument("--results", help="the Markdown results file (default DIR/results-MODE-TIME.md)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--divide", type=int, default=1, help=argparse.SUPPRESS)  # a smoke test: sizes / N
    parser.add_argument("--keep", action="store_true", help="keep the databases and outputs in DIR/work")
    parser.add_argument("--only", metavar="STEP[,STEP]",
                        help="measure only these steps (" + ", ".join(STEPS) + "); the steps before them that "
                             "build their data still run, unmeasured and without their sqlite3 twins")
    args = parser.parse_args()
    for tool in ("sqlite3",):
        if not shutil.which(tool):
            sys.exit(f"error: the {tool} program is needed (apt-get install {tool})")
    if gnu_time() is None:
        sys.exit(f"error: GNU time ({TIME}) is needed to measure each command's peak memory (apt-get install time)")
    if not os.access(args.optout, os.X_OK):
        sys.exit(f"error: {args.optout} is not an executable optout binary; build it with "
                 f"`swift build -c release --product optout`")
    sys.exit(Bench(args).main())


if __name__ == "__main__":
    main()
