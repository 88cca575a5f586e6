import Crypto
import Foundation
import GRDB

/// A message file that `verifyMessage` found to be a logged delivery.
public struct VerifiedMessage: Sendable {
    public var recipient: String
    public var campaign: String
    public var notice: Notice
    public var delivery: DeliveryRecord
    /// Lines a transfer agent or mail program put before the message (`Received:` and such),
    /// left out of the digest; 0 when the file is the message as logged.
    public var traceLines: Int
    /// The file had LF line ends where the message has CRLF (a mail program saved it so).
    public var lineEndsConverted: Bool
}

extension Tracker {
    /// The deliveries logged for a recipient's cases (one campaign's with `campaign`), oldest first.
    public func deliveryListing(recipient name: String, campaign campaignName: String?) throws -> Listing {
        try read { db in
            let recipient = try recipient(name, db)
            let campaignId = try campaignName.map { try campaign($0, db).id }
            guard try db.tableExists(RecordsSeal.deliveryTable.name) else {
                return Listing(columns: Self.deliveryColumns, rows: [])
            }
            // A NULL argument has no type a server could infer: the campaign's filter is there or not.
            let ofCampaign: SQL = campaignId.map { "AND k.campaign_id = \($0)" } ?? ""
            let rows = try SQLRequest<Row>(
                literal: """
                    SELECT c.name AS campaign, n.kind, n.sent_on, d.method, d.address, d.message_id,
                           d.message_sha256, d.agent_status, d.agent_output, m.at AS logged_at
                    FROM delivery d JOIN notice n ON n.id = d.notice_id JOIN "case" k ON k.id = d.case_id
                    JOIN campaign c ON c.id = k.campaign_id LEFT JOIN command m ON m.id = d.command_id
                    WHERE k.recipient_id = \(recipient.id) \(ofCampaign)
                    ORDER BY d.id
                    """
            ).fetchAll(db)
            return Listing(
                columns: Self.deliveryColumns,
                rows: try rows.map { row in
                    [
                        .text(try row.decode(String.self, forColumn: "campaign")),
                        .text(try row.decode(String.self, forColumn: "kind")),
                        .text(try row.decode(String.self, forColumn: "sent_on")),
                        .text(try row.decode(String.self, forColumn: "method")),
                        .text(try row.decode(String.self, forColumn: "address")),
                        .text(try row.decode(String.self, forColumn: "message_id")),
                        .text(try row.decode(String.self, forColumn: "message_sha256")),
                        .number(try row.decode(Int?.self, forColumn: "agent_status")),
                        .text(try row.decode(String.self, forColumn: "agent_output")),
                        .text(try row.decode(String?.self, forColumn: "logged_at")),
                    ]
                }, widths: ["message_id": 100, "message_sha256": 64, "agent_output": Listing.wideCell])
        }
    }

    /// The message delivered for `notice`, written again byte for byte from its logged header block
    /// and `letter` (the notice's letter, as `letter` prints it): `nil` when the notice was not
    /// delivered, or when `letter` is not the logged one (its digest would not be the logged one).
    func loggedMessage(_ db: Store, notice: Notice, letter: Letter) throws -> (InternetMessage, DeliveryRecord)? {
        guard let noticeId = notice.id, letter.sha256 == notice.letterSha256,
            try db.tableExists(RecordsSeal.deliveryTable.name),
            let delivery = try DeliveryRecord.filter(Column("notice_id") == noticeId).fetchOne(db)
        else { return nil }
        let message = InternetMessage(
            headers: delivery.messageHeaders, messageId: delivery.messageId, body: letter.text)
        return message.sha256 == delivery.messageSha256 ? (message, delivery) : nil
    }

    /// The message delivered for the case's notice (or, with `reminder`, its latest reminder),
    /// written again byte for byte: what `letter --all --format eml` writes for a delivered case.
    public func deliveredMessage(recipient name: String, campaign campaignName: String?, reminder: Bool = false)
        throws -> InternetMessage?
    {
        let printed = try letter(recipient: name, campaign: campaignName, reminder: reminder)
        guard let notice = printed.logged else { return nil }
        return try read { db in try loggedMessage(db, notice: notice, letter: printed.letter)?.0 }
    }

    static let deliveryColumns = [
        "campaign", "kind", "sent_on", "method", "address", "message_id", "message_sha256", "agent_status",
        "agent_output", "logged_at",
    ]

    /// The most bytes of a message file `verifyMessage` reads.
    static let messageFileLimit = 64 << 20

