import GRDB

/// The holiday calendars optout knows: the built-in ones, generated into `Calendars/` by
/// `scripts/generate-calendars.py` and carried in the binary, and a firm's own, added with
/// `optout calendar add` and kept in the database.
public enum HolidayCalendars {
    /// The built-in calendars' names, sorted (`AU`, `BR`, …, `GB-ENG`, …).
    public static let builtInNames: [String] = EmbeddedResources.files.keys
        .filter { $0.hasPrefix("Calendars/") && $0.hasSuffix(".csv") }
        .map { String($0.dropFirst("Calendars/".count).dropLast(".csv".count)) }
        .sorted()

    /// The key a calendar name is matched by (case does not matter).
    public static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// The built-in calendar named `name` (any case), or `nil`.
    public static func builtIn(_ name: String) -> BusinessCalendar? {
        let key = key(name)
        guard let canonical = builtInNames.first(where: { $0 == key }),
            let text = EmbeddedResources.files["Calendars/\(canonical).csv"],
            let rows = try? HolidayFile.read(text: text, path: "Calendars/\(canonical).csv")
        else { return nil }
        var holidays: [Day: String] = [:]
        for row in rows { holidays[row.day] = row.name }
        return BusinessCalendar(name: canonical, holidays: holidays)
    }

    /// The first line of a built-in calendar's file: where its data came from.
    public static func source(of name: String) -> String? {
        guard let text = EmbeddedResources.files["Calendars/\(name).csv"], text.hasPrefix("#") else { return nil }
        let line = text.prefix { $0 != "\n" }.dropFirst()
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `name` can name a calendar: 1–40 ASCII letters, digits, `-` or `_`.
    public static func isValidName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return (1...40).contains(scalars.count)
            && scalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            }
    }
}

/// One calendar as `calendar list` shows it.
public struct CalendarSummary: Sendable, Equatable {
    public var name: String
    public var builtIn: Bool
    public var holidays: Int
    public var first: Day?
    public var last: Day?
    /// Where the data came from (the generator line of a built-in one, or `added <time>`).
    public var source: String
}

/// What `calendar add` did.
public struct CalendarAdded: Sendable, Equatable {
    public var name: String
    public var holidays: Int
}

extension Tracker {
    /// The calendar `name` names, built-in or added (any case), or an error with the closest names.
    func businessCalendar(named name: String, _ db: Store) throws -> BusinessCalendar {
        if let builtIn = HolidayCalendars.builtIn(name) { return builtIn }
        let key = HolidayCalendars.key(name)
        let rows = try Row.fetchAll(
            db, sql: "SELECT calendar, day, name FROM calendar_holiday WHERE calendar_key = ? ORDER BY day",
            arguments: [key])
        guard let first = rows.first else {
            let known = try knownCalendarNames(db)
            throw CalendarError.unknownCalendar(
                name: name, suggestions: Suggestions.closest(to: name, among: known, key: HolidayCalendars.key))
        }
        var holidays: [Day: String] = [:]
        for row in rows {
            holidays[try row.decode(Day.self, forColumn: "day")] = try row.decode(String.self, forColumn: "name")
        }
        return BusinessCalendar(name: try first.decode(String.self, forColumn: "calendar"), holidays: holidays)
    }

    /// The business days of `campaign`: its calendar's, or Monday to Friday.
    func businessCalendar(for campaign: Campaign, _ db: Store) throws -> BusinessCalendar {
        guard let name = campaign.calendar else { return .weekdays }
        return try businessCalendar(named: name, db)
    }

    func knownCalendarNames(_ db: Store) throws -> [String] {
        HolidayCalendars.builtInNames
            + (try String.fetchAll(
                db, sql: "SELECT calendar FROM calendar_holiday GROUP BY calendar_key, calendar ORDER BY calendar_key"))
    }

    /// The calendar `name` names, for `calendar show`.
    public func calendar(named name: String) throws -> BusinessCalendar {
        try read { db in try businessCalendar(named: name, db) }
    }

    /// Every calendar: the built-in ones, then those added.
    public func listCalendars() throws -> [CalendarSummary] {
        var out: [CalendarSummary] = HolidayCalendars.builtInNames.compactMap { name in
            guard let calendar = HolidayCalendars.builtIn(name) else { return nil }
            return CalendarSummary(
                name: name, builtIn: true, holidays: calendar.holidays.count, first: calendar.holidays.keys.min(),
                last: calendar.holidays.keys.max(), source: HolidayCalendars.source(of: name) ?? "built in")
        }
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT MIN(calendar) AS calendar, COUNT(*) AS holidays, MIN(day) AS first, MAX(day) AS last,
                           MIN(created_at) AS created_at
                    FROM calendar_holiday GROUP BY calendar_key ORDER BY calendar_key
                    """)
            for row in rows {
                out.append(
                    CalendarSummary(
                        name: try row.decode(String.self, forColumn: "calendar"), builtIn: false,
                        holidays: try row.decode(Int.self, forColumn: "holidays"),
                        first: try row.decode(Day?.self, forColumn: "first"),
                        last: try row.decode(Day?.self, forColumn: "last"),
                        source: "added \(try row.decode(String.self, forColumn: "created_at"))"))
            }
        }
        return out
    }

    /// Adds a firm's own calendar from a `date,name` CSV file: all of it or nothing.
    public func addCalendar(name: String, from path: String) throws -> CalendarAdded {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard HolidayCalendars.isValidName(name) else { throw CalendarError.badName(name: name) }
        let key = HolidayCalendars.key(name)
        if HolidayCalendars.builtInNames.contains(key) { throw CalendarError.builtInName(name: key) }
        let rows = try HolidayFile.read(path: path)
        guard !rows.isEmpty else { throw CalendarError.noHolidays(path: path) }
        let at = timestamp
        return try transaction { db in
            if try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM calendar_holiday WHERE calendar_key = ?", arguments: [key])
                ?? 0 > 0
            {
                throw CalendarError.calendarExists(name: name)
            }
            for row in rows {
                try db.execute(
                    sql:
                        "INSERT INTO calendar_holiday (calendar, calendar_key, day, name, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [name, key, row.day, row.name, at])
            }
            return CalendarAdded(name: name, holidays: rows.count)
        }
    }
}
