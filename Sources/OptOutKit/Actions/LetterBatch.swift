import Foundation
import GRDB

/// The form in which `letter --all` writes each letter.
public enum LetterFormat: String, CaseIterable, Sendable {
    /// The text letter, exactly the bytes whose SHA-256 is logged.
    case text
    /// An HTML page (`letters/<template>.html.mustache`) carrying the text letter (see `LetterPage`).
    case html
    /// The Internet message a notice delivered by `--deliver` went out as, byte for byte (the
    /// digest its delivery logs); letters not delivered are left out (see `Delivery/`).
    case eml

    /// The extension of the files written in this format.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .html: "html"
        case .eml: "eml"
        }
    }
}

/// One letter of a campaign, as `letter --all` produces it: the case, the values it was rendered
/// with, the letter, and the logged notice or reminder it reproduces (nil: not logged yet).
public struct BatchLetter: Sendable {
    public var recipient: Recipient
    public var campaign: Campaign
    public var theCase: Case
    public var date: Day
    public var deadline: Day
    public var reference: String?
    public var letter: Letter
    public var logged: Notice?
    /// The letter's HTML page, when `forEachLetter` was asked for pages and rendered it alongside.
    public var page: [UInt8]? = nil

    /// Whether the letter is not the one logged (the templates or the case changed since).
    public var differsFromLogged: Bool { logged.map { $0.letterSha256 != letter.sha256 } ?? false }

    /// The file name (without extension) the letter is written under: recipient and reference, made safe.
    public var fileName: String {
        LetterFileName.of([
            recipient.name, reference,
            logged?.kind == .reminder || letter.template == LetterRenderer.reminderTemplate ? "reminder" : nil,
        ])
    }
}

/// What `letter --all` wrote.
public struct LettersWritten: Sendable {
    public var campaign: String
    public var folder: String
    public var format: LetterFormat
    public var reminder: Bool
    /// Files written.
    public var written = 0
    /// Of them, letters of a logged notice or reminder, and letters not logged yet (`--date`).
    public var logged = 0
    public var unlogged = 0
    /// Logged letters whose text today is not the logged one: how many, and the first few recipients.
    public var differing = 0
    public var differingRecipients: [String] = []
    /// Files whose name had to be disambiguated (`-2`, ...).
    public var renamed = 0
    /// With `--format eml`: letters left out because their notice was not delivered by `--deliver`
    /// (or their text is no longer the delivered one).
    public var undelivered = 0
}

