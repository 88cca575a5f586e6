import Foundation
import GRDB

/// A calendar date (`YYYY-MM-DD`), with no time and no time zone: deadlines and overdue days are
/// counted in whole calendar days, the way a legal team counts them.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// The first and last dates a user or a file may give (a legal record needs no others; a
    /// date like 9999-12-31 is a typing error, and would stretch every chart over millennia).
    public static let earliest = Day(year: 1900, month: 1, day: 1)
    public static let latest = Day(year: 2200, month: 12, day: 31)

    /// Whether the date lies within `earliest...latest`.
    public var isSupported: Bool { self >= Day.earliest && self <= Day.latest }

    /// Reads a date a user or a file gives: a real calendar date, `YYYY-MM-DD`, within
    /// `earliest...latest`; else why not, in words that end with how to write one.
    public static func given(_ text: String) -> Result<Day, DateProblem> {
        guard let day = Day(text) else { return .failure(.notADate(text)) }
        guard day.isSupported else { return .failure(.outOfRange(day)) }
        return .success(day)
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else, including dates that do not exist (2024-02-30).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            year >= 1, (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146097 + doe - 719468
    }

    /// The day a moment falls on in `timeZone` (always given: the core never assumes the
    /// machine's zone; a command passes its `Clock`'s, the user's own, since a legal team's
    /// "today" is the date on its office calendar, not in UTC).
    public init(_ date: Date, in timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        ordinal = Int((local / 86_400).rounded(.down))
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `other` to `self`.
    public func days(since other: Day) -> Int { ordinal - other.ordinal }

    /// Monday of this day's week.
    public var startOfWeek: Day { Day(ordinal: ordinal - ((ordinal + 3) % 7 + 7) % 7) }

    public var description: String {
        let (y, m, d) = components
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Why a date given by a user or a file was refused.
public enum DateProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case notADate(String)
    case outOfRange(Day)

    public var description: String {
        switch self {
        case .notADate(let text):
            return "\(quoted(text)) is not a calendar date; write a real date as YYYY-MM-DD, e.g. 2024-06-14"
        case .outOfRange(let day):
            return "\(day) is outside the dates optout accepts (\(Day.earliest) to \(Day.latest)); check the year"
        }
    }
}

extension Day: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Day: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Day? {
        String.fromDatabaseValue(dbValue).flatMap(Day.init)
    }
}
