import Foundation

/// One value in a listing.
public enum Cell: Sendable, Equatable {
    case text(String?)
    case number(Int?)

    /// How a table or a CSV file shows it (empty when there is no value).
    public var plain: String {
        switch self {
        case .text(let text): text ?? ""
        case .number(let number): number.map(String.init) ?? ""
        }
    }
}

/// Rows under named columns: what list commands print as a table, CSV or JSON.
public struct Listing: Sendable {
    public var columns: [String]
    public var rows: [[Cell]]
    /// The most characters a table shows of a cell in the named columns, where not `widestCell`.
    public var widths: [String: Int]

    /// The most characters a table shows of a cell: a longer one is shortened with `…` (CSV and
    /// JSON keep it whole), so one long name cannot widen every row of a table.
    public static let widestCell = 48
    /// The width of a column of notes or lists (a history note names a letter's SHA-256).
    public static let wideCell = 200

    public init(columns: [String], rows: [[Cell]], widths: [String: Int] = [:]) {
        self.columns = columns
        self.rows = rows
        self.widths = widths
    }

    public func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .csv: return try CSVExport.text(header: columns, rows: rows.map { $0.map(\.plain) })
        case .json: return json
        default: return table
        }
    }

    /// Aligned columns for a person, one line per row: control characters shown escaped, and
    /// each cell at most its column's width.
    public var table: String {
        let limits: [Int] = columns.map { widths[$0] ?? Self.widestCell }
        let texts: [[String]] = [columns] + rows.map { row in
            row.enumerated().map { index, cell in
                Self.shown(cell.plain, limit: index < limits.count ? limits[index] : Self.widestCell)
            }
        }
        var padded: [Int] = columns.map { _ in 0 }
        for row in texts {
            for (index, text) in row.enumerated() where index < padded.count { padded[index] = max(padded[index], text.count) }
        }
        let lines: [String] = texts.map { row in
            row.enumerated().map { index, text -> String in
                if index == row.count - 1 || index >= padded.count { return text }
                return text + String(repeating: " ", count: padded[index] - text.count)
            }.joined(separator: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A cell as a table shows it: on one line, escaped, shortened to `limit` characters.
    static func shown(_ text: String, limit: Int) -> String {
        // Only the start of a long cell can be shown; escaping it all first would cost its whole length.
        let start = text.utf8.count > limit * 16 ? String(text.prefix(limit + 1)) : text
        let escaped = TerminalText.escaped(start.replacingOccurrences(of: "\n", with: " "), keepingLines: false)
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(max(limit - 1, 0))) + "…"
    }

    /// A JSON array with one object per row, keys in column order.
    public var json: String {
        JSONValue.array(rows.map { row in
            .object(zip(columns, row).map { column, cell in
                switch cell {
                case .text(let text): (column, JSONValue.text(text))
                case .number(let number): (column, JSONValue.number(number))
                }
            })
        }).text
    }
}

/// JSON text for values a listing writes by hand (to keep its columns in order).
enum JSON {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // DEL and the C1 controls too: a terminal showing the JSON must not run them.
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// CSV output: RFC 4180, with every cell a spreadsheet would run as a formula written so that
/// it is not. Cells are examined by Unicode scalar, not by Character: a Character can hide a comma,
/// a quote or a carriage return under a combining mark (`,\u{301}`) or a CR LF pair, and CSV.swift's
/// writer, which decides by Character, then leaves them unquoted or undoubled.
public enum CSVExport {
    /// Cells starting with one of these are formulas to a spreadsheet.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell as written: a leading `'` keeps a spreadsheet from running it as a formula.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, formulaStarts.contains(first) else { return cell }
        return "'" + cell
    }

    public static func text(header: [String], rows: [[String]]) throws -> String {
        ([header] + rows).map { row in
            // A record of one empty field is written `""`, not as a blank line a reader would skip.
            if row.count == 1, row.first?.isEmpty == true { return "\"\"\r\n" }
            return row.map { field(neutralised($0)) }.joined(separator: ",") + "\r\n"
        }.joined()
    }

    /// The cell quoted, with its quotes doubled, when it holds a comma, a quote or a line break.
    static func field(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return cell }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
