import Foundation
import GRDB

/// A notice logged for one case.
public struct NoticeLogged: Sendable {
    public var recipient: String
    public var notice: Notice
}

/// What `sendNotices` did.
public struct NoticesSent: Sendable {
    public var campaign: String
    public var logged: [NoticeLogged]
    /// With `--all`: cases of the campaign that were past `draft` and so left as they were (for
    /// notices), or that were already reminded on that date (for reminders).
    public var skipped: Int
    /// A dry run: what would have been logged; nothing was written.
    public var dryRun = false
    /// With `--all`: cases of recipients marked do-not-contact, left out.
    public var doNotContact = 0
}

/// The recipients a notice goes to: named ones, or every `draft` case of the campaign.
public enum NoticeTargets: Sendable {
    case named([String])
    case allDrafts
}

extension Tracker {
    /// Logs a notice sent for each target case: `draft` → `notified`, with its deadline (the
    /// given one, else the campaign's rule) and the digest of its letter. All or nothing.
    /// With `dryRun`, everything is done and checked, then rolled back: nothing is written.
    public func sendNotices(
        to targets: NoticeTargets, campaign campaignName: String?, date: Day,
        channel: Channel = .email, reference: String? = nil, deadline: Day? = nil,
        dryRun: Bool = false
    ) throws -> NoticesSent {
        try checkNotFuture(date, what: .notice)
        try Validation.checkText(reference, option: "--reference")
        return try transaction(dryRun: dryRun, bulk: true) { db in
            let campaign = try campaign(campaignName, db)
            var cases: [(Recipient, Case)] = []
            var skipped = 0
            let doNotContact = try doNotContactIds(db)
            var skippedDoNotContact = 0
            switch targets {
            case .named(let names):
                cases = try namedCases(names, in: campaign, db)
                try refuseDoNotContact(cases, doNotContact, db)
            case .allDrafts:
                let rows = try SQLRequest<Row>(
                    """
                    SELECT r.*, k.id AS case_id, k.state AS case_state
                    FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                    WHERE \(SharedSQL.inCampaign(campaign.id)) ORDER BY r.name_key
                    """
                ).fetchCursor(db)
                while let row = try rows.next() {
                    let state: CaseState = try row.decode(forColumn: "case_state")
                    guard state == .draft else {
                        skipped += 1
                        continue
                    }
                    let recipient = try Recipient(columnsOf: row)
                    if let id = recipient.id, doNotContact.contains(id) {
                        skippedDoNotContact += 1
                        continue
                    }
                    let theCase = Case(
                        id: try row.decode(forColumn: "case_id"), campaignId: campaign.id ?? 0,
                        recipientId: recipient.id ?? 0, state: state)
                    cases.append((recipient, theCase))
                }
                if cases.isEmpty && skippedDoNotContact > 0 {
                    throw FollowUpError.allDoNotContact(campaign: campaign.name, count: skippedDoNotContact)
                }
                if cases.isEmpty {
                    throw CaseError.noDraftCase(
                        campaign: campaign.name, category: campaign.category, alreadyNotified: skipped)
                }
            }
            let at = timestamp
            // Letters rendered and hashed on every core, a chunk at a time, the next chunk while
            // this one is checked (in order); then every notice logged at once.
            let businessDays = try businessCalendar(for: campaign, db)
            let letterDeadline = deadline ?? campaign.deadline(forNoticeSentOn: date, calendar: businessDays)
            let renderer = letters
            func render(_ chunk: ArraySlice<(Recipient, Case)>) -> PendingLetters {
                let recipients = chunk.map(\.0)
                return PendingLetters {
                    renderer.letterDigests(
                        for: recipients, in: campaign, date: date, deadline: letterDeadline, reference: reference)
                }
            }
            var planned: [PlannedNotice] = []
            planned.reserveCapacity(cases.count)
            var counter = ProgressCounter(progress, what: "notices checked", total: cases.count)
            var start = 0
            var pending = render(cases[0..<min(Self.letterChunk, cases.count)])
            while start < cases.count {
                let chunk = cases[start..<min(start + Self.letterChunk, cases.count)]
                let rendered = pending.wait()
                if chunk.endIndex < cases.count {
                    pending = render(cases[chunk.endIndex..<min(chunk.endIndex + Self.letterChunk, cases.count)])
                }
                for ((recipient, theCase), letter) in zip(chunk, rendered) {
                    planned.append(
                        try planNotice(
                            recipient: recipient, campaign: campaign, theCase: theCase, date: date, channel: channel,
                            reference: reference, deadline: deadline, calendar: { businessDays },
                            digest: { _ in try letter.get() }))
                    counter.add()
                }
                start += chunk.count
            }
            counter.finish()
            cases = []
            let logged = try logNotices(planned, at: at, db)
            return NoticesSent(
                campaign: campaign.name, logged: logged, skipped: skipped, dryRun: dryRun,
                doNotContact: skippedDoNotContact)
        }
    }

