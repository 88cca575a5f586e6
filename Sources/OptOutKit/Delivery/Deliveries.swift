import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `--deliver` delivers a notice: e-mail through the transfer agent, or `.eml` files.
public enum DeliveryMethod: Sendable, Equatable {
    case email
    case emlDir(String)

    /// `email` or `eml-dir:FOLDER`.
    public init(parsing text: String) throws {
        if text == "email" {
            self = .email
        } else if text.hasPrefix("eml-dir:"), text.count > "eml-dir:".count {
            self = .emlDir(String(text.dropFirst("eml-dir:".count)))
        } else {
            throw DeliveryError.methodMalformed(text: text)
        }
    }

    /// As the `delivery` table's `method` column names it.
    public var name: String {
        switch self {
        case .email: "email"
        case .emlDir: "eml-dir"
        }
    }
}

/// A delivery logged with its notice (schema version 9).
public struct DeliveryRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var noticeId: Int64
    public var caseId: Int64
    public var method: String
    public var address: String
    public var messageId: String
    public var messageSha256: String
    /// The message's header block as written, up to and with the blank line (its body is the letter).
    public var messageHeaders: String
    /// The transfer agent's exit status (`nil` for a file written).
    public var agentStatus: Int?
    /// What the transfer agent said (trimmed), or the file written.
    public var agentOutput: String
    public var commandId: Int64?

    enum CodingKeys: String, CodingKey {
        case id
        case noticeId = "notice_id"
        case caseId = "case_id"
        case method, address
        case messageId = "message_id"
        case messageSha256 = "message_sha256"
        case messageHeaders = "message_headers"
        case agentStatus = "agent_status"
        case agentOutput = "agent_output"
        case commandId = "command_id"
    }

    public static let databaseTableName = "delivery"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What `--deliver` needs besides the notices: the sender, the way, the agent.
public struct DeliverySettings: Sendable {
    public var from: MailAddress
    public var method: DeliveryMethod
    public var agent: MailAgent?
    public var environment: [String: String]
    /// A new Message-ID for a message from a domain (a test gives fixed ones).
    public var messageId: @Sendable (String) -> String

    public init(
        from: MailAddress, method: DeliveryMethod, agent: MailAgent?, environment: [String: String],
        messageId: @escaping @Sendable (String) -> String = InternetMessage.newMessageId(domain:)
    ) {
        self.from = from
        self.method = method
        self.agent = agent
        self.environment = environment
        self.messageId = messageId
    }

    /// From the environment: `$OPTOUT_FROM` (required), `$OPTOUT_SENDMAIL` and its timeout for e-mail.
    public static func fromEnvironment(_ environment: [String: String], method: DeliveryMethod) throws
        -> DeliverySettings
    {
        guard let text = environment["OPTOUT_FROM"], !text.isEmpty else { throw DeliveryError.noSender }
        let from: MailAddress
        switch MailAddress.parse(text) {
        case .success(let address): from = address
        case .failure(let problem): throw DeliveryError.senderNotCarried(address: text, problem: problem)
        }
        let agent = method == .email ? try MailAgent.fromEnvironment(environment) : nil
        return DeliverySettings(from: from, method: method, agent: agent, environment: environment)
    }
}

/// One notice delivered and logged.
public struct Delivered: Sendable {
    public var recipient: String
    public var notice: Notice
    public var delivery: DeliveryRecord
}

/// A notice that failed, not logged.
public struct DeliveryFailure: Sendable {
    public var recipient: String
    public var error: DeliveryError
}

/// What `notice send|remind --deliver` did.
public struct DeliveryOutcome: Sendable {
    public var campaign: String
    public var kind: NoticeKind
    public var delivered: [Delivered] = []
    /// Cases with no e-mail address: not logged, left as they were.
    public var noAddress: [String] = []
    public var failed: [DeliveryFailure] = []
    /// With `--all`: cases left out as `notice send` leaves them out (past draft, or reminded).
    public var skipped: Int = 0
    /// With `--all`: cases of do-not-contact recipients, left out.
    public var doNotContact: Int = 0
}

extension Tracker {
    /// `notice send … --deliver`: for each target case with an e-mail address, the letter whose
    /// digest the notice logs goes out as an Internet message, then the notice, its delivery and a
    /// `delivered` event are logged together. Every notice is checked first as a dry run of
    /// `sendNotices` (nothing goes out if one is refused). Each notice is logged in its own
    /// transaction right after its message went out, all under one command (so `undo` takes the
    /// command back whole): a failure or a crash later loses nothing that went out.
    public func deliverNotices(
        to targets: NoticeTargets, campaign campaignName: String?, date: Day, reference: String? = nil,
        deadline: Day? = nil, settings: DeliverySettings
    ) throws -> DeliveryOutcome {
        let plan = try sendNotices(
            to: targets, campaign: campaignName, date: date, channel: .email, reference: reference,
            deadline: deadline, dryRun: true)
        return try deliver(plan, kind: .notice, settings: settings)
    }

