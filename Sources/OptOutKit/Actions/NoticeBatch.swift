import Foundation
import GRDB
import GRDBSQLite

/// A notice checked and ready to be logged: its case may take it, its deadline falls on or after
/// its date, and its letter's digest is known. Nothing is written yet.
struct PlannedNotice {
    var recipient: Recipient
    /// The case as it stands before the notice.
    var theCase: Case
    var caseId: Int64
    /// The state the notice moves the case to.
    var next: CaseState
    /// The notice, without its id (the store gives it).
    var notice: Notice
}

// MARK: - Phase 1: every case checked, every letter's digest at hand

extension Tracker {
    /// Checks that `theCase` may take a notice dated `date` and works out its deadline (the given
    /// one, else the campaign's rule on `calendar`); `digest` gives the letter's digest for that
    /// deadline. The checks and their order are those of a notice logged on its own.
    func planNotice(
        recipient: Recipient, campaign: Campaign, theCase: Case, date: Day, channel: Channel,
        reference: String?, deadline: Day?, calendar: () throws -> BusinessCalendar,
        digest: (Day) throws -> String
    ) throws -> PlannedNotice {
        guard let caseId = theCase.id,
            case .moveTo(let next) = try outcome(of: .sendNotice, for: theCase, recipient, campaign)
        else {
            throw CaseError.refused(
                recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: .sendNotice)
        }
        let deadline = try deadline ?? campaign.deadline(forNoticeSentOn: date, calendar: calendar())
        guard deadline >= date else {
            throw CaseError.deadlineBeforeNotice(recipient: recipient.name, deadline: deadline, notice: date)
        }
        let notice = Notice(
            caseId: caseId, sentOn: date, channel: channel, reference: reference, deadline: deadline,
            template: campaign.template, letterSha256: try digest(deadline))
        return PlannedNotice(recipient: recipient, theCase: theCase, caseId: caseId, next: next, notice: notice)
    }

    /// Logs one notice (a delivered one): `logNotices` of one case. `rendered` is its letter's
    /// digest if rendered already (else it is rendered here).
    func logNotice(
        _ db: Store, recipient: Recipient, campaign: Campaign, theCase: Case, date: Day,
        channel: Channel, reference: String?, deadline: Day?, at: String,
        digest rendered: Result<String, any Error>? = nil
    ) throws -> Notice {
        let planned = try planNotice(
            recipient: recipient, campaign: campaign, theCase: theCase, date: date, channel: channel,
            reference: reference, deadline: deadline, calendar: { try businessCalendar(for: campaign, db) },
            digest: { deadline in
                try rendered?.get()
                    ?? letters.letter(
                        for: recipient, in: campaign, date: date, deadline: deadline, reference: reference
                    ).sha256
            })
        guard let logged = try logNotices([planned], at: at, db).first else {
            throw InternalError.noticesNotLogged(planned: 1, logged: 0)
        }
        return logged.notice
    }

    /// Checks that `theCase` may be reminded on `date` and renders the reminder letter: the
    /// reference is the given one, else the opening notice's. A reminder leaves the case as it is.
    func planReminder(
        _ db: Store, recipient: Recipient, campaign: Campaign, theCase: Case, date: Day, channel: Channel,
        reference: String?
    ) throws -> PlannedNotice {
        guard let caseId = theCase.id,
            case .unchanged = try outcome(of: .sendReminder, for: theCase, recipient, campaign),
            let deadline = theCase.deadline, let sentOn = theCase.sentOn
        else {
            throw CaseError.refused(
                recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: .sendReminder)
        }
        guard date >= sentOn else {
            throw ReminderError.beforeNotice(recipient: recipient.name, date: date, notice: sentOn)
        }
        if let lastReply = theCase.lastReplyOn, date < lastReply {
            throw ReminderError.beforeLastReply(recipient: recipient.name, date: date, reply: lastReply)
        }
        let reference = try reference ?? openingNotice(db, caseId: caseId)?.reference
        let letter = try reminderLetter(
            db, recipient: recipient, campaign: campaign, theCase: theCase, date: date, reference: reference)
        let notice = Notice(
            caseId: caseId, kind: .reminder, sentOn: date, channel: channel, reference: reference,
            deadline: deadline, template: letter.template, letterSha256: letter.sha256)
        return PlannedNotice(
            recipient: recipient, theCase: theCase, caseId: caseId, next: theCase.state, notice: notice)
    }

