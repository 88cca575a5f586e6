import Foundation
import Testing

@testable import OptOutKit

/// The clock seam: "today" is the day the clock's moment falls on in the clock's zone, never the
/// machine's (these pass under any `TZ`).
@Suite struct ClockTests {
    /// 2026-03-15 at 12:00 UTC is already 2026-03-16 at 02:00 on Kiritimati (UTC+14) and still
    /// 2026-03-15 at 03:00 on Adak (UTC-9 in March, daylight time).
    static let noonUTC = Date(timeIntervalSince1970: 1_773_576_000)
    static let lateUTC = Date(timeIntervalSince1970: 1_773_619_199)  // 2026-03-15 23:59:59 UTC

    static func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier))
    }

    @Test func todayIsTheDateInTheClocksZone() throws {
        let kiritimati = try Self.zone("Pacific/Kiritimati")
        let adak = try Self.zone("America/Adak")
        #expect(Clock.frozen(at: Self.noonUTC, in: Clock.utc).today == Fixture.day("2026-03-15"))
        #expect(Clock.frozen(at: Self.noonUTC, in: kiritimati).today == Fixture.day("2026-03-16"))
        #expect(Clock.frozen(at: Self.noonUTC, in: adak).today == Fixture.day("2026-03-15"))
        #expect(Day.today(.frozen(at: Self.lateUTC, in: adak)) == Fixture.day("2026-03-15"))
        #expect(Day(Date(timeIntervalSince1970: 1_773_576_000 - 13 * 3600), in: adak) == Fixture.day("2026-03-14"))
    }

    @Test func aTrackersTodayFollowsItsClockNotTheMachine() throws {
        let kiritimati = try Self.zone("Pacific/Kiritimati")
        let there = try Tracker.inMemory(clock: .frozen(at: Self.noonUTC, in: kiritimati))
        let here = try Tracker.inMemory(clock: .frozen(at: Self.noonUTC, in: Clock.utc))
        #expect(there.today == Fixture.day("2026-03-16"))
        #expect(here.today == Fixture.day("2026-03-15"))
        // The history's timestamps are UTC whatever the zone.
        #expect(there.timestamp == "2026-03-15T12:00:00Z" && here.timestamp == there.timestamp)
    }

    @Test func aDateLaterThanTodayInTheClocksZoneIsRefusedOnlyThere() throws {
        // On Kiritimati it is already the 16th: a reply dated the 16th happened today, not in the future.
        let kiritimati = try Self.zone("Pacific/Kiritimati")
        let there = try Tracker.inMemory(clock: .frozen(at: Self.noonUTC, in: kiritimati))
        let here = try Tracker.inMemory(clock: .frozen(at: Self.noonUTC, in: Clock.utc))
        let sixteenth = Fixture.day("2026-03-16")
        #expect(throws: Never.self) { try there.checkNotFuture(sixteenth, what: .reply) }
        #expect(throws: (any Error).self) { try here.checkNotFuture(sixteenth, what: .reply) }
    }

    @Test func theCommandLineIsFixedWhenTheTrackerIsMade() throws {
        let tracker = try Tracker.inMemory(commandLine: "optout campaign add X")
        _ = try tracker.addCampaign(
            name: "X", issuer: "I", category: .aiDeveloper, deadline: Fixture.day("2026-02-10"),
            responseDays: nil, requests: nil, template: nil)
        let names = try tracker.reader.read { db in try String.fetchAll(db, sql: "SELECT name FROM command") }
        #expect(names == ["optout campaign add X"])
    }
}
