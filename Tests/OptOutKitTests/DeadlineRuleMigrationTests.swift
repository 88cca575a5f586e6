import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Schema 010 adds deadline rules in business days and months: a database made before keeps its
/// campaigns' rules and their meaning (calendar days, no calendar, no roll), and still verifies.
@Suite struct DeadlineRuleMigrationTests {
    @Test func campaignsMadeBeforeKeepTheirRules() throws {
        let before = try FrozenMigrationTests.fixtureCampaigns()
        let queue = try FrozenMigrationTests.migratedFixture()
        let after = try queue.read { db in try Campaign.order(Column("id")).fetchAll(db) }
        #expect(!after.isEmpty)
        #expect(after.map(\.id) == before.map { $0.id })
        #expect(after.map(\.deadline) == before.map { $0.deadline })
        #expect(after.map(\.responseDays) == before.map { $0.responseDays })
        #expect(after.allSatisfy { $0.responseUnit == .days && $0.calendar == nil })
        for campaign in after {
            let sent = Day(year: 2024, month: 5, day: 20)
            // Calendar days, no roll: a window ending on a bank holiday stays there.
            #expect(
                campaign.deadline(forNoticeSentOn: sent, calendar: .weekdays)
                    == (campaign.deadline ?? sent.adding(days: campaign.responseDays ?? 0)))
        }
        let tracker = try Tracker(writer: queue, actor: "paralegal", clock: Fixture.clock)
        _ = try tracker.verifyHistory()
        #expect(try tracker.listCalendars().filter { !$0.builtIn }.isEmpty)
    }

    @Test func aDatabaseRefusesARuleUnitItDoesNotKnow() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        #expect(throws: (any Error).self) {
            try tracker.writer.write { db in
                try db.execute(sql: "UPDATE campaign SET response_unit = 'weeks'")
            }
        }
    }
}

extension FrozenMigrationTests {
    /// The fixture's campaigns as schema 001 stored them.
    static func fixtureCampaigns() throws -> [(id: Int64?, deadline: Day?, responseDays: Int?)] {
        let queue = try DatabaseQueue(path: fixture.path, configuration: StoreConfiguration.make(readonly: true))
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, deadline, response_days FROM campaign ORDER BY id").map { row in
                (
                    try row.decode(Int64?.self, forColumn: "id"), try row.decode(Day?.self, forColumn: "deadline"),
                    try row.decode(Int?.self, forColumn: "response_days")
                )
            }
        }
    }
}
