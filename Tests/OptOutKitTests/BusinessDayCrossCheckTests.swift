import Foundation
import Testing

@testable import OptOutKit

/// The business-day arithmetic checked against numpy's (`busday_offset`, `busday_count`) with the
/// same holidays, over thousands of generated cases: notices on weekends and holidays, around
/// year ends and leap days, and month-end clamps (`scripts/check-business-days.py`).
@Suite struct BusinessDayCrossCheckTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/check-business-days.py")

    /// Whether `python3` with numpy can run here (CI installs it; `.ci/run`).
    static var numpyAvailable: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A deterministic generator (SplitMix64), so a failure is repeatable.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(bound))
        }
    }

    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not installed here (pip install numpy); CI installs it"))
    func businessDaysAgreeWithNumpy() throws {
        let names = ["GB-ENG", "US", "DE", "JP", "CN", "SE", "BR"]
        var calendars: [String: BusinessCalendar] = [:]
        for name in names { calendars[name] = try #require(HolidayCalendars.builtIn(name)) }
        calendars["WEEKDAYS"] = .weekdays
        var generator = Generator(state: 20_240_229)
        let first = Day(year: 2020, month: 1, day: 1)
        let span = Day(year: 2039, month: 6, day: 30).days(since: first)
        // Dates chosen to hit the hard places, besides random ones.
        var special: [Day] = []
        for year in 2020...2039 {
            special += [Day(year: year, month: 12, day: 31), Day(year: year, month: 1, day: 31)]
            special += [Day(year: year, month: 2, day: 28), Day(year: year, month: 12, day: 24)]
            if Day.daysIn(month: 2, year: year) == 29 { special.append(Day(year: year, month: 2, day: 29)) }
        }
        for calendar in calendars.values {
            special += calendar.holidays.keys.filter { $0 >= first && $0 < first.adding(days: span) }.prefix(40)
        }
        var cases: [[String: Any]] = []
        let all = Array(calendars.keys).sorted()
        for index in 0..<6000 {
            let name = all[index % all.count]
            let calendar = calendars[name] ?? .weekdays
            let date =
                index % 3 == 0 ? special[generator.next(special.count)] : first.adding(days: generator.next(span))
            let count = [1, 2, 5, 10, 20, 30, 60, 1 + generator.next(250)][generator.next(8)]
            let end = date.adding(days: generator.next(400) - 100)
            cases.append([
                "calendar": name, "date": date.description, "count": count,
                "nth": calendar.businessDay(count, after: date).description,
                "roll": calendar.nextBusinessDay(onOrAfter: date).description,
                "months": date.adding(months: count).description, "end": end.description,
                "between": calendar.businessDays(from: date, to: end),
            ])
        }
        let holidays = calendars.mapValues { $0.holidays.keys.sorted().map(\.description) }
        let input = try JSONSerialization.data(withJSONObject: ["calendars": holidays, "cases": cases])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output == "ok \(cases.count)\n")
    }
}
