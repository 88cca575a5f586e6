import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// `notice send` and `notice import` log their notices set by set (`logNotices`): every notice
/// inserted, every case moved by one update, every case's records digested in one pass per table,
/// then the events. The database they leave is, row for row, the one logging each notice on its
/// own left: same ids, same fields, same seals.
@Suite struct NoticeBatchTests {
    // MARK: - The reference: one notice after the other, as optout logged them before

    /// A notice logged as `logNotice` logged it before the batch: inserted, its case updated and
    /// read back, its records read, its event appended, before the next case is touched.
    static func logOneByOne(
        _ tracker: Tracker, _ db: Store, recipient: Recipient, campaign: Campaign, theCase: Case, date: Day,
        channel: Channel, reference: String?, deadline: Day?, at: String
    ) throws {
        guard let caseId = theCase.id,
            case .moveTo(let next) = try tracker.outcome(of: .sendNotice, for: theCase, recipient, campaign)
        else {
            throw CaseError.refused(
                recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: .sendNotice)
        }
        let deadline =
            try deadline
            ?? campaign.deadline(forNoticeSentOn: date, calendar: tracker.businessCalendar(for: campaign, db))
        guard deadline >= date else {
            throw CaseError.deadlineBeforeNotice(recipient: recipient.name, deadline: deadline, notice: date)
        }
        let digest = try tracker.letters.letter(
            for: recipient, in: campaign, date: date, deadline: deadline, reference: reference
        ).sha256
        try db.cachedStatement(
            sql: """
                INSERT INTO notice (case_id, kind, sent_on, channel, reference, deadline, template, letter_sha256, command_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT MAX(id) FROM command))
                """
        ).runBound(
            [
                .integer(caseId), .text(NoticeKind.notice.rawValue), .text(date.description), .text(channel.rawValue),
                BoundValue(reference), .text(deadline.description), .text(campaign.template), .text(digest),
            ], db)
        var caseAfter: String?
        try db.cachedStatement(
            sql: """
                UPDATE "case" SET state = ?, sent_on = ?, deadline = ? WHERE id = ? RETURNING \(RecordsSeal.caseColumns.joined(separator: ", "))
                """
        ).runBound([.text(next.rawValue), .text(date.description), .text(deadline.description), .integer(caseId)], db) {
            caseAfter = RecordsSeal.caseJSON($0)
        }
        var note = "by \(channel.rawValue), deadline \(deadline), letter \(campaign.template) sha256 \(digest)"
        if let reference { note += ", reference \(reference)" }
        try tracker.appendEvent(
            db, caseId: caseId, before: CaseFields(theCase), action: CaseAction.sendNotice.eventName, to: next,
            on: date, note: note, at: at, undoes: nil, caseAfter: caseAfter,
            records: try RecordsSeal.digest(db, caseId: caseId))
    }

    /// `notice send` one case at a time: the named recipients in order, or (`nil`) every draft
    /// case of the only campaign by name.
    static func sendOneByOne(
        _ tracker: Tracker, to names: [String]?, date: Day, reference: String? = nil, deadline: Day? = nil
    ) throws {
        let at = tracker.timestamp
        try tracker.transaction(bulk: true) { db in
            let campaign = try tracker.campaign(nil, db)
            let named =
                try names
                ?? String.fetchAll(
                    db,
                    sql: """
                        SELECT r.name FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                        WHERE k.campaign_id = ? AND k.state = 'draft' ORDER BY r.name_key
                        """, arguments: [campaign.id])
            for name in named {
                let recipient = try tracker.recipient(name, db)
                let theCase = try tracker.theCase(of: recipient, in: campaign, db)
                try logOneByOne(
                    tracker, db, recipient: recipient, campaign: campaign, theCase: theCase, date: date,
                    channel: .email, reference: reference, deadline: deadline, at: at)
            }
        }
    }

    /// `notice import` of good rows, one case at a time.
    static func importOneByOne(_ tracker: Tracker, _ inputs: [NoticeInput]) throws {
        let at = tracker.timestamp
        try tracker.transaction(bulk: true) { db in
            let campaign = try tracker.campaign(nil, db)
            for input in inputs {
                let recipient = try tracker.recipient(input.recipient, db)
                let theCase = try tracker.theCase(of: recipient, in: campaign, db)
                try logOneByOne(
                    tracker, db, recipient: recipient, campaign: campaign, theCase: theCase, date: input.date,
                    channel: input.channel, reference: input.reference, deadline: input.deadline, at: at)
            }
        }
    }

