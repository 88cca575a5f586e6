import GRDB
import GRDBSQLite

extension Tracker {
    /// The overdue listing as JSON, written to `sink` as it is read: the same text as
    /// `ListingWriter` writes for `overdueQuery`, byte for byte. Each row's values are read as
    /// SQLite holds them and copied into a block of bytes; a value the quick checks do not vouch
    /// for (not text where text belongs, a name with an escape or invalid UTF-8, a category, state
    /// or date that is not one of ours) sends the row through `overdueCase`'s `row.decode`, so a
    /// bad stored value raises the error it always did. Returns the number of rows.
    func writeOverdueJSON(asOf: Day, campaign: String?, category: Category?, to sink: @escaping TextSink) throws -> Int
    {
        try read { db in
            let campaignIds = try self.campaigns(campaign, db).compactMap(\.id)
            let (sql, arguments) = try overdueSQL(asOf: asOf, campaignIds: campaignIds, category: category).build(
                db.compiler)
            let statement = try db.makeStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            var out = OverdueJSONWriter(asOf: asOf, sink: sink)
            while let row = try rows.next() {
                if let sqlite = statement.sqlite, try out.appendQuickly(sqlite.sqliteStatement) { continue }
                guard let item = try Self.overdueCase(row, asOf: asOf) else { continue }
                try out.append(item)
            }
            try out.finish()
            return out.count
        }
    }
}

/// The bytes of the overdue listing's JSON, gathered a block at a time.
struct OverdueJSONWriter {
    let asOf: Day
    let sink: TextSink
    var buffer: [UInt8] = []
    private(set) var count = 0
    /// Each column's key as a row writes it (`    "recipient": `), in column order; from the
    /// second on after the `,\n` that ends the value before.
    let keys: [[UInt8]]
    /// The dates met so far, as stored, with their days overdue on `asOf` (nil: not a date).
    var dates: [DateKey: Int?] = [:]
    static let categories: [[UInt8]] = Category.allCases.map { Array($0.rawValue.utf8) }
    static let states: [[UInt8]] = CaseState.allCases.map { Array($0.rawValue.utf8) }
    static let blockSize = 64 * 1024

