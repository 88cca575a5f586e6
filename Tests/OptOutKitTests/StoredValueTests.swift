import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Values the schema once accepted (or another program wrote) that the program cannot read: every
/// command that meets one throws a `StoredValueError` naming the row, never traps; `check` lists them.
@Suite struct StoredValueTests {
    /// Writes `sql` as another program would: the strict-date triggers of schema 6 dropped, CHECKs ignored.
    static func writeOutside(_ tracker: Tracker, _ sql: String) throws {
        try tracker.writer.writeWithoutTransaction { db in
            for name in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_is_a_date_on_%'")
            {
                try db.execute(sql: "DROP TRIGGER \"\(name)\"")
            }
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
    }

    static func expectUnreadable(
        _ table: String, row: Int64, column: String, value: String,
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { error in
            guard case .unreadable(let problem) = error as? StoredValueError else { return false }
            return problem.table == table && problem.rowId == row && problem.column == column && problem.value == value
                && "\(error)".contains("optout check")
        }
    }

    @Test func aDeadlineThatIsNotOnTheCalendarIsAnErrorNamingItsRowInEveryReadingCommand() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let caseId = try #require(try Fixture.theCase(tracker).id)
        try Self.writeOutside(tracker, "UPDATE \"case\" SET deadline = '2024-02-30'")
        Self.expectUnreadable("case", row: caseId, column: "deadline", value: "'2024-02-30'") {
            _ = try tracker.overdue(asOf: Fixture.today)
        }
        Self.expectUnreadable("case", row: caseId, column: "deadline", value: "'2024-02-30'") {
            _ = try tracker.campaignListing(asOf: Fixture.today)
        }
        Self.expectUnreadable("case", row: caseId, column: "deadline", value: "'2024-02-30'") {
            _ = try tracker.report(asOf: Fixture.today)
        }
        // A command that writes meets it too, and writes nothing.
        let count = try tracker.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") }
        Self.expectUnreadable("case", row: caseId, column: "deadline", value: "'2024-02-30'") {
            _ = try tracker.escalate(recipient: Fixture.recipient, campaign: nil)
        }
        #expect(try tracker.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") } == count)
    }

    @Test func aFlippedByteInAnAccessMethodIsAnErrorInWorks() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        try Self.writeOutside(tracker, "UPDATE disclosure SET access_method = 'web-scrapf'")
        Self.expectUnreadable("disclosure", row: 1, column: "access_method", value: "'web-scrapf'") {
            _ = try tracker.report(asOf: Fixture.today)
        }
        let result = try tracker.check()
        #expect(!result.isSound)
        #expect(
            result.storedValueProblems.map(\.description)
                == [
                    "disclosure row 1, column access_method: 'web-scrapf' is not one of web-scrape, streaming-service, licensed-dataset, third-party-dataset, purchased, user-upload, other (or nothing)"
                ])
    }

    @Test func checkNamesEveryValueNoCommandCanReadAndFindsASoundDatabaseSound() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        #expect(try tracker.check().storedValueProblems.isEmpty)
        #expect(try tracker.check().isSound)
        try Self.writeOutside(
            tracker,
            """
            UPDATE "case" SET sent_on = '2024-13-01', last_reply_on = '9999-12-31', state = 'notifed';
            UPDATE disclosure SET copies_made = 'many', held_from = X'FF00';
            UPDATE campaign SET deadline = '0001-01-01';
            """)
        let found = try tracker.check().storedValueProblems.map { "\($0.table).\($0.column)=\($0.value)" }
        #expect(
            Set(found) == [
                "case.sent_on='2024-13-01'", "case.last_reply_on='9999-12-31'", "case.state='notifed'",
                "disclosure.copies_made='many'", "disclosure.held_from=X'FF00'", "campaign.deadline='0001-01-01'",
            ])
        #expect(try !tracker.check().isSound)
    }

    @Test(arguments: [
        "2024-02-30", "2023-02-29", "2024-13-01", "24-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "tomorrow",
    ])
    func theSchemaRefusesADateThatIsNotARealOneWithinTheRange(_ text: String) throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in try db.execute(sql: "UPDATE \"case\" SET deadline = ?", arguments: [text])
            }
        }
        #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO reply (case_id, received_on, kind) VALUES ((SELECT id FROM "case"), ?, 'acknowledgement')
                        """, arguments: [text])
            }
        }
        // The real dates at both ends are taken.
        try tracker.writer.write { db in try db.execute(sql: "UPDATE \"case\" SET deadline = '2200-12-31'") }
        try tracker.writer.write { db in try db.execute(sql: "UPDATE \"case\" SET deadline = '1900-01-01'") }
        try tracker.writer.write { db in try db.execute(sql: "UPDATE \"case\" SET deadline = '2024-02-29'") }
    }

    @Test func aDateGivenByAUserOrAFileIsWithin1900And2200() {
        #expect(Day.given("2024-06-14") == .success(Day(year: 2024, month: 6, day: 14)))
        #expect(Day.given("2024-02-30") == .failure(.notADate("2024-02-30")))
        #expect(Day.given("9999-12-31") == .failure(.outOfRange(Day(year: 9999, month: 12, day: 31))))
        #expect(Day.given("1899-12-31") == .failure(.outOfRange(Day(year: 1899, month: 12, day: 31))))
        #expect(throws: FileError.self) {
            try NoticeFile.read(text: "recipient,date,deadline\nA,2024-06-01,9999-12-31\n")
        }
        #expect(throws: FileError.self) {
            try DisclosureFile.read(
                text:
                    "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\nS,A,,web-scrape,1,yes,0999-01-01,,x\n"
            )
        }
    }

    @Test func theWeekChartStaysBoundedWhateverTheDates() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        try Self.writeOutside(tracker, "UPDATE campaign SET deadline = '9999-12-31'")
        let html = try ReportRenderer().render(try tracker.report(asOf: Fixture.today), as: .html)
        #expect(html.utf8.count < 200_000)
        let chart = ReplyChart(
            repliesByWeek: [(Day(year: 2024, month: 5, day: 13), 3), (Day(year: 9000, month: 1, day: 1), 1)],
            campaigns: [])
        #expect(chart.weeks.count == ReplyChart.maximumWeeks)
    }
}