    /// `notice remind … --deliver`: as `deliverNotices`, for reminders.
    public func deliverReminders(
        to targets: ReminderTargets, campaign campaignName: String?, date: Day, reference: String? = nil,
        again: Bool = false, settings: DeliverySettings
    ) throws -> DeliveryOutcome {
        let plan = try sendReminders(
            to: targets, campaign: campaignName, date: date, channel: .email, reference: reference, again: again,
            dryRun: true)
        return try deliver(plan, kind: .reminder, settings: settings)
    }

    /// A notice about to go out.
    private struct Outgoing {
        var recipient: Recipient
        var caseId: Int64
        var planned: Notice
        var letter: Letter
    }

    private func deliver(_ plan: NoticesSent, kind: NoticeKind, settings: DeliverySettings) throws
        -> DeliveryOutcome
    {
        if case .emlDir(let folder) = settings.method { try Self.prepareFolder(folder) }
        let (campaign, outgoing) = try read { db -> (Campaign, [Outgoing]) in
            let campaign = try self.campaign(plan.campaign, db)
            let outgoing = try plan.logged.map { item -> Outgoing in
                guard let theCase = try Case.fetchOne(db, key: item.notice.caseId),
                    let recipient = try Recipient.fetchOne(db, key: theCase.recipientId)
                else { throw InternalError.dryRunIncomplete }
                let letter =
                    kind == .notice
                    ? try letters.letter(
                        for: recipient, in: campaign, date: item.notice.sentOn, deadline: item.notice.deadline,
                        reference: item.notice.reference)
                    : try reminderLetter(
                        db, recipient: recipient, campaign: campaign, theCase: theCase, date: item.notice.sentOn,
                        reference: item.notice.reference)
                return Outgoing(recipient: recipient, caseId: item.notice.caseId, planned: item.notice, letter: letter)
            }
            return (campaign, outgoing)
        }
        var outcome = DeliveryOutcome(
            campaign: campaign.name, kind: kind, skipped: plan.skipped, doNotContact: plan.doNotContact)
        var commandId: Int64?
        var counter = ProgressCounter(progress, what: "messages delivered", total: outgoing.count)
        defer { counter.finish() }
        for item in outgoing {
            counter.add()
            let name = item.recipient.name
            guard let email = item.recipient.email?.trimmingCharacters(in: CharacterSet.whitespaces), !email.isEmpty
            else {
                outcome.noAddress.append(name)
                continue
            }
            let to: MailAddress
            switch MailAddress.parse(email) {
            case .success(let address): to = address
            case .failure(let problem):
                outcome.failed.append(
                    DeliveryFailure(
                        recipient: name, error: .addressNotCarried(recipient: name, address: email, problem: problem)))
                continue
            }
            let message = InternetMessage(
                .init(
                    fromName: campaign.issuer, from: settings.from, toName: item.recipient.contact ?? name, to: to,
                    subject: Self.subject(kind: kind, campaign: campaign, caseId: item.caseId, notice: item.planned),
                    date: clock.now(), zone: clock.timeZone, messageId: settings.messageId(settings.from.domain),
                    body: item.letter.text))
            let status: Int?
            let answer: String
            var written: String?
            do {
                switch settings.method {
                case .email:
                    let agent = settings.agent ?? MailAgent(words: MailAgent.split(MailAgent.defaultCommand) ?? [])
                    let said = try agent.send(message.bytes, environment: settings.environment)
                    status = Int(said.status)
                    answer = said.output
                case .emlDir(let folder):
                    let path = try Self.writeMessage(
                        message, folder: folder, recipient: item.recipient, notice: item.planned)
                    written = path
                    status = nil
                    answer = "wrote \(path)"
                }
            } catch let error as DeliveryError {
                outcome.failed.append(DeliveryFailure(recipient: name, error: error))
                continue
            }
            var delivery = DeliveryRecord(
                noticeId: 0, caseId: item.caseId, method: settings.method.name, address: to.description,
                messageId: message.messageId, messageSha256: message.sha256, messageHeaders: message.headers,
                agentStatus: status,
                agentOutput: answer)
            do {
                let notice = try logDelivery(
                    &delivery, of: item, kind: kind, campaign: campaign, commandId: &commandId)
                outcome.delivered.append(Delivered(recipient: name, notice: notice, delivery: delivery))
            } catch {
                // A file not logged is taken back, so that sending again writes it again.
                if let written { try? FileManager.default.removeItem(atPath: written) }
                let reason = (error as? any OptOutError)?.errorLine ?? String(describing: error)
                outcome.failed.append(
                    DeliveryFailure(
                        recipient: name,
                        error: written != nil
                            ? .messageFileUnwritable(path: written ?? "", reason: "not logged: \(reason)")
                            : .sentButNotLogged(
                                recipient: name, messageId: message.messageId, sha256: message.sha256, reason: reason))
                )
            }
        }
        return outcome
    }

