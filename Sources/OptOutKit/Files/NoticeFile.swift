/// One notice sent outside the tool, as read from a file.
public struct NoticeInput: Hashable, Sendable {
    public var line: Int
    public var recipient: String
    public var date: Day
    public var channel: Channel
    public var reference: String?
    public var deadline: Day?
}

/// Reads a notices CSV: `recipient` and `date` required; `channel`, `reference`, `deadline` optional.
public enum NoticeFile {
    public static let columns = ["recipient", "date", "channel", "reference", "deadline"]

    public static func read(path: String) throws -> [NoticeInput] {
        try read(CSVTable(path: path, file: CSVFile(path: path), required: ["recipient", "date"], known: columns))
    }

    public static func read(text: String, path: String = "notices.csv") throws -> [NoticeInput] {
        try read(CSVTable(path: path, file: CSVFile(text: text), required: ["recipient", "date"], known: columns))
    }

    static func read(_ table: CSVTable) throws -> [NoticeInput] {
        var notices: [NoticeInput] = []
        var problems: [FileProblem] = []
        problems += try table.forEachRow { row in
            var faults: [FileFault] = []
            let recipient = row["recipient"]
            if recipient == nil { faults.append(.missing("recipient")) }
            var date: Day?
            if let text = row["date"] {
                switch Day.given(text) {
                case .success(let day): date = day
                case .failure(let problem): faults.append(.badDate(column: "date", problem))
                }
            } else {
                faults.append(.missing("date"))
            }
            var channel = Channel.email
            if let text = row["channel"] {
                if let parsed = Channel(rawValue: text.lowercased()) {
                    channel = parsed
                } else {
                    faults.append(.unknownWord(column: "channel", value: text, choices: Channel.choices))
                }
            }
            var deadline: Day?
            if let text = row["deadline"] {
                switch Day.given(text) {
                case .success(let day): deadline = day
                case .failure(let problem): faults.append(.badDate(column: "deadline", problem))
                }
            }
            if let recipient, let date, faults.isEmpty {
                notices.append(
                    NoticeInput(
                        line: row.line, recipient: recipient, date: date, channel: channel,
                        reference: row["reference"], deadline: deadline))
            } else {
                problems.append(FileProblem(line: row.line, faults: faults))
            }
        }
        if !problems.isEmpty { throw FileError.rejected(path: table.path, problems: problems) }
        return notices
    }
}