    /// Logs one reminder (`agenda run`, a delivered reminder): `logNotices` of one case.
    func logReminder(
        _ db: Store, recipient: Recipient, campaign: Campaign, theCase: Case, date: Day,
        channel: Channel, reference: String?, at: String
    ) throws -> Notice {
        let planned = try planReminder(
            db, recipient: recipient, campaign: campaign, theCase: theCase, date: date, channel: channel,
            reference: reference)
        guard let logged = try logNotices([planned], at: at, db).first else {
            throw InternalError.noticesNotLogged(planned: 1, logged: 0)
        }
        return logged.notice
    }
}

// MARK: - Phases 2 to 5: written set by set

extension Tracker {
    /// Logs checked notices and reminders in a few statements over the whole set, on either
    /// store, and leaves the database as logging them one by one would (the same ids, fields and
    /// seals): every notice inserted (on a server, as rows of one COPY); the cases a notice moves
    /// moved by one `UPDATE` that returns their fields (`case_after`), those of reminders read in
    /// one query; every case's records read in one pass per table and digested
    /// (`records_sha256`); then the events appended in the order of `planned`. A case appears at
    /// most once in `planned`. Returns the notices with their ids; `counting` names them for the
    /// progress shown.
    func logNotices(_ planned: [PlannedNotice], at: String, _ db: Store, counting: String = "notices logged")
        throws -> [NoticeLogged]
    {
        guard !planned.isEmpty else { return [] }
        let chain = try self.chain ?? EventChain.current(db)
        self.chain = chain
        // Every notice written now has a larger id than any before it (under the history's lock).
        let before = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM notice") ?? 0

        // 2. The notices, their command bound as the trigger `notice_command` would set it.
        let insert = try db.cachedStatement(sql: NoticeBatch.insertSQL)
        for item in planned {
            let notice = item.notice
            try insert.runBound(
                [
                    .integer(notice.caseId), .text(notice.kind.rawValue), .text(notice.sentOn.description),
                    .text(notice.channel.rawValue), BoundValue(notice.reference), .text(notice.deadline.description),
                    .text(notice.template), .text(notice.letterSha256), BoundValue(chain.commandId),
                ], db)
        }
        var noticeIds: [Int64: Int64] = [:]
        noticeIds.reserveCapacity(planned.count)
        try db.cachedStatement(sql: NoticeBatch.loggedSQL).runBound([.integer(before)], db) { row in
            let (caseId, id) = NoticeBatch.integers(row)
            noticeIds[caseId] = id
        }

        // 3. The cases notices move, one statement per move (in practice one: draft to notified),
        // each case's fields as the update leaves them; the fields of the cases reminded, as they are.
        var caseAfter: [Int64: String] = [:]
        caseAfter.reserveCapacity(planned.count)
        var moves: [CaseState: CaseState] = [:]
        var reminded = false
        for item in planned {
            if item.notice.kind == .notice { moves[item.theCase.state] = item.next } else { reminded = true }
        }
        let update = try db.cachedStatement(sql: NoticeBatch.updateSQL)
        for (from, next) in moves.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try update.runBound(
                [.text(next.rawValue), .integer(before), .text(NoticeKind.notice.rawValue), .text(from.rawValue)], db
            ) { row in
                let (caseId, json) = NoticeBatch.caseAfter(row)
                caseAfter[caseId] = json
            }
        }
        if reminded {
            try db.cachedStatement(sql: NoticeBatch.remindedSQL).runBound(
                [.integer(before), .text(NoticeKind.reminder.rawValue)], db
            ) { row in
                let (caseId, json) = NoticeBatch.caseAfter(row)
                caseAfter[caseId] = json
            }
        }

        // 4. The records of every case, digested.
        let records = try RecordsSeal.digests(db, ofCases: planned.map(\.caseId), noticedAfter: before)

