import Crypto
import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The bulk paths (events sealed from a cached chain head, seals hashed from bytes, verify's fast
/// path, undo without a JSON parser) give exactly what the definitions of `HistorySeal` and
/// `RecordsSeal` give, field by field.
@Suite struct BulkTests {
    /// The seal as `HistorySeal` defines it: previous hash, `|`, the content string.
    static func definedHash(_ fields: [String?], after previous: String) -> String {
        Letter.hex(SHA256.hash(data: Data((previous + "|" + HistorySeal.content(fields)).utf8)))
    }

    @Test func sealedBytesHashAsTheContentStringDoes() {
        let cases: [[String?]] = [
            [], [nil], [""], ["a"], [nil, nil, ""], ["12", "Müller KI GmbH", "日本語", nil, "a|b:c", "line\nbreak"],
            [String(repeating: "x", count: 10_000), "0", "-", "9:abcdefghi"],
        ]
        for fields in cases {
            for previous in [HistorySeal.genesis, "", "abc"] {
                #expect(HistorySeal.hash(fields, after: previous) == Self.definedHash(fields, after: previous))
            }
        }
    }

    @Test func caseBeforeIsReadAsTheJSONParserReadsIt() throws {
        func parsed(_ json: String) -> [String?]? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                let state = (object["state"] as? String).flatMap(CaseState.init(rawValue:))
            else { return nil }
            return [
                state.rawValue, (object["sent_on"] as? String).flatMap(Day.init)?.description,
                (object["deadline"] as? String).flatMap(Day.init)?.description,
                (object["last_reply_on"] as? String).flatMap(Day.init)?.description,
                (object["resolution"] as? String).flatMap(Resolution.init(rawValue:))?.rawValue,
            ]
        }
        let theCase = Case(
            id: 1, campaignId: 1, recipientId: 1, state: .notified, sentOn: Day(year: 2024, month: 5, day: 14),
            deadline: Day(year: 2024, month: 6, day: 14))
        let samples = [
            CaseFields(theCase).json,
            #"{"state":"draft","sent_on":null,"deadline":null,"last_reply_on":null,"resolution":null}"#,
            #"{"state":"resolved","sent_on":"2024-01-01","deadline":"2024-02-30","last_reply_on":"x","resolution":"licensed"}"#,
            #"{"state":"resolved","sent_on":"2024-01-01","deadline":"2024-02-01","last_reply_on":null,"resolution":"nonsense"}"#,
            #"{ "state": "notified", "sent_on": "2024-01-01", "deadline": null, "last_reply_on": null, "resolution": null }"#,
            #"{"deadline":null,"state":"notified","sent_on":"2024-01-01","last_reply_on":null,"resolution":null}"#,
            #"{"state":"noti\u0066ied","sent_on":"2024-01-01","deadline":null,"last_reply_on":null,"resolution":null}"#,
            #"{"state":"unknown","sent_on":null,"deadline":null,"last_reply_on":null,"resolution":null}"#,
            #"{"state":"draft","sent_on":null,"deadline":null,"last_reply_on":null,"resolution":null}x"#,
            #"{"state":"draft","sent_on":null,"deadline":null,"last_reply_on":null}"#,
            "not json", "",
        ]
        for json in samples {
            let fields = CaseFields(json: json)
            let expected = parsed(json)
            #expect(
                (fields.map {
                    [
                        $0.state.rawValue, $0.sentOn?.description, $0.deadline?.description,
                        $0.lastReplyOn?.description, $0.resolution?.rawValue,
                    ]
                }) == expected, "\(json)")
        }
    }

    @Test func caseFieldsAreWrittenAsTheJSONWriterWritesThem() throws {
        let day = Day(year: 2024, month: 5, day: 14)
        let cases = [
            Case(id: 1, campaignId: 1, recipientId: 1, state: .draft),
            Case(id: 1, campaignId: 1, recipientId: 1, state: .notified, sentOn: day, deadline: day),
            Case(
                id: 1, campaignId: 1, recipientId: 1, state: .resolved, sentOn: day, deadline: day, lastReplyOn: day,
                resolution: .noUseConfirmed),
        ]
        for theCase in cases {
            let fields = CaseFields(theCase)
            #expect(fields.json == fields.jsonByValue)
            #expect(CaseFields(json: fields.json) == fields)
        }
    }

    /// A campaign of `count` AI developers, imported, notified, reminded and undone.
    static func bulkHistory(count: Int, progress: (@Sendable (ProgressStep) -> Void)? = nil) throws -> Tracker {
        let tracker = try Fixture.tracker()
        tracker.progress = progress
        try Fixture.addCampaign(tracker)
        let recipients = (1...count).map {
            Recipient(name: "Firm \($0)", category: .aiDeveloper, email: "f\($0)@example.com")
        }
        let imported = try tracker.importRecipients(recipients)
        #expect(imported.added == count && imported.casesOpened == count)
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        _ = try tracker.sendReminders(to: .dueWithin(days: 3650), campaign: nil, date: Fixture.actionDay)
        try tracker.undo(try tracker.undoPlan())
        return tracker
    }

    @Test func everyBulkEventIsSealedAsTheDefinitionsSay() throws {
        let tracker = try Self.bulkHistory(count: 40)
        try tracker.writer.read { db in
            var previous = HistorySeal.genesis
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(SealedEventRow.columns.joined(separator: ", ")) FROM sealed_event ORDER BY id
                    """)
            #expect(rows.count == 40 * 4)
            for next in rows {
                let row = SealedEventRow(row: next)
                #expect(row.prevHash == previous)
                #expect(row.hash == Self.definedHash(row.sealedFields, after: previous))
                // Each event seals its case and records as they stand after it; the last one, now.
                if let caseId = row.caseId,
                    try Int64.fetchOne(
                        db, sql: "SELECT MAX(id) FROM event WHERE case_id = ?",
                        arguments: [caseId]) == row.id
                {
                    #expect(row.caseAfter == (try RecordsSeal.caseAfter(Store(db), caseId: caseId)))
                    #expect(row.records == (try RecordsSeal.digest(Store(db), caseId: caseId)))
                }
                previous = row.hash ?? ""
            }
            // Undone: the cases are notified again, their reminders gone, each undo event names its command.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE state = 'notified'") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notice WHERE kind = 'reminder'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM undone_record WHERE table_name = 'notice'") == 40)
            #expect(
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM event e JOIN command m ON m.id = e.command_id
                        WHERE e.action = 'undone' AND m.undoes IS NOT NULL
                        """) == 40)
        }
        let verified = try tracker.verifyHistory()
        #expect(verified.events == 160)
        // The fast path and the expected head agree with the chain.
        #expect(try tracker.verifyHistory(expectedHead: verified.head).eventsAtExpectedHead == 160)
    }

    @Test func aDryRunWritesNothingAndTheNextCommandChainsOnTheLastEvent() throws {
        let tracker = try Fixture.oneDraftCase()
        let dry = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay, dryRun: true)
        #expect(dry.logged.count == 1)
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        #expect(try tracker.verifyHistory().events == 2)
    }

    @Test func aCommandThatFailsLeavesTheChainForTheNextOne() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: (any Error).self) {
            try tracker.importRecipients([
                Recipient(name: "A", category: .aiDeveloper, parent: "B"),
                Recipient(name: "B", category: .aiDeveloper, parent: "A"),
            ])
        }
        try Fixture.addRecipient(tracker, "Second")
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        #expect(try tracker.verifyHistory().events == 4)
    }

    @Test func progressIsReportedUpToTheTotal() throws {
        final class Steps: @unchecked Sendable {
            let lock = NSLock()
            var all: [ProgressStep] = []
            func add(_ step: ProgressStep) {
                lock.lock()
                all.append(step)
                lock.unlock()
            }
        }
        let steps = Steps()
        let tracker = try Self.bulkHistory(count: 1_100, progress: { steps.add($0) })
        _ = try tracker.verifyHistory()
        let last = Dictionary(steps.all.map { ($0.what, $0) }, uniquingKeysWith: { $1 })
        #expect(last["recipients imported"] == ProgressStep(what: "recipients imported", done: 1_100, total: 1_100))
        #expect(last["cases opened"] == ProgressStep(what: "cases opened", done: 1_100, total: 1_100))
        #expect(last["notices logged"] == ProgressStep(what: "notices logged", done: 1_100, total: 1_100))
        #expect(last["reminders logged"] == ProgressStep(what: "reminders logged", done: 1_100, total: 1_100))
        #expect(last["events undone"] == ProgressStep(what: "events undone", done: 1_100, total: 1_100))
        #expect(last["events checked"] == ProgressStep(what: "events checked", done: 4_400, total: 4_400))
        // Now and then, not per row.
        #expect(steps.all.count < 40)
    }
}
