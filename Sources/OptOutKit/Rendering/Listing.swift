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

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    public func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .csv: return try CSVExport.text(header: columns, rows: rows.map { $0.map(\.plain) })
        case .json: return json
        default: return table
        }
    }

    /// Aligned columns for a person, one line per row.
    public var table: String {
        let texts = [columns] + rows.map { $0.map { $0.plain.replacingOccurrences(of: "\n", with: " ") } }
        var widths = columns.map { _ in 0 }
        for row in texts { for (index, text) in row.enumerated() { widths[index] = max(widths[index], text.count) } }
        return texts.map { row in
            row.enumerated().map { index, text in
                index == row.count - 1 ? text : text + String(repeating: " ", count: widths[index] - text.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
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
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
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