        // 5. The events, in the order given.
        var counter = ProgressCounter(progress, what: counting, total: planned.count)
        defer { counter.finish() }
        var logged: [NoticeLogged] = []
        logged.reserveCapacity(planned.count)
        for item in planned {
            guard let noticeId = noticeIds[item.caseId], let after = caseAfter[item.caseId],
                let digest = records[item.caseId]
            else {
                throw InternalError.noticesNotLogged(planned: planned.count, logged: logged.count)
            }
            var notice = item.notice
            notice.id = noticeId
            var note =
                "by \(notice.channel.rawValue), deadline \(notice.deadline), letter \(notice.template) sha256 \(notice.letterSha256)"
            if let reference = notice.reference { note += ", reference \(reference)" }
            let action = notice.kind == .notice ? CaseAction.sendNotice : CaseAction.sendReminder
            try appendEvent(
                db, caseId: item.caseId, before: CaseFields(item.theCase), action: action.eventName,
                to: item.next, on: notice.sentOn, note: note, at: at, undoes: nil, caseAfter: after, records: digest)
            logged.append(NoticeLogged(recipient: item.recipient.name, notice: notice))
            counter.add()
        }
        return logged
    }
}

/// The statements of `logNotices`.
enum NoticeBatch {
    /// A plain insert (a server sends its rows as one COPY); the store gives the id.
    static let insertSQL = """
        INSERT INTO notice (case_id, kind, sent_on, channel, reference, deadline, template, letter_sha256, command_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The case and id of each notice written after a given id.
    static let loggedSQL = "SELECT case_id, id FROM notice WHERE id > ?"

    /// The id and `RecordsSeal.caseColumns` of every case with a notice of a kind (2nd argument)
    /// written after an id (1st), as `updateSQL` returns them.
    static let remindedSQL = """
        SELECT id, \(RecordsSeal.caseColumns.joined(separator: ", ")) FROM "case"
        WHERE id IN (SELECT case_id FROM notice WHERE id > ? AND kind = ?)
        """

    /// The two integers of a row `loggedSQL` returned.
    static func integers(_ row: BoundRow) -> (Int64, Int64) {
        switch row {
        case .sqlite(let statement):
            return (sqlite3_column_int64(statement, 0), sqlite3_column_int64(statement, 1))
        case .server(let values):
            let integers = values.map { Int64.fromDatabaseValue($0) ?? 0 }
            return (integers.first ?? 0, integers.dropFirst().first ?? 0)
        }
    }

    /// Moves to a state (1st argument) every case in a state (4th) that has a notice of a kind
    /// (3rd) written after an id (2nd), with that notice's date and deadline, and returns its id
    /// and `RecordsSeal.caseColumns` (the update's own values: no trigger changes a case after
    /// its update). The notice's columns are renamed so that no name in RETURNING is ambiguous.
    static let updateSQL = """
        UPDATE "case" AS k SET state = ?, sent_on = n.notice_sent_on, deadline = n.notice_deadline
        FROM (SELECT case_id, sent_on AS notice_sent_on, deadline AS notice_deadline
              FROM notice WHERE id > ? AND kind = ?) AS n
        WHERE n.case_id = k.id AND k.state = ?
        RETURNING id, \(RecordsSeal.caseColumns.joined(separator: ", "))
        """

    /// The case id and `case_after` of a row `updateSQL` returned.
    static func caseAfter(_ row: BoundRow) -> (Int64, String) {
        switch row {
        case .sqlite(let statement):
            return (sqlite3_column_int64(statement, 0), RecordsSeal.caseJSON(statement, from: 1))
        case .server(let values):
            let caseId = values.first.flatMap { Int64.fromDatabaseValue($0) } ?? 0
            return (caseId, RecordsSeal.caseJSON(.server(Array(values.dropFirst()))))
        }
    }
}

// MARK: - Phase 4: the records of many cases, one pass per table

extension RecordsSeal {
    /// The digest of each of `cases` (cases with a notice written after `noticeId`), as
    /// `digest(_:caseId:)` gives it. A few cases are read one by one (a reminder of the agenda, a
    /// delivered notice: one round trip each on a server); more, in one pass (`digestsInOnePass`).
    static func digests(_ db: Store, ofCases cases: [Int64], noticedAfter noticeId: Int64) throws -> [Int64: String] {
        guard cases.count > casesReadOneByOne else {
            var digests: [Int64: String] = [:]
            for caseId in cases { digests[caseId] = try digest(db, caseId: caseId) }
            return digests
        }
        return try digestsInOnePass(db, ofCases: cases, noticedAfter: noticeId)
    }

    /// Up to how many cases `digests` reads one by one: a pass costs a statement per table (on a
    /// server, a cursor declared, fetched and closed), a case read alone one statement per table
    /// (on a server, one round trip for all four).
    static let casesReadOneByOne = 8

    /// `digests` with each table's rows of those cases read in one pass, in sealing order, and
    /// merged case by case (nothing kept but the case at hand).
    static func digestsInOnePass(_ db: Store, ofCases cases: [Int64], noticedAfter noticeId: Int64) throws
        -> [Int64: String]
    {
        let sources = try tables(in: db).map { try SealedRows(table: $0, noticedAfter: noticeId, db) }
        var digests: [Int64: String] = [:]
        digests.reserveCapacity(cases.count)
        for caseId in Set(cases).sorted() {
            var hasher = Hasher()
            for source in sources {
                while let current = source.caseId, current <= caseId {
                    if current == caseId { source.add(to: &hasher) }
                    try source.advance()
                }
            }
            digests[caseId] = hasher.finalize()
        }
        for source in sources { try source.finish() }
        return digests
    }
}

/// One sealed table's rows of the cases noticed after a given notice, in sealing order, read a
/// row at a time: stepped on SQLite's statement, fetched in batches from a server's cursor.
private final class SealedRows {
    let table: RecordsSeal.Table
    /// The case of the current row; `nil` once every row is read.
    private(set) var caseId: Int64?
    private let db: Store
    private var statement: Statement?
    private var cursor: String?
    private var batch: PostgresResult?
    private var row = 0
    private var finished = false
    static let batchSize = 8_192

    init(table: RecordsSeal.Table, noticedAfter noticeId: Int64, _ db: Store) throws {
        self.table = table
        self.db = db
        if let database = db.sqlite {
            let statement = try database.makeStatement(sql: table.ofCasesNoticedAfter)
            try statement.setArguments([noticeId])
            self.statement = statement
        } else {
            let name = "optout_sealed_\(table.name)"
            _ = try db.orderedRows(
                sql: "DECLARE \(name) NO SCROLL CURSOR FOR \(table.ofCasesNoticedAfterOnServer)",
                [noticeId.databaseValue])
            cursor = name
        }
        try advance()
    }

    /// Moves to the next row.
    func advance() throws {
        if let statement, let database = db.sqlite {
            caseId = try RawStep.next(statement, database) ? sqlite3_column_int64(statement.sqliteStatement, 0) : nil
            return
        }
        row += 1
        if let batch, row < batch.rowCount {
            caseId = batch.text(row: row, column: 0).flatMap { Int64($0) }
            return
        }
        caseId = nil
        guard let cursor, !finished else { return }
        let next = try db.orderedResult(sql: "FETCH \(Self.batchSize) FROM \(cursor)")
        batch = next
        row = 0
        if (next?.rowCount ?? 0) < Self.batchSize {
            finished = true
            _ = try db.orderedRows(sql: "CLOSE \(cursor)", [])
        }
        if let next, next.rowCount > 0 { caseId = next.text(row: 0, column: 0).flatMap { Int64($0) } }
    }

    /// Adds the current row to `hasher`: its sealed values, after its case id.
    func add(to hasher: inout RecordsSeal.Hasher) {
        if let statement {
            hasher.add(statement.sqliteStatement, of: table, from: 1)
        } else if let batch {
            hasher.add((1..<batch.columnCount).map { batch.value(row: row, column: $0) }, of: table)
        }
    }

    /// Reads what is left (rows of no case asked for: none), so that a server's cursor is closed.
    func finish() throws {
        while caseId != nil { try advance() }
    }
}

extension Store {
    /// The result of one statement without arguments on a server (rows waiting for COPY sent
    /// first); `nil` on SQLite.
    fileprivate func orderedResult(sql: String) throws -> PostgresResult? {
        guard case .postgres(let connection, _) = engine else { return nil }
        try flush()
        return try connection.execute(sql)
    }
}