    /// A reminder logged as `logReminder` logged it before the batch: inserted, then its event
    /// appended with the case's fields and records read back.
    static func remindOneByOne(_ tracker: Tracker, date: Day) throws {
        let at = tracker.timestamp
        try tracker.transaction(bulk: true) { db in
            let campaign = try tracker.campaign(nil, db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT k.id AS case_id, r.id AS recipient_id FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                    WHERE k.campaign_id = ? AND k.state IN ('notified', 'acknowledged', 'incomplete')
                    ORDER BY k.deadline, r.name_key
                    """, arguments: [campaign.id])
            for row in rows {
                let theCase = try #require(try Case.fetchOne(db, key: try row.decode(Int64.self, forColumn: "case_id")))
                let recipient = try #require(
                    try Recipient.fetchOne(db, key: try row.decode(Int64.self, forColumn: "recipient_id")))
                let caseId = try #require(theCase.id)
                let deadline = try #require(theCase.deadline)
                let reference = try tracker.openingNotice(db, caseId: caseId)?.reference
                let letter = try tracker.reminderLetter(
                    db, recipient: recipient, campaign: campaign, theCase: theCase, date: date, reference: reference)
                try db.execute(
                    sql: """
                        INSERT INTO notice (case_id, kind, sent_on, channel, reference, deadline, template, letter_sha256, command_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT MAX(id) FROM command))
                        """,
                    arguments: [
                        caseId, NoticeKind.reminder, date, Channel.email, reference, deadline, letter.template,
                        letter.sha256,
                    ])
                var note = "by email, deadline \(deadline), letter \(letter.template) sha256 \(letter.sha256)"
                if let reference { note += ", reference \(reference)" }
                try tracker.appendEvent(
                    db, before: theCase, action: CaseAction.sendReminder.eventName, to: theCase.state, on: date,
                    note: note, at: at)
            }
        }
    }

    // MARK: - Two databases with the same story

    /// 300 AI developers in a campaign whose deadline is 30 days after each notice; Firm 7 is
    /// notified already and has answered with a disclosure, Firm 8 is notified.
    static func history() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, responseDays: 30)
        _ = try tracker.importRecipients(
            (1...300).map {
                Recipient(name: "Firm \($0) “Ü”", category: .aiDeveloper, email: "f\($0)@example.com")
            })
        _ = try tracker.sendNotices(
            to: .named(["Firm 7 “Ü”", "Firm 8 “Ü”"]), campaign: nil, date: Fixture.day("2026-01-05"))
        _ = try tracker.recordReply(
            recipient: "Firm 7 “Ü”", campaign: nil, date: Fixture.drivingReplyDay, kind: .disclosure,
            disclosures: [DisclosureInput(title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService)])
        return tracker
    }

    /// Every row of every table the notices touch, in storage order, values quoted with their types.
    static func rows(_ tracker: Tracker) throws -> [String] {
        try BulkUndoTests.dump(tracker)
    }

    /// The first row that differs between two databases, or nil.
    static func firstDifference(_ one: Tracker, _ other: Tracker) throws -> String? {
        let (left, right) = (try rows(one), try rows(other))
        if left.count != right.count { return "\(left.count) rows against \(right.count)" }
        return zip(left, right).first { $0 != $1 }.map { "\($0.0)\n\($0.1)" }
    }

    @Test(arguments: [nil, "R&D/7 “ü”"])
    func sendingToEveryDraftCaseLeavesWhatOneByOneLeft(reference: String?) throws {
        // Given two databases with the same story
        let batch = try Self.history()
        let reference2 = try Self.history()
        // When one sends to every draft case as optout does, the other one case after the other
        let sent = try batch.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: reference)
        try Self.sendOneByOne(reference2, to: nil, date: Fixture.noticeDay, reference: reference)
        // Then every row is the same, and so is the history's head
        #expect(sent.logged.count == 298)
        #expect(try Self.firstDifference(batch, reference2) == nil)
        #expect(try batch.verifyHistory().head == (try reference2.verifyHistory().head))
    }

    @Test func sendingToNamedCasesLeavesWhatOneByOneLeft() throws {
        let batch = try Self.history()
        let reference2 = try Self.history()
        // Named out of their order, with a deadline of their own
        let names = ["Firm 250 “Ü”", "Firm 3 “Ü”", "Firm 120 “Ü”"]
        let deadline = Fixture.day("2026-04-01")
        let sent = try batch.sendNotices(
            to: .named(names), campaign: nil, date: Fixture.noticeDay, channel: .email, deadline: deadline)
        try Self.sendOneByOne(reference2, to: names, date: Fixture.noticeDay, deadline: deadline)
        #expect(sent.logged.map(\.recipient) == names)
        #expect(try Self.firstDifference(batch, reference2) == nil)
        #expect(try batch.verifyHistory().head == (try reference2.verifyHistory().head))
    }

    @Test func importingNoticesLeavesWhatOneByOneLeft() throws {
        let batch = try Self.history()
        let reference2 = try Self.history()
        // Rows with their own dates, channels, references and deadlines, or the campaign's rule
        let inputs = try NoticeFile.read(
            text: """
                recipient,date,channel,reference,deadline
                Firm 40 “Ü”,2026-01-12,post,A-1,2026-03-01
                Firm 2 “Ü”,2026-01-03,,,
                Firm 199 “Ü”,2026-02-01,courier,,
                Firm 9 “Ü”,2026-01-03,other,"B,2",2026-01-03

                """)
        let sent = try batch.importNotices(inputs, path: "notices.csv", campaign: nil)
        try Self.importOneByOne(reference2, inputs)
        #expect(
            sent.logged.map(\.notice.deadline).map(\.description) == [
                "2026-03-01", "2026-02-02", "2026-03-03", "2026-01-03",
            ])
        #expect(try Self.firstDifference(batch, reference2) == nil)
        #expect(try batch.verifyHistory().head == (try reference2.verifyHistory().head))
    }

    @Test func remindingEveryCaseDueLeavesWhatOneByOneLeft() throws {
        // Given every case notified (by reference), one answered with a partial disclosure
        let batch = try Self.history()
        let reference2 = try Self.history()
        for tracker in [batch, reference2] {
            _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: "W-1")
            _ = try tracker.recordReply(
                recipient: "Firm 11 “Ü”", campaign: nil, date: Fixture.drivingReplyDay, kind: .disclosure,
                disclosures: [DisclosureInput(title: "Salt Roads", artist: "Ines Moor", accessMethod: .webScrape)])
        }
        // When one reminds every case due as optout does, the other one case after the other
        let sent = try batch.sendReminders(to: .dueWithin(days: 3650), campaign: nil, date: Fixture.actionDay)
        try Self.remindOneByOne(reference2, date: Fixture.actionDay)
        // Then every row is the same, and so is the history's head
        #expect(sent.logged.count == 300)
        #expect(sent.logged.allSatisfy { $0.notice.kind == .reminder && $0.notice.id != nil })
        #expect(try Self.firstDifference(batch, reference2) == nil)
        #expect(try batch.verifyHistory().head == (try reference2.verifyHistory().head))
    }

    @Test func theNoticesComeBackWithTheIdsTheyWereStoredUnder() throws {
        let tracker = try Self.history()
        let sent = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        try tracker.writer.read { db in
            for item in sent.logged {
                let stored = try Notice.fetchOne(db, key: item.notice.id)
                #expect(stored == item.notice)
            }
        }
    }

    @Test func aRefusedCaseAmongManyWritesNothing() throws {
        // Given draft cases and one already notified, named last
        let tracker = try Self.history()
        let before = try Self.rows(tracker)
        // When they are sent a notice together, the notified one is refused and nothing is written
        #expect(throws: CaseError.self) {
            try tracker.sendNotices(
                to: .named(["Firm 1 “Ü”", "Firm 2 “Ü”", "Firm 8 “Ü”"]), campaign: nil, date: Fixture.noticeDay)
        }
        #expect(try Self.rows(tracker) == before)
    }

    // MARK: - The digest of many cases at once

    /// The demo's cases hold notices, reminders, replies and disclosures (some superseded).
    @Test func theDigestsOfManyCasesAreEachCasesDigest() throws {
        let tracker = try Tracker.inMemory(actor: "demo", clock: ServerStoreTests.clock)
        _ = try DemoGenerator.populate(tracker)
        try tracker.writer.read { database in
            let db = Store(database)
            let cases = try Int64.fetchAll(db, sql: "SELECT DISTINCT case_id FROM notice ORDER BY case_id DESC")
            let superseded = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NOT NULL")
            #expect(cases.count > 100)
            #expect((superseded ?? 0) > 0)
            let digests = try RecordsSeal.digestsInOnePass(db, ofCases: cases, noticedAfter: 0)
            #expect(digests.count == cases.count)
            for caseId in cases {
                #expect(digests[caseId] == (try RecordsSeal.digest(db, caseId: caseId)), "case \(caseId)")
            }
        }
    }

    @Test func aDigestCoversTheNoticesDeliveries() throws {
        // Given a case whose notice was delivered (a delivery row seals with it)
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        try tracker.writer.write { database in
            let db = Store(database)
            let caseId = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM \"case\""))
            let noticeId = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM notice"))
            let withoutDelivery = try RecordsSeal.digestsInOnePass(db, ofCases: [caseId], noticedAfter: 0)[caseId]
            try db.execute(
                sql: """
                    INSERT INTO delivery (notice_id, case_id, method, address, message_id, message_sha256,
                                          message_headers, agent_status, agent_output)
                    VALUES (?, ?, 'email', 'a@example.com', 'm@example.com', ?, 'To: a', 0, '')
                    """, arguments: [noticeId, caseId, String(repeating: "ab", count: 32)])
            let digest = try RecordsSeal.digestsInOnePass(db, ofCases: [caseId], noticedAfter: 0)[caseId]
            #expect(digest == (try RecordsSeal.digest(db, caseId: caseId)))
            #expect(digest != withoutDelivery)
        }
    }
}

/// The same batch on a team database: its digests are the server's one-case digests, the history
/// it seals is the file's, and `undo` takes the whole send back.
@Suite(.postgres) struct ServerNoticeBatchTests {
    @Test func onAServerTheDigestsOfManyCasesAreEachCasesDigest() throws {
        try PostgresFixture.withDatabase(named: "batchdigest") { server in
            let team = try Tracker.open(server: server.url, access: .initialize, clock: ServerStoreTests.clock)
            _ = try DemoGenerator.populate(team)
            try team.read { db in
                let cases = try Int64.fetchAll(db, sql: "SELECT DISTINCT case_id FROM notice ORDER BY case_id")
                #expect(cases.count > 100)
                let digests = try RecordsSeal.digestsInOnePass(db, ofCases: cases, noticedAfter: 0)
                for caseId in cases {
                    #expect(digests[caseId] == (try RecordsSeal.digest(db, caseId: caseId)), "case \(caseId)")
                }
            }
        }
    }

    @Test func aSendToEveryDraftCaseSealsTheFilesHistoryAndIsUndone() throws {
        try PostgresFixture.withDatabase(named: "batchsend") { server in
            let clock = Fixture.clock
            let team = try Tracker.open(server: server.url, access: .initialize, clock: clock)
            let file = try Tracker.inMemory(actor: team.actor, clock: clock)
            for tracker in [file, team] {
                try Fixture.addCampaign(tracker)
                _ = try tracker.importRecipients(
                    (1...500).map { Recipient(name: "Firm \($0)", category: .aiDeveloper) })
                _ = try tracker.sendNotices(to: .named(["Firm 3"]), campaign: nil, date: Fixture.noticeDay)
            }
            let before = try team.verifyHistory()
            let fileSent = try file.sendNotices(
                to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: "R-1")
            let teamSent = try team.sendNotices(
                to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: "R-1")
            #expect(teamSent.logged.count == 499)
            #expect(teamSent.logged.map(\.notice) == fileSent.logged.map(\.notice))
            let verified = try team.verifyHistory()
            #expect(verified.head == (try file.verifyHistory().head))
            _ = try team.undo(try team.undoPlan())
            let undone = try team.verifyHistory()
            #expect(undone.events == verified.events + 499)
            let drafts = try team.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE state = 'draft'")
            }
            #expect(drafts == 499)
            #expect(before.events < verified.events)
        }
    }
}
