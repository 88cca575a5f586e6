import Foundation
import GRDB

/// The one owner of the database: it migrates the schema when opened and offers the actions of
/// the domain, each one transaction, so a case's state, deadline and history change together or
/// not at all.
public final class Tracker: @unchecked Sendable {
    public let writer: any DatabaseWriter
    /// Who the history names for every action.
    public let actor: String
    /// The clock: the core never reads the time itself.
    public let now: () -> Date
    /// Renders the letters whose digests notices keep.
    public let letters: LetterRenderer
    /// What the user ran, as the `command` rows of the history name it.
    public var commandLine = "optout"

    public init(writer: any DatabaseWriter, actor: String, now: @escaping () -> Date,
                letters: LetterRenderer = LetterRenderer()) throws {
        self.writer = writer
        self.actor = actor
        self.now = now
        self.letters = letters
        let migrator = Tracker.migrator(at: timestamp, actor: actor)
        let (superseded, complete) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
        }
        if superseded { throw TrackerError.newerSchema(path: writer.path) }
        // Migrating only when needed keeps a command that fails, or only reads, from writing.
        if !complete { try migrator.migrate(writer) }
    }

    /// An empty database in memory, for tests and trials.
    public static func inMemory(actor: String = "test", now: @escaping () -> Date = Date.init,
                                letters: LetterRenderer = LetterRenderer()) throws -> Tracker {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        return try Tracker(writer: DatabaseQueue(configuration: configuration), actor: actor, now: now, letters: letters)
    }

    /// Opens the database file at `path`: WAL, a busy timeout, foreign keys on. Only `create`
    /// makes a new file, readable and writable by its owner only.
    public static func open(path: String, create: Bool, actor: String, now: @escaping () -> Date = Date.init,
                            letters: LetterRenderer = LetterRenderer()) throws -> Tracker {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw TrackerError.noDatabase(path: path) }
            let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard descriptor >= 0 else {
                throw TrackerError.unreadableFile(path: path, reason: "cannot create it (\(String(cString: strerror(errno))))")
            }
            close(descriptor)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(120)
        configuration.prepareDatabase { db in
            // Every commit reaches the disk before the command reports success.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            // One connection is all a command needs. GRDB's DatabasePool would also write a
            // table to the file on every open (to keep its WAL file alive), and a command that
            // fails or only reads must leave the file as it was.
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            if try queue.read({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }) != "wal" {
                try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            return try Tracker(writer: queue, actor: actor, now: now, letters: letters)
        } catch let error as DatabaseError {
            throw TrackerError.notADatabase(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: it takes the write lock at once (waiting up to
    /// the busy timeout for other processes), commits if `body` returns and rolls back if it throws.
    /// Its first write is the `command` row that the events and records it writes belong to.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO command (at, actor, name) VALUES (?, ?, ?)",
                               arguments: [timestamp, actor, commandLine])
                result = try body(db)
                return .commit
            }
            guard let result else { throw TrackerError.invalid("the transaction did not complete") }
            return result
        }
    }

    /// The numbered SQL files of `Schema/`, in order; version 5 seals the records already written
    /// in events recorded `at` by `actor`.
    static func migrator(at timestamp: String, actor: String) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let files = EmbeddedResources.files.keys.filter { $0.hasPrefix("Schema/") && $0.hasSuffix(".sql") }.sorted()
        for file in files {
            let sql = EmbeddedResources.files[file] ?? ""
            let name = String(file.dropFirst("Schema/".count).dropLast(".sql".count))
            migrator.registerMigration(name) { db in
                try db.execute(sql: sql)
                // Version 3 seals the history; the events already written are sealed in order.
                if name == "003_history" { try HistorySeal.sealUnsealed(db) }
                // Version 5 seals every case's records as they stand.
                if name == "005_sealed_records" { try RecordsSeal.sealExisting(db, at: timestamp, actor: actor) }
            }
        }
        return migrator
    }

    /// The current time as the history writes it (ISO 8601, UTC, to the second).
    var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now())
    }

    var today: Day { Day(now()) }

    /// A date a user gave for something that happened: not later than today.
    func checkNotFuture(_ day: Day, what: String) throws {
        if day > today {
            throw TrackerError.invalid("the \(what) \(day) is after today (\(today)); give the date it happened")
        }
    }
}