extension Tracker {
    /// Each letter of campaign `campaignName`, in recipient order, handed to `body` one at a time
    /// (at most `letterChunk` are held at once). Without `date`: every case's logged notice (with
    /// `reminder`, its latest reminder), worded as logged. With `date`: the cases whose notice
    /// (reminder) is logged that day, as logged, and the cases a `notice send --all --date`
    /// (a reminder that day) would send one to, as it would be rendered.
    public func forEachLetter(
        campaign campaignName: String?, date: Day?, reminder: Bool, pages: Bool = false,
        _ body: (BatchLetter) throws -> Void
    ) throws -> Campaign {
        try read { db in
            let campaign = try campaign(campaignName, db)
            let total =
                try Int.fetchOne(
                    db, sql: #"SELECT COUNT(*) FROM "case" WHERE campaign_id = ?"#, arguments: [campaign.id]) ?? 0
            var counter = ProgressCounter(progress, what: "letters", total: total)
            defer { counter.finish() }
            // The case's columns under names of their own (a server's rows are read by name).
            let rows = try SQLRequest<Row>(
                literal: """
                    SELECT r.*, k.id AS case_id, k.state AS case_state, k.sent_on AS case_sent_on,
                           k.deadline AS case_deadline, k.last_reply_on AS case_last_reply_on,
                           k.resolution AS case_resolution
                    FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                    WHERE \(SharedSQL.inCampaign(campaign.id)) ORDER BY r.name_key
                    """
            ).fetchCursor(db)
            let kind: NoticeKind = reminder ? .reminder : .notice
            let businessDays = try businessCalendar(for: campaign, db)
            let latest = try db.cachedStatement(
                sql: "SELECT * FROM notice WHERE case_id = ? AND kind = ? ORDER BY id DESC LIMIT 1")
            let onDay = try db.cachedStatement(
                sql: "SELECT * FROM notice WHERE case_id = ? AND kind = ? AND sent_on = ? ORDER BY id DESC LIMIT 1")
            var pending: [PendingNotice] = []
            func flush() throws {
                let rendered = letters.letters(
                    for: pending.map { ($0.recipient, $0.date, $0.deadline, $0.reference) }, in: campaign,
                    pages: pages)
                for (item, rendered) in zip(pending, rendered) {
                    let (letter, page) = try rendered.get()
                    try body(
                        BatchLetter(
                            recipient: item.recipient, campaign: campaign, theCase: item.theCase, date: item.date,
                            deadline: item.deadline, reference: item.reference, letter: letter,
                            logged: item.logged, page: page))
                }
                pending.removeAll(keepingCapacity: true)
            }
            while let row = try rows.next() {
                counter.add()
                let recipient = try Recipient(columnsOf: row)
                let caseId: Int64 = try row.decode(forColumn: "case_id")
                let theCase = Case(
                    id: caseId, campaignId: campaign.id ?? 0, recipientId: recipient.id ?? 0,
                    state: try row.decode(forColumn: "case_state"), sentOn: try row.decode(forColumn: "case_sent_on"),
                    deadline: try row.decode(forColumn: "case_deadline"),
                    lastReplyOn: try row.decode(forColumn: "case_last_reply_on"),
                    resolution: try row.decode(forColumn: "case_resolution"))
                let logged: Notice? =
                    if let date {
                        try Notice.fetchOne(onDay, arguments: [caseId, kind, date])
                    } else {
                        try Notice.fetchOne(latest, arguments: [caseId, kind])
                    }
                if reminder {
                    let day: Day
                    if let logged {
                        day = logged.sentOn
                    } else if let date, CaseState.awaitingAnswer.contains(theCase.state) {
                        day = date
                    } else {
                        continue
                    }
                    let reference = try logged?.reference ?? openingNotice(db, caseId: caseId)?.reference
                    let letter = try reminderLetter(
                        db, recipient: recipient, campaign: campaign, theCase: theCase, date: day, reference: reference)
                    try body(
                        BatchLetter(
                            recipient: recipient, campaign: campaign, theCase: theCase, date: day,
                            deadline: theCase.deadline ?? day, reference: reference, letter: letter, logged: logged))
                    continue
                }
                if let logged {
                    pending.append(
                        PendingNotice(
                            recipient: recipient, theCase: theCase, date: logged.sentOn, deadline: logged.deadline,
                            reference: logged.reference, logged: logged))
                } else if let date, theCase.state == .draft {
                    // As `notice send` refuses it: a letter whose deadline comes before its date.
                    let deadline = campaign.deadline(forNoticeSentOn: date, calendar: businessDays)
                    guard deadline >= date else {
                        throw CaseError.deadlineBeforeNotice(
                            recipient: recipient.name, deadline: deadline, notice: date)
                    }
                    pending.append(
                        PendingNotice(
                            recipient: recipient, theCase: theCase, date: date, deadline: deadline, reference: nil,
                            logged: nil))
                } else {
                    continue
                }
                if pending.count >= Self.letterChunk { try flush() }
            }
            if !pending.isEmpty { try flush() }
            return campaign
        }
    }

    /// Writes each letter of `forEachLetter` into the new or empty folder `path`, one file per
    /// case named by recipient and reference, in `format`. All or nothing: on any failure the
    /// files written are removed (and the folder, if this created it).
    public func writeLetters(
        campaign campaignName: String?, date: Day?, reminder: Bool, format: LetterFormat, into path: String
    ) throws -> LettersWritten {
        let campaign = try read { try self.campaign(campaignName, $0) }
        if format == .html {
            try letters.checkPageTemplate(reminder ? LetterRenderer.reminderTemplate : campaign.template)
        }
        if date == nil || !reminder { try letters.checkLetterTemplate(campaign.template) }
        let deliveries = format == .eml ? try deliveriesByNotice(campaign: campaign) : [:]
        let folder = try LetterFolder(path: path)
        var result = LettersWritten(campaign: campaign.name, folder: path, format: format, reminder: reminder)
        do {
            _ = try forEachLetter(campaign: campaign.name, date: date, reminder: reminder, pages: format == .html) {
                item in
                let bytes: [UInt8]
                switch format {
                case .text:
                    bytes = Array(item.letter.text.utf8)
                case .html:
                    bytes =
                        try item.page
                        ?? letters.page(
                            of: item.letter,
                            values: letters.letterValues(
                                item.recipient, item.campaign, date: item.date, deadline: item.deadline,
                                reference: item.reference))
                case .eml:
                    guard let message = Self.deliveredMessage(of: item, deliveries) else {
                        result.undelivered += 1
                        return
                    }
                    bytes = message.bytes
                }
                let name = item.fileName
                let file = try folder.write(bytes, name: name, ext: format.fileExtension)
                result.written += 1
                if file != "\(name).\(format.fileExtension)" { result.renamed += 1 }
                if item.logged == nil {
                    result.unlogged += 1
                } else {
                    result.logged += 1
                }
                if item.differsFromLogged {
                    result.differing += 1
                    if result.differingRecipients.count < 5 { result.differingRecipients.append(item.recipient.name) }
                }
            }
            if result.written == 0 {
                throw LetterBatchError.nothingToWrite(campaign: campaign.name, reminder: reminder, date: date)
            }
        } catch {
            folder.discard()
            throw error
        }
        folder.finish()
        return result
    }
}

/// A notice letter waiting in a chunk to be rendered.
private struct PendingNotice {
    var recipient: Recipient
    var theCase: Case
    var date: Day
    var deadline: Day
    var reference: String?
    var logged: Notice?
}

extension LetterRenderer {
    /// The notices of `campaign` for `items` (recipient, date, deadline, reference), in their
    /// order, rendered on every core (as `letterDigests` does): each the letter `letter(for:…)`
    /// gives, or the error it throws.
    func letters(
        for items: [(Recipient, Day, Day, String?)], in campaign: Campaign, pages: Bool = false
    ) -> [Result<(Letter, [UInt8]?), any Error>] {
        let name = "letters/\(campaign.template)"
        let prepared = Result { try flatPrepared(name) }
        @Sendable func render(_ index: Int, _ buffer: inout [UInt8]) -> Result<(Letter, [UInt8]?), any Error> {
            Result {
                buffer.removeAll(keepingCapacity: true)
                let (recipient, date, deadline, reference) = items[index]
                let values = letterValues(recipient, campaign, date: date, deadline: deadline, reference: reference)
                try renderLetter(name, values, prepared: try prepared.get(), into: &buffer)
                let letter = Letter(template: campaign.template, bytes: buffer)
                if letter.text.allSatisfy(\.isWhitespace) {
                    throw TemplateError.emptyLetter(template: campaign.template)
                }
                return (letter, pages ? try page(of: letter, values: values) : nil)
            }
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, items.count / 64))
        guard workers > 1 else {
            var buffer: [UInt8] = []
            return items.indices.map { render($0, &buffer) }
        }
        let results = UnsafeMutableBufferPointer<Result<(Letter, [UInt8]?), any Error>>.allocate(capacity: items.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 13)
            for index in stride(from: worker, to: items.count, by: workers) {
                slots.initializeElement(at: index, to: render(index, &buffer))
            }
        }
        let out = Array(results)
        _ = results.deinitialize()
        return out
    }
}
