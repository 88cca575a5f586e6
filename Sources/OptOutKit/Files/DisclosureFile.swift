/// One disclosed work as read from a file, before it is stored with its reply.
public struct DisclosureInput: Hashable, Sendable {
    public var title: String?
    public var artist: String?
    public var isrc: String?
    public var accessMethod: AccessMethod?
    public var copiesMade: Int?
    public var copiesExist: Bool?
    public var heldFrom: Day?
    public var heldUntil: Day?
    public var justification: String?

    public init(
        title: String? = nil, artist: String? = nil, isrc: String? = nil, accessMethod: AccessMethod? = nil,
        copiesMade: Int? = nil, copiesExist: Bool? = nil, heldFrom: Day? = nil, heldUntil: Day? = nil,
        justification: String? = nil
    ) {
        self.title = title
        self.artist = artist
        self.isrc = isrc
        self.accessMethod = accessMethod
        self.copiesMade = copiesMade
        self.copiesExist = copiesExist
        self.heldFrom = heldFrom
        self.heldUntil = heldUntil
        self.justification = justification
    }
}

/// Reads a disclosures CSV (SPEC section 5). Empty cells are missing items; malformed values
/// reject the file with every bad line.
public enum DisclosureFile {
    /// More copies than this is a typing error (and would overflow the report's sums).
    public static let maximumCopies = 1_000_000_000_000

    public static let columns = [
        "title", "artist", "isrc", "access_method", "copies_made", "copies_exist",
        "held_from", "held_until", "justification",
    ]

    /// Where a reply's disclosures come from: a file (streamed, never held whole), CSV text, or
    /// works already read.
    public enum Source: Sendable {
        case file(path: String)
        case text(String, path: String)
        case inputs([DisclosureInput])

        public var name: String {
            switch self {
            case .file(let path), .text(_, let path): path
            case .inputs: "disclosures"
            }
        }
    }

    public static func read(path: String) throws -> [DisclosureInput] {
        try read(.file(path: path))
    }

    public static func read(text: String, path: String = "disclosures.csv") throws -> [DisclosureInput] {
        try read(.text(text, path: path))
    }

    static func read(_ source: Source) throws -> [DisclosureInput] {
        var disclosures: [DisclosureInput] = []
        let problems = try forEach(source) { _, input in disclosures.append(input) }
        if !problems.isEmpty {
            throw FileError.rejected(path: source.name, problems: problems.kept, more: problems.more)
        }
        return disclosures
    }

    /// Hands every good row of `source`, with its line, to `body`, in the file's order, and returns
    /// the bad rows' problems (the first `CatalogFile.problemsKept` in full, the rest counted). Once
    /// a row is bad the rest of the file is only checked (`body` sees no more rows: nothing will be
    /// written). A file that cannot be read at all (no header, a missing column) throws.
    static func forEach(_ source: Source, _ body: (Int, DisclosureInput) throws -> Void) throws -> CatalogFile.Problems
    {
        let table: CSVTable
        switch source {
        case .inputs(let inputs):
            for (index, input) in inputs.enumerated() { try body(index + 2, input) }
            return CatalogFile.Problems()
        case .file(let path):
            table = try CSVTable(path: path, file: CSVFile(path: path), required: columns, known: columns)
        case .text(let text, let path):
            table = try CSVTable(path: path, file: CSVFile(text: text), required: columns, known: columns)
        }
        var problems = CatalogFile.Problems()
        try table.forEachRow(
            { row in
                var faults: [FileFault] = []
                var input = DisclosureInput(
                    title: row["title"].map(NameKey.tidy), artist: row["artist"].map(NameKey.tidy),
                    justification: row["justification"])
                if let text = row["isrc"] {
                    if let fault = Validation.isrcFault(text) {
                        faults.append(.identifier(fault))
                    } else {
                        input.isrc = Validation.isrc(text)
                    }
                }
                if let text = row["access_method"] {
                    input.accessMethod = AccessMethod(rawValue: text.lowercased())
                    if input.accessMethod == nil {
                        faults.append(
                            .unknownWord(column: "access_method", value: text, choices: AccessMethod.choices))
                    }
                }
                if let text = row["copies_made"] {
                    input.copiesMade = Int(text)
                    if input.copiesMade.map({ $0 < 0 || $0 > maximumCopies }) ?? true {
                        faults.append(.badCopies(value: text, maximum: maximumCopies))
                        input.copiesMade = nil
                    }
                }
                if let text = row["copies_exist"] {
                    switch text.lowercased() {
                    case "yes": input.copiesExist = true
                    case "no": input.copiesExist = false
                    default: faults.append(.copiesExistNotYesNo(text))
                    }
                }
                for (column, keyPath) in [
                    ("held_from", \DisclosureInput.heldFrom), ("held_until", \DisclosureInput.heldUntil),
                ] {
                    if let text = row[column] {
                        switch Day.given(text) {
                        case .success(let day): input[keyPath: keyPath] = day
                        case .failure(let problem): faults.append(.badDate(column: column, problem))
                        }
                    }
                }
                if let from = input.heldFrom, let until = input.heldUntil, until < from {
                    faults.append(.heldUntilBeforeFrom(until: until, from: from))
                }
                if faults.isEmpty {
                    if problems.isEmpty { try body(row.line, input) }
                } else {
                    problems.append(FileProblem(line: row.line, faults: faults))
                }
            }, problem: { problems.append($0) })
        return problems
    }
}