// MARK: - Finding campaigns, recipients and cases

extension Tracker {
    /// The campaign `name` names (by id or name); with no name, the only campaign there is.
    func campaign(_ name: String?, _ db: Database) throws -> Campaign {
        guard let name else {
            let all = try Campaign.order(Column("id")).fetchAll(db)
            if all.count == 1, let only = all.first { return only }
            if all.isEmpty { throw TrackerError.noCampaigns }
            throw TrackerError.campaignNeeded(known: all.map(\.name))
        }
        let key = NameKey.of(name)
        var matches = try Campaign.filter(Campaign.Columns.nameKey == key).fetchAll(db)
        if let id = Int64(name.trimmingCharacters(in: .whitespaces)), let byId = try Campaign.fetchOne(db, key: id),
            !matches.contains(byId) {
            matches.append(byId)
        }
        if matches.count == 1, let match = matches.first { return match }
        let known = try String.fetchAll(db, sql: "SELECT name FROM campaign ORDER BY id")
        if matches.isEmpty { throw TrackerError.unknownCampaign(name, known: known) }
        throw TrackerError.invalid("\(quoted(name)) names \(matches.count) campaigns (\(matches.map { "\($0.name) (id \($0.id ?? 0))" }.joined(separator: ", "))); name one by its full name")
    }

    /// The campaigns `name` selects: that one, or every campaign when `nil`.
    func campaigns(_ name: String?, _ db: Database) throws -> [Campaign] {
        if let name { return [try campaign(name, db)] }
        return try Campaign.order(Column("id")).fetchAll(db)
    }

    /// The recipient `name` names: by id, or by name matched as `NameKey` does.
    func recipient(_ name: String, _ db: Database) throws -> Recipient {
        let key = NameKey.of(name)
        var matches = try Recipient.filter(Recipient.Columns.nameKey == key).fetchAll(db)
        if let id = Int64(name.trimmingCharacters(in: .whitespaces)), let byId = try Recipient.fetchOne(db, key: id),
            !matches.contains(byId) {
            matches.append(byId)
        }
        if matches.count == 1, let match = matches.first { return match }
        if matches.isEmpty { throw TrackerError.unknownRecipient(name) }
        throw TrackerError.ambiguousRecipient(name, candidates: matches.map { "\($0.name) (id \($0.id ?? 0))" })
    }

    /// The case of `recipient` in `campaign`.
    func theCase(of recipient: Recipient, in campaign: Campaign, _ db: Database) throws -> Case {
        guard let found = try Case
            .filter(Case.Columns.campaignId == campaign.id && Case.Columns.recipientId == recipient.id)
            .fetchOne(db)
        else {
            throw TrackerError.notInCampaign(recipient: recipient.name, campaign: campaign.name, category: campaign.category)
        }
        return found
    }

    /// The case named by a recipient and an optional campaign. With no campaign named, the
    /// recipient's only case will do.
    func theCase(recipient name: String, campaign campaignName: String?, _ db: Database) throws -> (Recipient, Campaign, Case) {
        let recipient = try recipient(name, db)
        if campaignName == nil {
            let cases = try Case.filter(Case.Columns.recipientId == recipient.id).fetchAll(db)
            if cases.count == 1, let only = cases.first, let campaign = try Campaign.fetchOne(db, key: only.campaignId) {
                return (recipient, campaign, only)
            }
        }
        let campaign = try campaign(campaignName, db)
        return (recipient, campaign, try theCase(of: recipient, in: campaign, db))
    }
}

// MARK: - Changing cases

extension Tracker {
    /// Checks `action` against the state machine and returns where it leads.
    func outcome(of action: CaseAction, for theCase: Case, _ recipient: Recipient, _ campaign: Campaign) throws -> Outcome {
        guard let outcome = StateMachine.outcome(of: action, from: theCase.state) else {
            throw TrackerError.refused(recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: action)
        }
        return outcome
    }