    /// Logs notices sent outside the tool, as read by `NoticeFile`, in one transaction. Every
    /// row that cannot be logged is reported with its line; then nothing is written.
    public func importNotices(_ inputs: [NoticeInput], path: String, campaign campaignName: String?) throws
        -> NoticesSent
    {
        for input in inputs { try checkNotFuture(input.date, what: .noticeInFile(line: input.line, path: path)) }
        return try transaction(bulk: true) { db in
            let campaign = try campaign(campaignName, db)
            let at = timestamp
            var planned: [PlannedNotice] = []
            var problems: [FileProblem] = []
            var seen: [Int64: Int] = [:]
            // The campaign's calendar, read when a row first needs it.
            var calendar: BusinessCalendar?
            func businessDays() throws -> BusinessCalendar {
                if let calendar { return calendar }
                let read = try businessCalendar(for: campaign, db)
                calendar = read
                return read
            }
            var counter = ProgressCounter(progress, what: "notices checked", total: inputs.count)
            for input in inputs {
                counter.add()
                do {
                    let recipient = try recipient(
                        input.recipient, db, suggesting: problems.count < FileError.problemsListed)
                    if let id = recipient.id, let earlier = seen[id] {
                        problems.append(
                            FileProblem(line: input.line, .noticeTwice(recipient: recipient.name, firstLine: earlier)))
                        continue
                    }
                    seen[recipient.id ?? 0] = input.line
                    let theCase = try theCase(of: recipient, in: campaign, db)
                    let renderer = letters
                    planned.append(
                        try planNotice(
                            recipient: recipient, campaign: campaign, theCase: theCase, date: input.date,
                            channel: input.channel, reference: input.reference, deadline: input.deadline,
                            calendar: businessDays,
                            digest: { deadline in
                                try renderer.letter(
                                    for: recipient, in: campaign, date: input.date, deadline: deadline,
                                    reference: input.reference
                                ).sha256
                            }))
                } catch let error as CaseError {
                    problems.append(FileProblem(line: input.line, .refused(error)))
                }
            }
            counter.finish()
            if !problems.isEmpty { throw FileError.rejected(path: path, problems: problems) }
            let logged = try logNotices(planned, at: at, db)
            return NoticesSent(campaign: campaign.name, logged: logged, skipped: 0)
        }
    }

    /// How many letters are rendered at once before they are written.
    static let letterChunk = 4096

