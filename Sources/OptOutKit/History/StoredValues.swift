import Foundation
import GRDB

/// A value stored in the database that the program cannot read as what its column holds: a date
/// that is not on the calendar or lies outside 1900–2200, a word outside its closed set, text
/// where a number belongs. Written by another program (or a damaged file); `check` lists them.
public struct StoredValueProblem: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var rowId: Int64
    public var column: String
    /// The value as SQLite quotes it (`'2024-02-30'`, `X'FF'`, `12`), shortened when long.
    public var value: String
    /// What the column must hold: `a calendar date from 1900-01-01 to 2200-12-31`.
    public var expected: String

    public var description: String {
        "\(table) row \(rowId), column \(column): \(Self.printable(value)) is not \(expected)"
    }

    /// The value with control characters written as escapes, so a message stays one plain line.
    static func printable(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}

/// A command met a stored value it cannot read; nothing was written.
public enum StoredValueError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The value, found by row.
    case unreadable(StoredValueProblem)
    /// A value the scan of `check` does not cover, described as the database library reports it.
    case unlocated(detail: String)

    public var description: String {
        switch self {
        case .unreadable(let problem):
            return
                "the database holds a value optout cannot read (\(problem)); it was written outside optout or the file is damaged: run `optout check` to list every such value, then correct them or restore a backup"
        case .unlocated(let detail):
            return
                "the database holds a value optout cannot read (\(detail)); it was written outside optout or the file is damaged: run `optout check`, then correct it or restore a backup"
        }
    }

    public var errorDescription: String? { description }
}

/// The columns whose values the program decodes, and what each must hold.
enum StoredValues {
    enum Kind {
        /// `YYYY-MM-DD`, a real calendar day within `Day.supported`.
        case date
        /// One of a closed set of words.
        case word([String])
        /// An integer (any, or within a range).
        case integer(ClosedRange<Int64>?)
        /// Text (not a blob, not a number).
        case text
    }

    struct Column {
        var name: String
        var kind: Kind
        var nullable: Bool
    }

    static func words<W: DomainWord>(_ type: W.Type) -> Kind { .word(W.allCases.map(\.rawValue)) }

    /// Table → its checked columns. Only schema versions 1–4 are relied on.
    static let tables: [(table: String, columns: [Column])] = [
        (
            "campaign",
            [
                Column(name: "name", kind: .text, nullable: false),
                Column(name: "issuer", kind: .text, nullable: false),
                Column(name: "category", kind: words(Category.self), nullable: false),
                Column(name: "deadline", kind: .date, nullable: true),
                Column(name: "response_days", kind: .integer(1...Int64(Int32.max)), nullable: true),
                Column(name: "requests", kind: words(Requests.self), nullable: false),
                Column(name: "template", kind: .text, nullable: false),
            ]
        ),
        (
            "recipient",
            [
                Column(name: "name", kind: .text, nullable: false),
                Column(name: "name_key", kind: .text, nullable: false),
                Column(name: "category", kind: words(Category.self), nullable: false),
            ]
        ),
        (
            "case",
            [
                Column(name: "campaign_id", kind: .integer(nil), nullable: false),
                Column(name: "recipient_id", kind: .integer(nil), nullable: false),
                Column(name: "state", kind: words(CaseState.self), nullable: false),
                Column(name: "sent_on", kind: .date, nullable: true),
                Column(name: "deadline", kind: .date, nullable: true),
                Column(name: "last_reply_on", kind: .date, nullable: true),
                Column(name: "resolution", kind: words(Resolution.self), nullable: true),
            ]
        ),
        (
            "notice",
            [
                Column(name: "case_id", kind: .integer(nil), nullable: false),
                Column(name: "kind", kind: words(NoticeKind.self), nullable: false),
                Column(name: "sent_on", kind: .date, nullable: false),
                Column(name: "channel", kind: words(Channel.self), nullable: false),
                Column(name: "deadline", kind: .date, nullable: false),
                Column(name: "template", kind: .text, nullable: false),
                Column(name: "letter_sha256", kind: .text, nullable: false),
            ]
        ),
        (
            "reply",
            [
                Column(name: "case_id", kind: .integer(nil), nullable: false),
                Column(name: "received_on", kind: .date, nullable: false),
                Column(name: "kind", kind: words(ReplyKind.self), nullable: false),
                Column(name: "via_reply_id", kind: .integer(nil), nullable: true),
            ]
        ),
        (
            "disclosure",
            [
                Column(name: "reply_id", kind: .integer(nil), nullable: false),
                Column(name: "case_id", kind: .integer(nil), nullable: false),
                Column(name: "access_method", kind: words(AccessMethod.self), nullable: true),
                Column(name: "copies_made", kind: .integer(0...Int64.max), nullable: true),
                Column(name: "copies_exist", kind: .integer(0...1), nullable: true),
                Column(name: "held_from", kind: .date, nullable: true),
                Column(name: "held_until", kind: .date, nullable: true),
                Column(name: "missing", kind: .text, nullable: false),
                Column(name: "superseded_by", kind: .integer(nil), nullable: true),
                Column(name: "work_id", kind: .integer(nil), nullable: true),
                Column(name: "matched_by", kind: words(MatchMethod.self), nullable: true),
                Column(name: "via_disclosure_id", kind: .integer(nil), nullable: true),
            ]
        ),
        (
            "event",
            [
                Column(name: "case_id", kind: .integer(nil), nullable: false),
                Column(name: "at", kind: .text, nullable: false),
                Column(name: "actor", kind: .text, nullable: false),
                Column(name: "action", kind: .text, nullable: false),
                Column(name: "from_state", kind: words(CaseState.self), nullable: true),
                Column(name: "to_state", kind: words(CaseState.self), nullable: false),
                Column(name: "on_date", kind: .date, nullable: true),
            ]
        ),
    ]