    /// Appends one event to the history of `theCase` (as it was before the event), sealed to the
    /// event before it, in the current command. Call it once the case and its records are as the
    /// event leaves them: its seal covers them.
    func appendEvent(_ db: Database, before theCase: Case, action: String, to: CaseState, on day: Day?,
                     note: String?, at timestamp: String, undoes: Int64? = nil) throws {
        guard let caseId = theCase.id else { throw TrackerError.invalid("an event needs a stored case") }
        try appendEvent(db, caseId: caseId, before: CaseFields(theCase), action: action, to: to, on: day, note: note,
                        at: timestamp, undoes: undoes)
    }

    /// Appends one event; `before` is `nil` for the event that registers a new case, which has no
    /// records yet. The seal covers the event, the case's fields and records as they stand now,
    /// and the current command (`RecordsSeal`).
    func appendEvent(_ db: Database, caseId: Int64, before: CaseFields?, action: String, to: CaseState, on day: Day?,
                     note: String?, at timestamp: String, undoes: Int64? = nil) throws {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1"))
        let lastId: Int64 = last?["id"] ?? 0
        let previous: String? = last?["hash"]
        let command = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, \(RecordsSeal.commandColumns.joined(separator: ", ")) FROM command ORDER BY id DESC LIMIT 1
            """))
        var event = Event(id: lastId + 1, caseId: caseId, at: timestamp, actor: actor, action: action,
                          fromState: before?.state, toState: to, onDate: day, note: note,
                          commandId: command?["id"], caseBefore: before?.json, undoes: undoes,
                          caseAfter: try RecordsSeal.caseAfter(db, caseId: caseId),
                          // A case just registered has no records yet.
                          recordsSha256: before == nil ? RecordsSeal.emptyDigest : try RecordsSeal.digest(db, caseId: caseId),
                          prevHash: previous ?? HistorySeal.genesis)
        let commandFields = RecordsSeal.commandColumns.map { column in
            command.flatMap { RecordsSeal.text($0[column] as DatabaseValue) }
        }
        event.hash = HistorySeal.hash(RecordsSeal.sealedFields(HistorySeal.fields(of: event), caseAfter: event.caseAfter,
                                                               records: event.recordsSha256, command: commandFields),
                                      after: previous ?? HistorySeal.genesis)
        // A cached statement, not the record's insert: GRDB builds an insert per record, and a
        // 100,000-row import writes 100,000 events.
        try db.cachedStatement(sql: """
            INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id,
                               case_before, undoes, case_after, records_sha256, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.id, event.caseId, event.at, event.actor, event.action, event.fromState,
                                     event.toState, event.onDate, event.note, event.commandId, event.caseBefore,
                                     event.undoes, event.caseAfter, event.recordsSha256, event.prevHash, event.hash])
    }

    /// Opens a `draft` case for every recipient of the campaign's category that has none, and
    /// records it in their histories. Returns how many were opened.
    @discardableResult
    func openDraftCases(_ db: Database, campaignId: Int64? = nil, recipientId: Int64? = nil) throws -> Int {
        var conditions = ["c.category = r.category",
                          "NOT EXISTS (SELECT 1 FROM \"case\" x WHERE x.campaign_id = c.id AND x.recipient_id = r.id)"]
        var arguments: StatementArguments = []
        if let campaignId { conditions.append("c.id = ?"); arguments += [campaignId] }
        if let recipientId { conditions.append("r.id = ?"); arguments += [recipientId] }
        let firstNew = (try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM \"case\"") ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO "case" (campaign_id, recipient_id, state)
            SELECT c.id, r.id, 'draft' FROM campaign c, recipient r
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY c.id, r.id
            """, arguments: arguments)
        let opened = db.changesCount
        let at = timestamp
        let newCases = try Int64.fetchCursor(db, sql: "SELECT id FROM \"case\" WHERE id >= ? ORDER BY id", arguments: [firstNew])
        while let caseId = try newCases.next() {
            try appendEvent(db, caseId: caseId, before: nil, action: "registered", to: .draft, on: nil, note: nil, at: at)
        }
        return opened
    }
}