    init(asOf: Day, sink: @escaping TextSink) {
        self.asOf = asOf
        self.sink = sink
        keys = ["recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue"]
            .enumerated().map { index, column in
                Array(((index == 0 ? "" : ",\n") + "    " + JSON.string(column) + ": ").utf8)
            }
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    /// A stored date's ten bytes.
    struct DateKey: Hashable {
        var high: UInt64
        var low: UInt16
    }

    /// Appends the current row of `statement` (the columns of `overdueSQL`) when every value
    /// passes the quick checks; false (nothing appended) when one does not.
    mutating func appendQuickly(_ statement: OpaquePointer) throws -> Bool {
        guard let deadline = date(statement, 6), let daysOverdue = deadline.days,
            sqlite3_column_type(statement, 1) == SQLITE_INTEGER
        else { return false }
        let mark = buffer.count
        buffer.append(contentsOf: count == 0 ? Self.opening : Self.between)
        let id = sqlite3_column_int64(statement, 1)
        guard appendKey(0), appendPlainText(statement, 0),
            appendKey(1)
        else {
            buffer.removeSubrange(mark...)
            return false
        }
        appendNumber(Int(id))
        guard appendKey(2), appendWord(statement, 2, Self.categories),
            appendKey(3), appendPlainText(statement, 3),
            appendKey(4), appendWord(statement, 4, Self.states),
            appendKey(5)
        else {
            buffer.removeSubrange(mark...)
            return false
        }
        if sqlite3_column_type(statement, 5) == SQLITE_NULL {
            buffer.append(contentsOf: Self.null)
        } else {
            guard let sent = date(statement, 5), sent.days != nil else {
                buffer.removeSubrange(mark...)
                return false
            }
            appendDate(sent.key)
        }
        _ = appendKey(6)
        appendDate(deadline.key)
        _ = appendKey(7)
        appendNumber(daysOverdue)
        buffer.append(contentsOf: Self.closing)
        count += 1
        if buffer.count >= Self.blockSize { try flush() }
        return true
    }

    /// Appends a row read the careful way.
    mutating func append(_ item: OverdueCase) throws {
        var text = count == 0 ? "[\n  {\n" : ",\n  {\n"
        let cells: [String] = [
            JSON.string(item.recipient), String(item.recipientId), JSON.string(item.category.rawValue),
            JSON.string(item.campaign), JSON.string(item.state.rawValue),
            item.sentOn.map { JSON.string($0.description) } ?? "null",
            JSON.string(item.deadline.description), String(item.daysOverdue),
        ]
        for (index, cell) in cells.enumerated() {
            text += String(decoding: keys[index], as: UTF8.self) + cell
        }
        buffer.append(contentsOf: Array((text + "\n  }").utf8))
        count += 1
        if buffer.count >= Self.blockSize { try flush() }
    }

    mutating func finish() throws {
        buffer.append(contentsOf: Array((count == 0 ? "[]\n" : "\n]\n").utf8))
        try flush()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let text = String(decoding: buffer, as: UTF8.self)
        buffer.removeAll(keepingCapacity: true)
        try sink(text)
    }

    static let opening = Array("[\n  {\n".utf8)
    static let between = Array(",\n  {\n".utf8)
    static let closing = Array("\n  }".utf8)
    static let null = Array("null".utf8)

    private mutating func appendKey(_ index: Int) -> Bool {
        buffer.append(contentsOf: keys[index])
        return true
    }

    private mutating func appendNumber(_ number: Int) {
        if number >= 0 && number < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(number))
        } else {
            buffer.append(contentsOf: String(number).utf8)
        }
    }

    private mutating func appendDate(_ key: DateKey) {
        buffer.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: key.high.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: key.low.littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(UInt8(ascii: "\""))
    }

    /// The stored date in `column` (text of ten bytes) with its days overdue when it is a
    /// calendar date written `YYYY-MM-DD`; nil when it is not text of ten bytes.
    private mutating func date(_ statement: OpaquePointer, _ column: Int32) -> (key: DateKey, days: Int?)? {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let text = sqlite3_column_text(statement, column),
            sqlite3_column_bytes(statement, column) == 10
        else { return nil }
        let raw = UnsafeRawPointer(text)
        let key = DateKey(
            high: UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
            low: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        if let known = dates[key] { return (key, known) }
        let string = String(decoding: UnsafeBufferPointer(start: text, count: 10), as: UTF8.self)
        let days = Day(string).flatMap { $0.description == string ? asOf.days(since: $0) : nil }
        if dates.count < 4096 { dates[key] = days }
        return (key, days)
    }

    /// Appends the text in `column` quoted, when it is text that JSON shows as it is: valid
    /// UTF-8 without a quote, a backslash, a control character or U+2028/U+2029.
    private mutating func appendPlainText(_ statement: OpaquePointer, _ column: Int32) -> Bool {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let text = sqlite3_column_text(statement, column)
        else { return false }
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
        var ascii = true
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
                || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F)
                || (beforePrevious == 0xE2 && previous == 0x80 && (byte == 0xA8 || byte == 0xA9))
            {
                return false
            }
            if byte >= 0x80 { ascii = false }
            beforePrevious = previous
            previous = byte
        }
        if !ascii && String(validating: bytes, as: UTF8.self) == nil { return false }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: "\""))
        return true
    }

    /// Appends the text in `column` quoted, when it is one of `words`.
    private mutating func appendWord(_ statement: OpaquePointer, _ column: Int32, _ words: [[UInt8]]) -> Bool {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let text = sqlite3_column_text(statement, column)
        else { return false }
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
        guard words.contains(where: { $0.elementsEqual(bytes) }) else { return false }
        buffer.append(UInt8(ascii: "\""))
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: "\""))
        return true
    }
}