    /// Whether the file at `path` is a message delivered and logged for the case (without a
    /// recipient: for any case): its bytes (after any trace lines a transfer agent put before
    /// them, with CRLF restored if a mail program saved it with LF) have a logged delivery's
    /// SHA-256, the case's sealed records vouch for it, and its body decodes to the letter its
    /// notice logs.
    public func verifyMessage(recipient name: String?, campaign campaignName: String?, file path: String) throws
        -> VerifiedMessage
    {
        let bytes = try Self.messageBytes(path)
        let candidates = Self.candidates(bytes).map { candidate in
            (candidate, sha: RecordsSeal.hex(SHA256.hash(data: candidate.bytes)))
        }
        return try read { db in
            let hasTable = try db.tableExists(RecordsSeal.deliveryTable.name)
            var found: (candidate: (bytes: [UInt8], traceLines: Int, converted: Bool), delivery: DeliveryRecord)?
            var named: (recipient: Recipient, campaign: Campaign, logged: Int)?
            if let name {
                let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
                let deliveries =
                    hasTable
                    ? try DeliveryRecord.filter(Column("case_id") == theCase.id).order(Column("id")).fetchAll(db) : []
                named = (recipient, campaign, deliveries.count)
                found =
                    candidates.lazy.compactMap { candidate, sha in
                        deliveries.first { $0.messageSha256 == sha }.map { (candidate, $0) }
                    }.first
            } else if hasTable {
                for (candidate, sha) in candidates {
                    if let delivery = try DeliveryRecord.filter(Column("message_sha256") == sha).fetchOne(db) {
                        found = (candidate, delivery)
                        break
                    }
                }
            }
            guard let found else {
                if InternetMessage.parse(bytes) == nil { throw DeliveryError.notAMessage(path: path) }
                let digest = candidates.first?.sha ?? ""
                guard let named else { throw DeliveryError.noLoggedMessageMatches(path: path, digest: digest) }
                throw DeliveryError.notALoggedMessage(
                    path: path, recipient: named.recipient.name, campaign: named.campaign.name, digest: digest,
                    logged: named.logged)
            }
            guard let theCase = try Case.fetchOne(db, key: found.delivery.caseId),
                let recipient = try Recipient.fetchOne(db, key: theCase.recipientId),
                let campaign = try Campaign.fetchOne(db, key: theCase.campaignId)
            else { throw DeliveryError.noLoggedMessageMatches(path: path, digest: found.delivery.messageSha256) }
            // A digest counts only if the case's sealed records vouch for it.
            if let problem = try caseSealProblem(db, caseId: found.delivery.caseId) {
                throw SealError.recordsAltered(recipient: recipient.name, campaign: campaign.name, problem: problem)
            }
            guard let notice = try Notice.fetchOne(db, key: found.delivery.noticeId),
                let parsed = InternetMessage.parse(found.candidate.bytes),
                RecordsSeal.hex(SHA256.hash(data: parsed.body)) == notice.letterSha256
            else {
                throw DeliveryError.bodyNotTheLetter(path: path, recipient: recipient.name, campaign: campaign.name)
            }
            return VerifiedMessage(
                recipient: recipient.name, campaign: campaign.name, notice: notice, delivery: found.delivery,
                traceLines: found.candidate.traceLines, lineEndsConverted: found.candidate.converted)
        }
    }

    static func messageBytes(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileError.cannotOpen(path: path) }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: messageFileLimit + 1) ?? Data()
            guard data.count <= messageFileLimit else {
                throw FileError.unreadable(path: path, reason: "it is larger than 64 MiB, which no letter's message is")
            }
            return Array(data)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// The file whole, then from each line that starts as optout's messages start (`From: `),
    /// lines before it being trace lines; each also with LF turned to CRLF when the file has no CR.
    static func candidates(_ bytes: [UInt8]) -> [(bytes: [UInt8], traceLines: Int, converted: Bool)] {
        var starts: [(Int, Int)] = [(0, 0)]
        var lines = 0
        let from = Array("From: ".utf8)
        for index in bytes.indices where bytes[index] == 0x0A {
            lines += 1
            // Only within the headers: the blank line ends them.
            if index + 1 < bytes.count, bytes[index + 1] == 0x0A || bytes[index + 1] == 0x0D { break }
            if bytes[(index + 1)...].starts(with: from) { starts.append((index + 1, lines)) }
            if starts.count > 20 { break }
        }
        var out: [(bytes: [UInt8], traceLines: Int, converted: Bool)] = []
        let hasCR = bytes.contains(0x0D)
        for (start, traceLines) in starts {
            let part = Array(bytes[start...])
            out.append((part, traceLines, false))
            if !hasCR {
                var crlf: [UInt8] = []
                crlf.reserveCapacity(part.count + part.count / 40)
                for byte in part {
                    if byte == 0x0A { crlf.append(0x0D) }
                    crlf.append(byte)
                }
                out.append((crlf, traceLines, true))
            }
        }
        return out
    }
}

extension Tracker {
    /// The deliveries of a campaign's notices, by notice id (`letter --all --format eml`).
    func deliveriesByNotice(campaign: Campaign) throws -> [Int64: DeliveryRecord] {
        try read { db in
            guard try db.tableExists(RecordsSeal.deliveryTable.name) else { return [:] }
            let rows = try DeliveryRecord.fetchAll(
                db,
                sql: """
                    SELECT d.* FROM delivery d JOIN "case" k ON k.id = d.case_id WHERE k.campaign_id = ?
                    """, arguments: [campaign.id])
            return Dictionary(rows.map { ($0.noticeId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The message a batch letter's notice was delivered as, written again byte for byte; `nil`
    /// when it was not delivered or its letter is no longer the logged one.
    static func deliveredMessage(of item: BatchLetter, _ deliveries: [Int64: DeliveryRecord]) -> InternetMessage? {
        guard let notice = item.logged, let id = notice.id, let delivery = deliveries[id],
            item.letter.sha256 == notice.letterSha256
        else { return nil }
        let message = InternetMessage(
            headers: delivery.messageHeaders, messageId: delivery.messageId, body: item.letter.text)
        return message.sha256 == delivery.messageSha256 ? message : nil
    }
}
