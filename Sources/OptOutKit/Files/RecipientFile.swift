/// Reads a recipients CSV (SPEC section 5): `name` and `category` required; `country`, `email`,
/// `contact`, `parent` optional. Every bad row is reported; none is returned unless all are good.
public enum RecipientFile {
    public static let columns = ["name", "category", "country", "email", "contact", "parent"]

    public static func read(path: String) throws -> [Recipient] {
        try readLines(path: path).map(\.recipient)
    }

    /// The recipients of the file at `path`, each with the line it is on.
    public static func readLines(path: String) throws -> [(line: Int, recipient: Recipient)] {
        try read(CSVTable(path: path, file: CSVFile(path: path), required: ["name", "category"], known: columns))
    }

    public static func read(text: String, path: String = "recipients.csv") throws -> [Recipient] {
        try readLines(text: text, path: path).map(\.recipient)
    }

    public static func readLines(text: String, path: String = "recipients.csv") throws -> [(line: Int, recipient: Recipient)] {
        try read(CSVTable(path: path, file: CSVFile(text: text), required: ["name", "category"], known: columns))
    }

    static func read(_ table: CSVTable) throws -> [(line: Int, recipient: Recipient)] {
        var recipients: [(line: Int, recipient: Recipient)] = []
        var problems: [FileProblem] = []
        var firstLine: [String: Int] = [:]
        problems += try table.forEachRow { row in
            do {
                let recipient = try recipient(name: row["name"], category: row["category"], country: row["country"],
                                              email: row["email"], contact: row["contact"], parent: row["parent"])
                if let earlier = firstLine[recipient.nameKey] {
                    problems.append(FileProblem(line: row.line, "\(quoted(recipient.name)) is already on line \(earlier); keep one row per recipient"))
                } else {
                    firstLine[recipient.nameKey] = row.line
                    recipients.append((row.line, recipient))
                }
            } catch let error as TrackerError {
                problems.append(FileProblem(line: row.line, error.description))
            }
        }
        if !problems.isEmpty { throw TrackerError.badFile(path: table.path, problems: problems) }
        return recipients
    }

    /// A recipient from typed or imported values, each checked.
    public static func recipient(name: String?, category: String?, country: String?, email: String?,
                                 contact: String?, parent: String?) throws -> Recipient {
        var faults: [String] = []
        let name = name.map(NameKey.tidy) ?? ""
        if name.isEmpty { faults.append("the name is missing") }
        let contact = contact.map(NameKey.tidy), parent = parent.map(NameKey.tidy)
        for (value, what) in [(name, "the name"), (contact, "the contact"), (parent, "the parent")] {
            do { try Validation.checkName(value, what: what) } catch let error as InputLimitError { faults.append(error.description) }
        }
        let parsedCategory = category.flatMap { Category(rawValue: $0.lowercased()) }
        if parsedCategory == nil {
            faults.append(category == nil ? "the category is missing (use \(Category.choices))"
                : "unknown category \(quoted(category ?? "")) (use \(Category.choices))")
        }
        var code: String?
        if let country {
            code = Validation.countryCode(country)
            if code == nil { faults.append("\(quoted(country)) is not an ISO 3166-1 country code (two letters, as DE or US)") }
        }
        if let email, !Validation.isEmail(email) {
            faults.append("\(quoted(email)) is not an e-mail address")
        }
        guard faults.isEmpty, let parsedCategory else { throw TrackerError.invalid(faults.joined(separator: "; ")) }
        return Recipient(name: name, category: parsedCategory, country: code, email: email,
                         contact: contact, parent: parent)
    }
}
