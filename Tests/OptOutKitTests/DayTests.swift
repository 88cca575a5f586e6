import Foundation
import Testing

@testable import OptOutKit

@Suite struct DayTests {
    // MARK: - Parsing

    @Test func parsesAValidDate() throws {
        let day = try #require(Day("2024-06-14"))
        #expect(day.components == (2024, 6, 14))
    }

    @Test func acceptsTheLeapDayOfALeapYear() {
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2000-02-29") != nil)
    }

    @Test(arguments: [
        "2024-02-30",  // February never has 30 days
        "2023-02-29",  // 2023 is not a leap year
        "1900-02-29",  // a century not divisible by 400 is not a leap year
        "2024-04-31",  // April has 30 days
        "2024-13-01",  // no 13th month
        "2024-00-10",  // no month 0
        "2024-01-00",  // no day 0
        "0000-01-01",  // no year 0
        "2024-1-01",  // month not zero-padded
        "2024-01-1",
        "24-01-01",
        "2024/01/01",
        "2024-01-01 ",  // trailing space
        " 2024-01-01",
        "2024-01-01T00:00:00Z",
        "+024-01-01",
        "２０２４-01-01",  // full-width digits
        "",
        "garbage",
        "yyyy-mm-dd",
    ])
    func rejectsWhatIsNotAnExistingYYYYMMDDDate(text: String) {
        #expect(Day(text) == nil)
    }

    @Test(arguments: ["2024-02-29", "1970-01-01", "1969-12-31", "2026-03-15", "0001-01-01", "9999-12-31"])
    func printsTheDateItParsed(text: String) throws {
        #expect(try #require(Day(text)).description == text)
    }

    @Test func roundTripsThroughComponentsForEveryDayOfFourHundredYears() {
        // Given every day from 1900 to 2300, when its components are turned back into a day, it is the same day.
        let start = Day(year: 1900, month: 1, day: 1)
        let end = Day(year: 2300, month: 1, day: 1)
        var mismatches = 0
        for ordinal in start.ordinal..<end.ordinal {
            let day = Day(ordinal: ordinal)
            let (y, m, d) = day.components
            if Day(year: y, month: m, day: d) != day || Day(day.description) != day { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func ordinalCountsDaysFromTheUnixEpoch() {
        #expect(Day(year: 1970, month: 1, day: 1).ordinal == 0)
        #expect(Day(year: 1969, month: 12, day: 31).ordinal == -1)
        #expect(Day(year: 2026, month: 3, day: 15).ordinal == 20_527)
    }

    @Test func dayOfAMomentIsItsUTCDate() {
        // In UTC, whatever zone the machine running the test is set to (the zone is always given).
        #expect(Day(Fixture.now, in: Clock.utc) == Fixture.day("2026-03-15"))
        // 23:59:59, then midnight.
        #expect(Day(Date(timeIntervalSince1970: 1_773_619_199), in: Clock.utc) == Fixture.day("2026-03-15"))
        #expect(Day(Date(timeIntervalSince1970: 1_773_619_200), in: Clock.utc) == Fixture.day("2026-03-16"))
        #expect(Day(Date(timeIntervalSince1970: -1), in: Clock.utc) == Fixture.day("1969-12-31"))
    }

    // MARK: - Arithmetic

    @Test func addingDaysCrossesTheEndOfAMonth() {
        #expect(Fixture.day("2026-01-10").adding(days: 30) == Fixture.day("2026-02-09"))
        #expect(Fixture.day("2026-04-30").adding(days: 1) == Fixture.day("2026-05-01"))
    }

    @Test func addingDaysCrossesFebruaryOfLeapAndCommonYears() {
        #expect(Fixture.day("2024-02-28").adding(days: 1) == Fixture.day("2024-02-29"))
        #expect(Fixture.day("2023-02-28").adding(days: 1) == Fixture.day("2023-03-01"))
    }

    @Test func addingDaysCrossesTheEndOfAYear() {
        #expect(Fixture.day("2025-12-20").adding(days: 30) == Fixture.day("2026-01-19"))
        #expect(Fixture.day("2026-01-05").adding(days: -10) == Fixture.day("2025-12-26"))
    }

    @Test func daysSinceCountsWholeCalendarDays() {
        #expect(Fixture.day("2026-03-15").days(since: Fixture.day("2026-01-31")) == 43)
        #expect(Fixture.day("2025-01-01").days(since: Fixture.day("2024-01-01")) == 366)
        #expect(Fixture.day("2026-01-01").days(since: Fixture.day("2026-01-02")) == -1)
        #expect(Fixture.day("2026-01-01").days(since: Fixture.day("2026-01-01")) == 0)
    }

    @Test func daysAreOrderedByDate() {
        #expect(Fixture.day("2025-12-31") < Fixture.day("2026-01-01"))
        #expect(Fixture.day("2026-02-01") > Fixture.day("2026-01-31"))
    }

    // MARK: - Weeks

    @Test func startOfWeekIsTheMondayOnOrBefore() {
        #expect(Fixture.day("2026-03-15").startOfWeek == Fixture.day("2026-03-09"))  // a Sunday
        #expect(Fixture.day("2026-03-11").startOfWeek == Fixture.day("2026-03-09"))  // a Wednesday
        #expect(Fixture.day("2026-01-01").startOfWeek == Fixture.day("2025-12-29"))  // across a year
    }

    @Test func startOfWeekOfAMondayIsItself() {
        #expect(Fixture.day("2026-03-09").startOfWeek == Fixture.day("2026-03-09"))
    }

    @Test func startOfWeekWorksBeforeTheEpoch() {
        #expect(Fixture.day("1969-12-31").startOfWeek == Fixture.day("1969-12-29"))  // a Wednesday
        #expect(Fixture.day("1970-01-01").startOfWeek == Fixture.day("1969-12-29"))  // a Thursday
    }

    // MARK: - Storage

    @Test func encodesAsItsYYYYMMDDText() throws {
        let data = try JSONEncoder().encode([Fixture.day("2024-02-29")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-02-29"]"#)
        #expect(try JSONDecoder().decode([Day].self, from: data) == [Fixture.day("2024-02-29")])
    }

    @Test func decodingAnImpossibleDateFails() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Day].self, from: Data(#"["2023-02-29"]"#.utf8))
        }
    }
}