    /// The SQL condition that is true when `column` holds a value it must not (its values bound).
    static func violation(_ column: Column) -> SQL {
        let x: SQL = "\(identifier: column.name)"
        let absent: SQL = column.nullable ? "0" : "\(x) IS NULL"
        let present: SQL
        switch column.kind {
        case .date:
            present =
                "typeof(\(x)) <> 'text' OR date(\(x), '+0 days') IS NOT \(x) OR \(x) < \(Day.earliest.description) OR \(x) > \(Day.latest.description)"
        case .word(let words):
            present = "typeof(\(x)) <> 'text' OR \(x) NOT IN \(words)"
        case .integer(let range):
            if let range {
                present = "typeof(\(x)) <> 'integer' OR \(x) < \(range.lowerBound) OR \(x) > \(range.upperBound)"
            } else {
                present = "typeof(\(x)) <> 'integer'"
            }
        case .text:
            present = "typeof(\(x)) <> 'text'"
        }
        return "(\(absent) OR (\(x) IS NOT NULL AND (\(present))))"
    }

    /// The value of `column` as SQLite quotes it, shortened to 80 characters and `…`.
    static func shownValue(_ column: Column) -> SQL {
        let x: SQL = "\(identifier: column.name)"
        return
            "CASE WHEN typeof(\(x)) IN ('text', 'blob') AND length(\(x)) > 80 THEN quote(substr(\(x), 1, 80)) || '…' ELSE quote(\(x)) END"
    }

    static func expected(_ column: Column) -> String {
        let orNothing = column.nullable ? " (or nothing)" : ""
        switch column.kind {
        case .date: return "a calendar date (YYYY-MM-DD) from \(Day.earliest) to \(Day.latest)\(orNothing)"
        case .word(let words): return "one of \(words.joined(separator: ", "))\(orNothing)"
        case .integer(let range):
            return (range.map { "a whole number from \($0.lowerBound) to \($0.upperBound)" } ?? "a whole number")
                + orNothing
        case .text: return "text\(orNothing)"
        }
    }

    /// Every stored value that breaks its column's rule, by table and row, at most `limit` of
    /// them: one pass over each table.
    static func problems(_ db: Database, limit: Int = 1_000) throws -> [StoredValueProblem] {
        var found: [StoredValueProblem] = []
        for (table, columns) in tables where found.count < limit {
            // For each column, whether its value is broken and the value as SQLite quotes it.
            let selected = columns.flatMap { column in
                [
                    SQL("\(violation(column)) AS \(identifier: "broken_" + column.name)"),
                    SQL("\(shownValue(column)) AS \(identifier: "value_" + column.name)"),
                ]
            }
            let anyBroken = columns.map(violation).joined(operator: .or)
            let rows = try SQLRequest<Row>(
                """
                SELECT rowid AS row_id, \(selected.joined(separator: ", ")) FROM \(identifier: table)
                WHERE \(anyBroken) ORDER BY rowid LIMIT \(limit - found.count)
                """
            ).fetchCursor(db)
            while let row = try rows.next() {
                let rowId: Int64 = try row.decode(forColumn: "row_id")
                for column in columns {
                    guard try row.decode(Bool?.self, forColumn: "broken_" + column.name) == true else { continue }
                    let value = try row.decode(String?.self, forColumn: "value_" + column.name) ?? "NULL"
                    found.append(
                        StoredValueProblem(
                            table: table, rowId: rowId, column: column.name, value: value,
                            expected: expected(column)))
                }
            }
        }
        return found
    }
}

extension Tracker {
    /// The stored values no command can read (see `StoredValues`), at most `limit`.
    public func storedValueProblems(limit: Int = 1_000) throws -> [StoredValueProblem] {
        try writer.read { db in try StoredValues.problems(db, limit: limit) }
    }

    /// Runs `body` in a read; a stored value that cannot be decoded becomes a `StoredValueError`
    /// naming its row.
    func read<T>(_ body: (Store) throws -> T) throws -> T {
        if let server { return try serverRead(server, body) }
        do {
            return try writer.read { database in try body(Store(database)) }
        } catch let error as RowDecodingError {
            throw storedValueError(error)
        }
    }

    /// The error to report for a value that could not be decoded: the first value `check` would
    /// list, else GRDB's own description.
    func storedValueError(_ error: RowDecodingError) -> StoredValueError {
        if let problem = try? writer.read({ db in try StoredValues.problems(db, limit: 1) }).first {
            return .unreadable(problem)
        }
        let detail = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "a value"
        return .unlocated(detail: StoredValueProblem.printable(String(detail.prefix(300))))
    }
}
