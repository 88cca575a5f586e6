import Foundation

/// One work of the rights-holder's catalogue as read from a file, before it is stored.
public struct CatalogEntry: Hashable, Sendable {
    public var title: String
    public var artist: String
    /// Normalised, as `Validation.isrc` returns it.
    public var isrc: String?
    /// Normalised, as `Validation.iswc` returns it.
    public var iswc: String?
    public var owner: String?
    public var released: String?

    public init(
        title: String, artist: String, isrc: String? = nil, iswc: String? = nil, owner: String? = nil,
        released: String? = nil
    ) {
        self.title = title
        self.artist = artist
        self.isrc = isrc
        self.iswc = iswc
        self.owner = owner
        self.released = released
    }

    /// How a re-import finds the work again: its ISRC, else (a composition alone) its ISWC.
    var identity: String { isrc.map { "isrc:" + $0 } ?? "iswc:" + (iswc ?? "") }
}

/// Reads the rights-holder's catalogue (`optout catalog import`): a CSV file with `title`,
/// `artist` and `isrc` and/or `iswc` columns, and optional `owner` and `released`. Each row needs
/// a title, an artist and at least one identifier. The file is read row by row, never whole, so a
/// catalogue of millions of works is read in bounded memory.
public enum CatalogFile {
    public static let columns = ["title", "artist", "isrc", "iswc", "owner", "released"]

    /// Problems kept word for word; beyond these a bad file's problems are only counted, so even a
    /// file of millions of bad lines is reported in bounded memory.
    static let problemsKept = 100

    /// Where a catalogue comes from.
    public enum Source: Sendable {
        case file(path: String)
        case text(String, path: String)
        case entries([CatalogEntry], name: String)

        public var name: String {
            switch self {
            case .file(let path), .text(_, let path): path
            case .entries(_, let name): name
            }
        }
    }

    /// Problems found so far: the first `problemsKept`, and how many more.
    struct Problems {
        var kept: [FileProblem] = []
        var more = 0

        var isEmpty: Bool { kept.isEmpty }
        var count: Int { kept.count + more }

        mutating func append(_ problem: FileProblem) {
            if kept.count < CatalogFile.problemsKept { kept.append(problem) } else { more += 1 }
        }

        /// Both lists in line order, still capped.
        func merged(with other: Problems) -> Problems {
            var all = (kept + other.kept).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
            let dropped = max(0, all.count - CatalogFile.problemsKept)
            all.removeLast(dropped)
            return Problems(kept: all, more: more + other.more + dropped)
        }
    }

    /// Hands every good entry of `source`, with its line, to `body`, and returns the problems of the
    /// bad ones. A file that cannot be read at all (no header, a missing column) throws.
    static func read(_ source: Source, _ body: (Int, CatalogEntry) throws -> Void) throws -> Problems {
        let table: CSVTable
        switch source {
        case .entries(let entries, _):
            for (index, entry) in entries.enumerated() { try body(index + 2, entry) }
            return Problems()
        case .file(let path):
            table = try CSVTable(path: path, file: CSVFile(path: path), required: ["title", "artist"], known: columns)
        case .text(let text, let path):
            table = try CSVTable(path: path, file: CSVFile(text: text), required: ["title", "artist"], known: columns)
        }
        if table.columns["isrc"] == nil && table.columns["iswc"] == nil {
            throw FileError.rejected(
                path: table.path,
                problems: [FileProblem(line: 1, .noIdentifierColumn(known: columns))])
        }
        var problems = Problems()
        for problem in try table.forEachRow({ row in
            switch entry(row) {
            case .success(let entry): try body(row.line, entry)
            case .failure(let fault): problems.append(FileProblem(line: row.line, faults: fault.faults))
            }
        }) {
            problems.append(problem)
        }
        return problems
    }

    /// Everything wrong with a row.
    struct Fault: Error { var faults: [FileFault] }

    /// The entry of one row, or everything wrong with it.
    static func entry(_ row: CSVTable.Row) -> Result<CatalogEntry, Fault> {
        var faults: [FileFault] = []
        let title = row["title"].map(NameKey.tidy)
        let artist = row["artist"].map(NameKey.tidy)
        if title == nil { faults.append(.missing("title")) }
        if artist == nil { faults.append(.missing("artist")) }
        var isrc: String?
        var iswc: String?
        if let text = row["isrc"] {
            if let fault = Validation.isrcFault(text) {
                faults.append(.identifier(fault))
            } else {
                isrc = Validation.isrc(text)
            }
        }
        if let text = row["iswc"] {
            if let fault = Validation.iswcFault(text) {
                faults.append(.identifier(fault))
            } else {
                iswc = Validation.iswc(text)
            }
        }
        if row["isrc"] == nil && row["iswc"] == nil {
            faults.append(.noIdentifier)
        }
        let released = row["released"]
        if let released, !isReleaseDate(released) {
            faults.append(.badReleased(released))
        }
        guard faults.isEmpty, let title, let artist else {
            return .failure(Fault(faults: faults))
        }
        return .success(
            CatalogEntry(
                title: title, artist: artist, isrc: isrc, iswc: iswc,
                owner: row["owner"].map(NameKey.tidy), released: released))
    }

    /// `YYYY` (1000–9999) or a real `YYYY-MM-DD` date.
    static func isReleaseDate(_ text: String) -> Bool {
        if text.utf8.count == 4, let year = Int(text), year >= 1000 { return true }
        return Day(text) != nil
    }
}
