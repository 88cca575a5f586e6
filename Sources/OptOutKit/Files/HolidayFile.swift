/// One holiday as read from a calendar file.
public struct HolidayInput: Hashable, Sendable {
    public var line: Int
    public var day: Day
    public var name: String
}

/// Reads a holiday calendar CSV: columns `date` and `name`, one row per closed day. Lines before
/// the header that start with `#` are comments (the built-in files name their generator there).
/// Every bad date is reported with its line; a date given twice is refused.
public enum HolidayFile {
    public static let columns = ["date", "name"]

    public static func read(path: String) throws -> [HolidayInput] {
        try read(CSVTable(path: path, file: CSVFile(path: path), required: ["date"], known: columns), offset: 0)
    }

    public static func read(text: String, path: String) throws -> [HolidayInput] {
        var body = Substring(text)
        var comments = 0
        while body.hasPrefix("#") {
            body = body.drop { $0 != "\n" }.dropFirst()
            comments += 1
        }
        return try read(
            CSVTable(path: path, file: CSVFile(text: String(body)), required: ["date"], known: columns),
            offset: comments)
    }

    static func read(_ table: CSVTable, offset: Int) throws -> [HolidayInput] {
        var holidays: [HolidayInput] = []
        var problems: [FileProblem] = []
        var seen: [Day: Int] = [:]
        problems += try table.forEachRow { row in
            let line = row.line + offset
            guard let text = row["date"] else {
                problems.append(FileProblem(line: line, .missing("date")))
                return
            }
            switch Day.given(text) {
            case .success(let day):
                if let earlier = seen[day] {
                    problems.append(FileProblem(line: line, .dateTwice(day, firstLine: earlier)))
                } else {
                    seen[day] = line
                    holidays.append(HolidayInput(line: line, day: day, name: row["name"] ?? "holiday"))
                }
            case .failure(let problem):
                problems.append(FileProblem(line: line, .badDate(column: "date", problem)))
            }
        }
        if !problems.isEmpty { throw FileError.rejected(path: table.path, problems: problems) }
        return holidays
    }
}
