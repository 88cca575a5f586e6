import Foundation

/// A strict RFC 4180 reader that streams a file and knows the line each record starts on.
///
/// CSV.swift reads leniently (an unterminated quote silently runs to the end of the file, and it
/// does not count lines); a legal record needs the opposite: every malformed line found, by
/// number, before anything is written. `CSVExport` writes CSV.
public final class CSVFile {
    /// One record and the line it starts on (the header is line 1).
    public struct Record {
        public var line: Int
        public var fields: [String]
    }

    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var atEnd = false
    private var line = 1
    private let chunkSize = 1 << 16
    /// Bytes of the current record read so far.
    private var recordBytes = 0

    /// The longest cell a legal record needs (64 KB): a longer one is refused as soon as it is seen.
    public static let maximumCellBytes = 64 << 10
    /// The longest record (1 MB, its line breaks included): a longer one is refused as soon as it
    /// is seen, so a file of one endless line (or `/dev/zero`) is read in bounded memory.
    public static let maximumRecordBytes = 1 << 20

    /// Reads `path`; the file is read in chunks, never whole.
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError.unreadable(path: path, reason: "no such file, or it is not readable")
        }
        self.handle = handle
        buffer = []
        try skipByteOrderMark()
    }

    /// Reads CSV text held in memory.
    public init(text: String) {
        handle = nil
        buffer = Array(text.utf8)
        atEnd = true
        try? skipByteOrderMark()
    }

    deinit { try? handle?.close() }

    private func skipByteOrderMark() throws {
        if try peek(0) == 0xEF, try peek(1) == 0xBB, try peek(2) == 0xBF { position = 3 }
    }

    /// The byte `offset` places ahead, reading more of the file when needed.
    private func peek(_ offset: Int = 0) throws -> UInt8? {
        while position + offset >= buffer.count {
            guard !atEnd, let handle else { return nil }
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty {
                atEnd = true
                return nil
            }
            buffer.removeSubrange(0..<position)
            position = 0
            buffer.append(contentsOf: chunk)
        }
        return buffer[position + offset]
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
        cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// Consumes a line ending at the current position, if there is one.
    private func consumeLineEnd() throws -> Bool {
        guard let byte = try peek() else { return false }
        if byte == Self.lf {
            position += 1
            line += 1
            return true
        }
        if byte == Self.cr {
            position += 1
            if try peek() == Self.lf { position += 1 }
            line += 1
            return true
        }
        return false
    }

    /// The next record, skipping blank lines; `nil` at the end of the file.
    public func next() throws -> Record? {
        while true {
            guard try peek() != nil else { return nil }
            if try consumeLineEnd() { continue }  // a blank line
            let start = line
            recordBytes = 0
            var fields: [String] = []
            while true {
                fields.append(try readField(recordLine: start))
                if try peek() == Self.comma {
                    try advance(recordLine: start)
                    continue
                }
                _ = try consumeLineEnd()
                return Record(line: start, fields: fields)
            }
        }
    }

    /// Moves past one byte of the current record, refusing a record past the size limit.
    private func advance(recordLine: Int) throws {
        position += 1
        recordBytes += 1
        if recordBytes > Self.maximumRecordBytes {
            throw FileProblem(line: recordLine, .recordTooLong(maximumMB: Self.maximumRecordBytes >> 20))
        }
    }

    /// Adds one byte to a cell, refusing a NUL byte and a cell past the size limit as soon as they are seen.
    private func append(_ byte: UInt8, to bytes: inout [UInt8], recordLine: Int) throws {
        if byte == 0 { throw FileProblem(line: recordLine, .nulByte) }
        if bytes.count >= Self.maximumCellBytes {
            throw FileProblem(line: recordLine, .cellTooLong(maximumKB: Self.maximumCellBytes >> 10))
        }
        bytes.append(byte)
    }

    private func readField(recordLine: Int) throws -> String {
        var bytes: [UInt8] = []
        let fieldLine = line
        if try peek() == Self.quote {
            try advance(recordLine: recordLine)
            while true {
                guard let byte = try peek() else {
                    throw FileProblem(line: fieldLine, .quoteNeverClosed)
                }
                try advance(recordLine: recordLine)
                if byte == Self.quote {
                    if try peek() == Self.quote {
                        try append(Self.quote, to: &bytes, recordLine: recordLine)
                        try advance(recordLine: recordLine)
                        continue
                    }
                    if let next = try peek(), next != Self.comma, next != Self.cr, next != Self.lf {
                        throw FileProblem(line: line, .textAfterClosingQuote)
                    }
                    break
                }
                if byte == Self.lf { line += 1 }
                if byte == Self.cr, try peek() != Self.lf { line += 1 }
                try append(byte, to: &bytes, recordLine: recordLine)
            }
        } else {
            while let byte = try peek(), byte != Self.comma, byte != Self.cr, byte != Self.lf {
                if byte == Self.quote {
                    throw FileProblem(line: line, .quoteInUnquotedField)
                }
                try append(byte, to: &bytes, recordLine: recordLine)
                try advance(recordLine: recordLine)
            }
        }
        // From a buffer, not the array: the array takes the standard library's slow generic path.
        guard let text = bytes.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw FileProblem(line: recordLine, .notUTF8)
        }
        return text
    }
}