    /// Logs one delivered notice in its own transaction, in the command of the ones before it
    /// (`commandId`; a new command row if another process wrote in between).
    private func logDelivery(
        _ delivery: inout DeliveryRecord, of item: Outgoing, kind: NoticeKind, campaign: Campaign,
        commandId: inout Int64?
    ) throws -> Notice {
        let at = timestamp
        do {
            return try bareTransaction { db in
                var notice: Notice?
                do {
                    let latest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM command")
                    if commandId == nil || latest != commandId {
                        try db.execute(
                            sql: "INSERT INTO command (at, actor, name) VALUES (?, ?, ?)",
                            arguments: [at, actor, commandLine])
                        commandId = try db.lastInsertedRowID
                    }
                    guard let theCase = try Case.fetchOne(db, key: item.caseId) else {
                        throw InternalError.dryRunIncomplete
                    }
                    let logged =
                        kind == .notice
                        ? try logNotice(
                            db, recipient: item.recipient, campaign: campaign, theCase: theCase,
                            date: item.planned.sentOn, channel: .email, reference: item.planned.reference,
                            deadline: item.planned.deadline, at: at, digest: .success(item.letter.sha256))
                        : try logReminder(
                            db, recipient: item.recipient, campaign: campaign, theCase: theCase,
                            date: item.planned.sentOn, channel: .email, reference: item.planned.reference, at: at)
                    guard let noticeId = logged.id, logged.letterSha256 == item.letter.sha256 else {
                        throw DeliveryError.bodyNotTheLetter(
                            path: delivery.messageId, recipient: item.recipient.name, campaign: campaign.name)
                    }
                    delivery.noticeId = noticeId
                    delivery.commandId = commandId
                    try delivery.insert(db)
                    guard let after = try Case.fetchOne(db, key: item.caseId) else {
                        throw InternalError.dryRunIncomplete
                    }
                    try appendEvent(
                        db, before: after, action: "delivered", to: after.state, on: item.planned.sentOn,
                        note: Self.deliveryNote(delivery), at: at)
                    notice = logged
                }
                guard let notice else { throw InternalError.transactionIncomplete }
                return notice
            }
        } catch let error as DatabaseError {
            throw StoreError(error, path: writer.path)
        }
    }

    /// The `delivered` event's note: what its seal vouches for, in words.
    static func deliveryNote(_ delivery: DeliveryRecord) -> String {
        var note = "\(delivery.method == "email" ? "by e-mail" : "as a .eml file") to \(delivery.address)"
        note += ", Message-ID <\(delivery.messageId)>, message sha256 \(delivery.messageSha256)"
        if let status = delivery.agentStatus { note += ", transfer agent exit \(status)" }
        if !delivery.agentOutput.isEmpty { note += ": \(delivery.agentOutput)" }
        return note
    }

    /// The subject: what it is, the campaign, and our reference (the notice's, else the case's number).
    static func subject(kind: NoticeKind, campaign: Campaign, caseId: Int64, notice: Notice) -> String {
        let what = kind == .notice ? "Notice" : "Reminder"
        let reference = notice.reference ?? "OPTOUT-\(caseId)"
        return "\(what): \(campaign.name) [ref \(reference)]"
    }

    /// The folder of `--deliver eml-dir:`: made if missing, and writable.
    static func prepareFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DeliveryError.messageFileUnwritable(path: folder, reason: error.localizedDescription)
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw DeliveryError.messageFileUnwritable(path: folder, reason: "the folder is not writable")
        }
    }

    /// Writes `message` as `<recipient>-<case>-<kind>-<date>.eml` in `folder`, never over a file.
    static func writeMessage(_ message: InternetMessage, folder: String, recipient: Recipient, notice: Notice) throws
        -> String
    {
        let path = (folder as NSString).appendingPathComponent(
            "\(fileName(recipient.name))-\(notice.caseId)-\(notice.kind.rawValue)-\(notice.sentOn).eml")
        let descriptor = systemOpen(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw DeliveryError.messageFileExists(path: path) }
            throw DeliveryError.messageFileUnwritable(path: path, reason: String(cString: strerror(errno)))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(message.bytes))
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw DeliveryError.messageFileUnwritable(path: path, reason: error.localizedDescription)
        }
        return path
    }

    /// A recipient's name as part of a file name: letters and digits kept, the rest one `-`.
    static func fileName(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        let cut = String(out.prefix(80))
        return cut.isEmpty ? "recipient" : cut
    }
}

/// open(2) (a method of the tracker is also called `open`).
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
