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

    public static func readLines(text: String, path: String = "recipients.csv") throws -> [(
        line: Int, recipient: Recipient
    )] {
        try read(CSVTable(path: path, file: CSVFile(text: text), required: ["name", "category"], known: columns))
    }

    static func read(_ table: CSVTable) throws -> [(line: Int, recipient: Recipient)] {
        var recipients: [(line: Int, recipient: Recipient)] = []
        var problems: [FileProblem] = []
        var firstLine: [String: Int] = [:]
        problems += try table.forEachRow { row in
            do {
                let recipient = try recipient(
                    name: row["name"], category: row["category"], country: row["country"],
                    email: row["email"], contact: row["contact"], parent: row["parent"])
                if let earlier = firstLine[recipient.nameKey] {
                    problems.append(
                        FileProblem(line: row.line, .recipientTwice(name: recipient.name, firstLine: earlier)))
                } else {
                    firstLine[recipient.nameKey] = row.line
                    recipients.append((row.line, recipient))
                }
            } catch let error as CaseError {
                problems.append(FileProblem(line: row.line, .refused(error)))
            }
        }
        if !problems.isEmpty { throw FileError.rejected(path: table.path, problems: problems) }
        return recipients
    }

    /// A recipient from typed or imported values, each checked.
    public static func recipient(
        name: String?, category: String?, country: String?, email: String?,
        contact: String?, parent: String?
    ) throws -> Recipient {
        var faults: [RecipientFault] = []
        let name = name.map(NameKey.tidy) ?? ""
        if name.isEmpty { faults.append(.nameMissing) }
        let contact = contact.map(NameKey.tidy)
        let parent = parent.map(NameKey.tidy)
        for (value, what) in [(name, "the name"), (contact, "the contact"), (parent, "the parent")] {
            do { try Validation.checkName(value, what: what) } catch let error as InputLimitError {
                faults.append(.badText(error))
            }
        }
        let parsedCategory = category.flatMap { Category(rawValue: $0.lowercased()) }
        if parsedCategory == nil {
            faults.append(category.map(RecipientFault.unknownCategory) ?? .categoryMissing)
        }
        var code: String?
        if let country {
            code = Validation.countryCode(country)
            if code == nil { faults.append(.notACountryCode(country)) }
        }
        if let email, !Validation.isEmail(email) {
            faults.append(.notAnEmail(email))
        }
        guard faults.isEmpty, let parsedCategory else { throw CaseError.unacceptableRecipient(faults: faults) }
        return Recipient(
            name: name, category: parsedCategory, country: code, email: email,
            contact: contact, parent: parent)
    }
}