extension FileProblem: Error {}

/// A CSV file with a header row, read record by record as `[column: value]`.
struct CSVTable {
    let file: CSVFile
    let path: String
    /// Column name (lower-cased, trimmed) → index.
    let columns: [String: Int]
    let width: Int

    /// Opens `path`, reads its header, and checks the required columns are there.
    init(path: String, file: CSVFile, required: [String], known: [String]) throws {
        self.file = file
        self.path = path
        guard let header = try CSVTable.catching(path, { try file.next() }) else {
            throw FileError.rejected(
                path: path,
                problems: [FileProblem(line: 1, .emptyFile(required: required))])
        }
        var columns: [String: Int] = [:]
        var problems: [FileProblem] = []
        for (index, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if columns[key] != nil {
                problems.append(FileProblem(line: header.line, .columnTwice(key)))
            }
            columns[key] = index
        }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            problems.append(FileProblem(line: header.line, .columnsMissing(missing, known: known)))
        }
        if !problems.isEmpty { throw FileError.rejected(path: path, problems: problems) }
        self.columns = columns
        width = header.fields.count
    }

    /// Each data row as a `Row`; a syntax error ends the file with that problem.
    func forEachRow(_ body: (Row) throws -> Void) throws -> [FileProblem] {
        var problems: [FileProblem] = []
        try forEachRow(body, problem: { problems.append($0) })
        return problems
    }

    /// Each data row as a `Row`, and each row that is not one to `problem` (so a caller can keep
    /// the first few and count the rest: memory bounded however many rows are bad); a syntax error
    /// ends the file with that problem.
    func forEachRow(_ body: (Row) throws -> Void, problem: (FileProblem) -> Void) throws {
        while true {
            let record: CSVFile.Record?
            do {
                record = try file.next()
            } catch let fault as FileProblem {
                problem(fault)
                return
            }
            guard let record else { return }
            if record.fields.count != width {
                problem(FileProblem(line: record.line, .fieldCount(found: record.fields.count, header: width)))
                continue
            }
            try body(Row(line: record.line, fields: record.fields, columns: columns))
        }
    }

    static func catching<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let problem as FileProblem {
            throw FileError.rejected(path: path, problems: [problem])
        }
    }

    /// One data row.
    struct Row {
        let line: Int
        let fields: [String]
        let columns: [String: Int]

        /// The trimmed cell of `column`; `nil` when the column is absent or the cell empty.
        subscript(column: String) -> String? {
            guard let index = columns[column] else { return nil }
            let value = NameKey.trimmed(fields[index])
            return value.isEmpty ? nil : value
        }
    }
}