    /// Logs a reminder sent for each target case that still owes an answer: the case keeps its
    /// state and deadline; its history and notices gain the reminder, with the digest of its letter.
    /// A case already reminded on `date` is reminded again only with `again`: named, it is refused;
    /// among `dueWithin` cases, it is skipped and counted. With `dryRun`, nothing is written.
    public func sendReminders(
        to targets: ReminderTargets, campaign campaignName: String?, date: Day,
        channel: Channel = .email, reference: String? = nil, again: Bool = false,
        dryRun: Bool = false
    ) throws -> NoticesSent {
        try checkNotFuture(date, what: .reminder)
        try Validation.checkText(reference, option: "--reference")
        return try transaction(dryRun: dryRun, bulk: true) { db in
            let campaign = try campaign(campaignName, db)
            let remindedThatDay =
                again
                ? []
                : Set(
                    try Int64.fetchAll(
                        db,
                        sql: """
                            SELECT n.case_id FROM notice n JOIN "case" k ON k.id = n.case_id
                            WHERE k.campaign_id = ? AND n.kind = ? AND n.sent_on = ?
                            """, arguments: [campaign.id, NoticeKind.reminder, date]))
            var cases: [(Recipient, Case)] = []
            var skipped = 0
            let doNotContact = try doNotContactIds(db)
            var skippedDoNotContact = 0
            switch targets {
            case .named(let names):
                cases = try namedCases(names, in: campaign, db)
                try refuseDoNotContact(cases, doNotContact, db)
                if let (recipient, _) = cases.first(where: { remindedThatDay.contains($0.1.id ?? 0) }) {
                    throw ReminderError.alreadyReminded(recipient: recipient.name, campaign: campaign.name, date: date)
                }
            case .dueWithin(let days):
                guard (0...3650).contains(days) else {
                    throw ReminderError.windowOutOfRange(days: days)
                }
                let last = date.adding(days: days)
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.*, k.id AS case_id FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                        WHERE k.campaign_id = ? AND k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline <= ?
                        ORDER BY k.deadline, r.name_key
                        """, arguments: [campaign.id, last])
                for row in rows {
                    guard let theCase = try Case.fetchOne(db, key: (try row.decode(Int64.self, forColumn: "case_id")))
                    else { continue }
                    if doNotContact.contains(theCase.recipientId) {
                        skippedDoNotContact += 1
                        continue
                    }
                    if remindedThatDay.contains(theCase.id ?? 0) {
                        skipped += 1
                        continue
                    }
                    cases.append((try Recipient(row: row), theCase))
                }
                if cases.isEmpty && skippedDoNotContact > 0 {
                    throw FollowUpError.allDoNotContact(campaign: campaign.name, count: skippedDoNotContact)
                }
                if cases.isEmpty && skipped > 0 {
                    throw ReminderError.allAlreadyReminded(campaign: campaign.name, count: skipped, date: date)
                }
                if cases.isEmpty {
                    throw ReminderError.nothingToRemind(campaign: campaign.name, through: last)
                }
            }
            let at = timestamp
            var planned: [PlannedNotice] = []
            planned.reserveCapacity(cases.count)
            var counter = ProgressCounter(progress, what: "reminders checked", total: cases.count)
            for (recipient, theCase) in cases {
                counter.add()
                planned.append(
                    try planReminder(
                        db, recipient: recipient, campaign: campaign, theCase: theCase, date: date, channel: channel,
                        reference: reference))
            }
            counter.finish()
            cases = []
            let logged = try logNotices(planned, at: at, db, counting: "reminders logged")
            return NoticesSent(
                campaign: campaign.name, logged: logged, skipped: skipped, dryRun: dryRun,
                doNotContact: skippedDoNotContact)
        }
    }

    /// `transaction`, or with `dryRun` the same work rolled back at the end, so that it is checked
    /// as a real run would be (states, dates, letters) and nothing is written.
    func transaction<T>(dryRun: Bool, bulk: Bool = false, _ body: (Store) throws -> T) throws -> T {
        guard dryRun else { return try transaction(bulk: bulk, body) }
        if let server { return try serverTransaction(server, dryRun: true, body) }
        return try writer.writeWithoutTransaction { database in
            var result: T?
            chain = nil
            defer { chain = nil }
            try database.inTransaction(.deferred) {
                result = try body(Store(database))
                return .rollback
            }
            guard let result else { throw InternalError.dryRunIncomplete }
            return result
        }
    }

    /// The reminder letter of a case, dated `date`, from what the case holds now.
    func reminderLetter(
        _ db: Store, recipient: Recipient, campaign: Campaign, theCase: Case, date: Day,
        reference: String?
    ) throws -> Letter {
        guard let caseId = theCase.id, let deadline = theCase.deadline else {
            throw ReminderError.noNotice(recipient: recipient.name, campaign: campaign.name)
        }
        return try letters.reminder(
            for: recipient, in: campaign, date: date, deadline: deadline, reference: reference,
            noticeOn: theCase.sentOn,
            lastReplyOn: theCase.lastReplyOn,
            missing: campaign.requests == .all ? try incompleteDisclosures(db, caseId: caseId) : [])
    }

    /// The cases of the named recipients in `campaign`, each once.
    private func namedCases(_ names: [String], in campaign: Campaign, _ db: Store) throws -> [(Recipient, Case)] {
        var seen = Set<Int64>()
        var cases: [(Recipient, Case)] = []
        for name in names {
            let recipient = try recipient(name, db)
            guard let id = recipient.id, seen.insert(id).inserted else { continue }
            cases.append((recipient, try theCase(of: recipient, in: campaign, db)))
        }
        return cases
    }

    /// The notice that opened a case.
    func openingNotice(_ db: Store, caseId: Int64) throws -> Notice? {
        try Notice.filter(Column("case_id") == caseId && Column("kind") == NoticeKind.notice)
            .order(Column("id").desc).fetchOne(db)
    }
}

/// Letters being rendered on other threads, awaited where they are written.
final class PendingLetters: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var letters: [Result<String, any Error>] = []

    init(_ render: @escaping @Sendable () -> [Result<String, any Error>]) {
        DispatchQueue.global().async {
            self.letters = render()
            self.done.signal()
        }
    }

    /// The letters, once rendered.
    func wait() -> [Result<String, any Error>] {
        done.wait()
        return letters
    }
}

/// The cases a reminder goes to: named ones, or every case of the campaign that still owes an
/// answer and whose deadline falls within so many days of the reminder's date (or has passed).
public enum ReminderTargets: Sendable {
    case named([String])
    case dueWithin(days: Int)
}
