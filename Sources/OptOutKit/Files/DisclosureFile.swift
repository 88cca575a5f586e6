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

    public init(title: String? = nil, artist: String? = nil, isrc: String? = nil, accessMethod: AccessMethod? = nil,
                copiesMade: Int? = nil, copiesExist: Bool? = nil, heldFrom: Day? = nil, heldUntil: Day? = nil,
                justification: String? = nil) {
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

    public static let columns = ["title", "artist", "isrc", "access_method", "copies_made", "copies_exist",
                                 "held_from", "held_until", "justification"]

    public static func read(path: String) throws -> [DisclosureInput] {
        try read(CSVTable(path: path, file: CSVFile(path: path), required: columns, known: columns))
    }

    public static func read(text: String, path: String = "disclosures.csv") throws -> [DisclosureInput] {
        try read(CSVTable(path: path, file: CSVFile(text: text), required: columns, known: columns))
    }

    static func read(_ table: CSVTable) throws -> [DisclosureInput] {
        var disclosures: [DisclosureInput] = []
        var problems: [FileProblem] = []
        problems += try table.forEachRow { row in
            var faults: [String] = []
            var input = DisclosureInput(title: row["title"].map(NameKey.tidy), artist: row["artist"].map(NameKey.tidy),
                                        justification: row["justification"])
            if let text = row["isrc"] {
                if let fault = Validation.isrcFault(text) { faults.append(fault) } else { input.isrc = Validation.isrc(text) }
            }
            if let text = row["access_method"] {
                input.accessMethod = AccessMethod(rawValue: text.lowercased())
                if input.accessMethod == nil { faults.append("unknown access_method \(quoted(text)) (use \(AccessMethod.choices))") }
            }
            if let text = row["copies_made"] {
                input.copiesMade = Int(text)
                if input.copiesMade.map({ $0 < 0 || $0 > maximumCopies }) ?? true {
                    faults.append("copies_made \(quoted(text)) is not a whole number of copies (0 to \(maximumCopies))")
                    input.copiesMade = nil
                }
            }
            if let text = row["copies_exist"] {
                switch text.lowercased() {
                case "yes": input.copiesExist = true
                case "no": input.copiesExist = false
                default: faults.append("copies_exist \(quoted(text)) must be yes or no")
                }
            }
            for (column, keyPath) in [("held_from", \DisclosureInput.heldFrom), ("held_until", \DisclosureInput.heldUntil)] {
                if let text = row[column] {
                    switch Day.given(text) {
                    case .success(let day): input[keyPath: keyPath] = day
                    case .failure(let problem): faults.append("\(column) \(problem)")
                    }
                }
            }
            if let from = input.heldFrom, let until = input.heldUntil, until < from {
                faults.append("held_until \(until) is before held_from \(from)")
            }
            if faults.isEmpty {
                disclosures.append(input)
            } else {
                problems.append(FileProblem(line: row.line, faults.joined(separator: "; ")))
            }
        }
        if !problems.isEmpty { throw TrackerError.badFile(path: table.path, problems: problems) }
        return disclosures
    }
}
