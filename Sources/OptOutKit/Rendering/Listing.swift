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
        var out = ""
        try write(format, to: { out += $0 })
        return out
    }

    /// Writes the listing in `format` to `sink`, as `ListingWriter` does for a streamed one; a
    /// table fits in `width` characters when given (a terminal's).
    public func write(_ format: OutputFormat, to sink: @escaping TextSink, fitting width: Int? = nil) throws {
        var writer = ListingWriter(columns: columns, widths: widths, format: format, sink: sink, fitting: width)
        if writer.needsWidths {
            for row in rows { writer.measure(row) }
        }
        for row in rows { try writer.write(row) }
        try writer.finish()
    }

    /// Aligned columns for a person, one line per row: control characters shown escaped, and
    /// each cell at most its column's width.
    public var table: String { (try? render(.table)) ?? "" }

    /// A cell as a table shows it: on one line, escaped, shortened to `limit` characters.
    static func shown(_ text: String, limit: Int) -> String {
        // Only the start of a long cell can be shown; escaping it all first would cost its whole length.
        let start = text.utf8.count > limit * 16 ? String(text.prefix(limit + 1)) : text
        let escaped = TerminalText.escaped(start.replacingOccurrences(of: "\n", with: " "), keepingLines: false)
        guard escaped.count > limit else { return escaped }
        return String(escaped.prefix(max(limit - 1, 0))) + "…"
    }

    /// A JSON array with one object per row, keys in column order.
    public var json: String { (try? render(.json)) ?? "" }
}

/// Where streamed text goes, chunk by chunk in order: standard output's buffered writer, or a file.
public typealias TextSink = (String) throws -> Void

/// Writes a listing row by row as its rows are read: CSV and JSON at once; a table once every
/// row was `measure`d (a first pass over the same rows), since its columns are as wide as their
/// widest cell. Nothing is written before the first row or `finish`, so an error raised before
/// the rows are read leaves the output empty. The text is the same as `Listing.render` gives.
public struct ListingWriter {
    public let columns: [String]
    public let format: OutputFormat
    let sink: TextSink
    let limits: [Int]
    /// Each column's JSON key, quoted and indented, as every row writes it.
    let keys: [String]
    var padded: [Int]
    /// The width a table fits in (a terminal's), or `nil` for columns as wide as their cells.
    let fitWidth: Int?
    /// Rows written so far.
    public private(set) var count = 0

    public init(
        columns: [String], widths: [String: Int], format: OutputFormat, sink: @escaping TextSink,
        fitting width: Int? = nil
    ) {
        self.columns = columns
        self.format = format
        self.sink = sink
        fitWidth = width
        limits = columns.map { widths[$0] ?? Listing.widestCell }
        keys = columns.map { "    " + JSON.string($0) + ": " }
        padded = columns.map { _ in 0 }
        if needsWidths { measureTexts(columns) }
    }

    /// Whether every row must be `measure`d before the first is written (a table).
    public var needsWidths: Bool { format != .csv && format != .json }

    /// Widens the table's columns for `row` (a first pass; nothing is written).
    public mutating func measure(_ row: [Cell]) {
        measureTexts(shownTexts(row))
    }

    private mutating func measureTexts(_ texts: [String]) {
        for (index, text) in texts.enumerated() where index < padded.count {
            padded[index] = max(padded[index], text.count)
        }
    }

    private func shownTexts(_ row: [Cell]) -> [String] {
        row.enumerated().map { index, cell in
            Listing.shown(cell.plain, limit: index < limits.count ? limits[index] : Listing.widestCell)
        }
    }

    /// `texts` cut to the columns' widths once a table was fitted to `fitWidth`.
    private func fitted(_ texts: [String]) -> [String] {
        guard fitWidth != nil else { return texts }
        return texts.enumerated().map { index, text in
            guard index < padded.count, text.count > padded[index] else { return text }
            return String(text.prefix(max(padded[index] - 1, 0))) + "…"
        }
    }

    /// The columns' widths narrowed so that a line (columns and the two spaces between them) is at
    /// most `width` characters: the widest columns give way first, none below `narrowest` (or its
    /// own width). When even that is too wide, the lines are as narrow as that allows.
    public static func fit(_ widths: [Int], into width: Int, narrowest: Int = 6) -> [Int] {
        let spacing = 2 * max(widths.count - 1, 0)
        guard widths.reduce(spacing, +) > width else { return widths }
        let floors = widths.map { min($0, narrowest) }
        var cap = widths.max() ?? 0
        while cap > narrowest {
            if zip(widths, floors).reduce(spacing, { $0 + max(min($1.0, cap), $1.1) }) <= width { break }
            cap -= 1
        }
        // What the cap leaves unused goes back to the columns it cut, from the first.
        var result = zip(widths, floors).map { max(min($0, cap), $1) }
        var spare = width - result.reduce(spacing, +)
        for index in result.indices where spare > 0 && result[index] < widths[index] {
            let given = min(spare, widths[index] - result[index])
            result[index] += given
            spare -= given
        }
        return result
    }

    private func line(_ texts: [String]) -> String {
        texts.enumerated().map { index, text -> String in
            if index == texts.count - 1 || index >= padded.count { return text }
            return text + String(repeating: " ", count: max(padded[index] - text.count, 0))
        }.joined(separator: "  ") + "\n"
    }

    private mutating func header() throws {
        switch format {
        case .csv: try sink(CSVExport.line(columns))
        case .json: try sink("[\n")
        default:
            // Every row was measured: the columns are as wide as they will be, and now fit.
            if let fitWidth { padded = Self.fit(padded, into: fitWidth) }
            try sink(line(fitted(columns)))
        }
    }

    /// Writes one row (after the header, on the first).
    public mutating func write(_ row: [Cell]) throws {
        if count == 0 { try header() }
        switch format {
        case .csv: try sink(CSVExport.line(row.map(\.plain)))
        case .json:
            var out = count == 0 ? "  {\n" : ",\n  {\n"
            for (index, (key, cell)) in zip(keys, row).enumerated() {
                out += key
                switch cell {
                case .text(let text): out += text.map(JSON.string) ?? "null"
                case .number(let number): out += number.map { String($0) } ?? "null"
                }
                out += index == min(columns.count, row.count) - 1 ? "\n" : ",\n"
            }
            try sink(out + "  }")
        default: try sink(line(fitted(shownTexts(row))))
        }
        count += 1
    }

    /// Ends the listing (the header alone when there was no row).
    public mutating func finish() throws {
        switch format {
        case .json: try sink(count == 0 ? "[]\n" : "\n]\n")
        default: if count == 0 { try header() }
        }
    }
}

/// JSON text for values a listing writes by hand (to keep its columns in order).
enum JSON {
    static func string(_ text: String) -> String {
        // Most text needs no escape: a quote, a backslash, a control character (C0, DEL, C1 as
        // 0xC2 0x80...0x9F) or U+2028/U+2029 (0xE2 0x80 0xA8/0xA9) is looked for byte by byte first.
        var plain = true
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
                || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
                || (beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9))
            {
                plain = false
                break
            }
            beforePrevious = previous
            previous = byte
        }
        if plain { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // DEL and the C1 controls too: a terminal showing the JSON must not run them.
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
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
        ([header] + rows).map(line).joined()
    }

    /// One record, ending with CR LF.
    public static func line(_ row: [String]) -> String {
        // A record of one empty field is written `""`, not as a blank line a reader would skip.
        if row.count == 1, row.first?.isEmpty == true { return "\"\"\r\n" }
        return row.map { field(neutralised($0)) }.joined(separator: ",") + "\r\n"
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
