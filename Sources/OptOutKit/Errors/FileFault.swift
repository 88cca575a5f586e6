import Foundation

/// What is wrong at one line of a file given to optout (or in its header): the facts, with the
/// words built here, in one place.
public enum FileFault: Equatable, Sendable, CustomStringConvertible {
    // Reading the CSV
    /// A record past `maximumMB` megabytes.
    case recordTooLong(maximumMB: Int)
    /// A NUL byte: not a text file.
    case nulByte
    /// A cell past `maximumKB` kilobytes.
    case cellTooLong(maximumKB: Int)
    /// A quoted field that the file ends inside.
    case quoteNeverClosed
    /// Text after the quote that closes a field.
    case textAfterClosingQuote
    /// A quote inside a field that is not quoted.
    case quoteInUnquotedField
    /// Bytes that are not UTF-8.
    case notUTF8
    /// A record with `found` fields where the header has `header`.
    case fieldCount(found: Int, header: Int)

    // The header
    /// No header row; `required` are the columns it needs.
    case emptyFile(required: [String])
    /// A column named twice.
    case columnTwice(String)
    /// Required columns the header lacks, beside the columns the file may have.
    case columnsMissing([String], known: [String])
    /// A catalogue whose header has neither `isrc` nor `iswc`.
    case noIdentifierColumn(known: [String])

    // A row's cells
    /// A required cell that is empty: `what` is the recipient, the date, the title, the artist.
    case missing(String)
    /// A cell of a date `column` that is not a supported date.
    case badDate(column: String, DateProblem)
    /// A word outside the closed set of `column`.
    case unknownWord(column: String, value: String, choices: String)
    /// `copies_made` that is not a whole number from 0 to `maximum`.
    case badCopies(value: String, maximum: Int)
    /// `copies_exist` that is neither yes nor no.
    case copiesExistNotYesNo(String)
    /// `held_until` before `held_from`.
    case heldUntilBeforeFrom(until: Day, from: Day)
    /// An ISRC or ISWC cell that is not one.
    case identifier(IdentifierFault)
    /// A catalogue row with neither an ISRC nor an ISWC.
    case noIdentifier
    /// A `released` cell that is neither a year nor a date.
    case badReleased(String)

    // Against the file's other rows, and the database
    /// A recipient named on an earlier line of the same file.
    case recipientTwice(name: String, firstLine: Int)
    /// A second notice to a recipient in one notices file.
    case noticeTwice(recipient: String, firstLine: Int)
    /// A holiday date given twice in one calendar file.
    case dateTwice(Day, firstLine: Int)
    /// One identifier for two different works.
    case identifierForTwoWorks(
        work: WorkIdentifier, firstLine: Int, firstTitle: String, firstArtist: String, title: String, artist: String)
    /// One work on two lines with different `details` (iswc, owner, released).
    case workDetailsDiffer(work: WorkIdentifier, firstLine: Int, details: [String])
    /// A row the command refuses as it refuses the same value typed (an unknown recipient, a bad name).
    case refused(CaseError)
    /// A chain of parents that closes on itself, on these lines.
    case parentCycle(ParentCycleError, lines: [Int])

    public var description: String {
        switch self {
        case .recordTooLong(let maximumMB):
            return
                "the record is longer than \(maximumMB) MB; a recipients, notices, disclosures or catalogue row needs far less (is this the right file?)"
        case .nulByte: return "a NUL byte; this is not a text file, or remove it"
        case .cellTooLong(let maximumKB): return "a cell is longer than \(maximumKB) KB; shorten it"
        case .quoteNeverClosed: return "a quoted field is never closed; end it with a double quote"
        case .textAfterClosingQuote: return "text after a closing quote; double any quote inside a quoted field"
        case .quoteInUnquotedField:
            return "a quote inside an unquoted field; quote the whole field and double the quote"
        case .notUTF8: return "not valid UTF-8; save the file as UTF-8"
        case .fieldCount(let found, let header): return "\(found) fields where the header has \(header)"
        case .emptyFile(let required):
            return "the file is empty; it needs a header row with \(required.joined(separator: ", "))"
        case .columnTwice(let name): return "the column \(quoted(name)) appears twice"
        case .columnsMissing(let missing, let known):
            return
                "the header lacks the required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (columns: \(known.joined(separator: ", ")))"
        case .noIdentifierColumn(let known):
            return
                "the header has neither an isrc nor an iswc column; a catalogue needs one or both (columns: \(known.joined(separator: ", ")))"
        case .missing(let what): return "the \(what) is missing"
        case .badDate(let column, let problem): return "\(column) \(problem)"
        case .unknownWord(let column, let value, let choices):
            return "unknown \(column) \(quoted(value)) (use \(choices))"
        case .badCopies(let value, let maximum):
            return "copies_made \(quoted(value)) is not a whole number of copies (0 to \(maximum))"
        case .copiesExistNotYesNo(let value): return "copies_exist \(quoted(value)) must be yes or no"
        case .heldUntilBeforeFrom(let until, let from): return "held_until \(until) is before held_from \(from)"
        case .identifier(let fault): return fault.description
        case .noIdentifier:
            return "neither an ISRC nor an ISWC; give the work's ISRC (a recording) or ISWC (a composition)"
        case .badReleased(let value): return "released \(quoted(value)) is not a year or a date (YYYY or YYYY-MM-DD)"
        case .recipientTwice(let name, let firstLine):
            return "\(quoted(name)) is already on line \(firstLine); keep one row per recipient"
        case .noticeTwice(let recipient, let firstLine): return "\(recipient) already has a notice on line \(firstLine)"
        case .dateTwice(let day, let firstLine): return "\(day) is given already on line \(firstLine)"
        case .identifierForTwoWorks(let work, let firstLine, let firstTitle, let firstArtist, let title, let artist):
            return
                "\(work) is on line \(firstLine) too, as \(quoted(firstTitle)) by \(quoted(firstArtist)), and here as \(quoted(title)) by \(quoted(artist)); one identifier names one work, so correct the identifier or the title"
        case .workDetailsDiffer(let work, let firstLine, let details):
            return
                "\(work) is on line \(firstLine) too, with another \(details.joined(separator: " and ")); keep one line for the work"
        case .refused(let error): return error.description
        case .parentCycle(let error, let lines):
            return "\(error.description) (lines \(lines.map(String.init).joined(separator: ", ")))"
        }
    }
}

/// The identifier a catalogue line gives its work: `ISRC GBAYE2400001` or `ISWC T-034.524.680-1`.
public enum WorkIdentifier: Equatable, Sendable, CustomStringConvertible {
    case isrc(String)
    /// The compact ISWC (`T0345246801`), written as people write it.
    case iswc(String)

    public var description: String {
        switch self {
        case .isrc(let code): "ISRC \(code)"
        case .iswc(let code): "ISWC \(Validation.formattedISWC(code))"
        }
    }
}

/// Why a text is not an ISRC or an ISWC.
public enum IdentifierFault: Equatable, Sendable, CustomStringConvertible {
    /// An ISRC with `characters` characters (hyphens aside) instead of 12.
    case isrcLength(text: String, characters: Int)
    /// An ISRC whose characters are not letters, then letters or digits, then digits.
    case isrcCharacters(text: String)
    /// An ISRC whose first two letters, `country`, no agency allocates.
    case isrcCountry(text: String, country: String)
    /// Not `T`, nine digits and a check digit.
    case iswcShape(text: String)
    /// An ISWC whose check digit is `found` where its digits give `expected`.
    case iswcCheckDigit(text: String, found: Int, expected: Int)

    static let isrcExample = "12 characters CC-XXX-YY-NNNNN, as GB-AYE-24-00001"

    public var description: String {
        switch self {
        case .isrcLength(let text, let characters):
            return
                "\(quoted(text)) is not an ISRC (it has \(characters) characters without hyphens; an ISRC has \(Self.isrcExample))"
        case .isrcCharacters(let text):
            return "\(quoted(text)) is not an ISRC (\(Self.isrcExample): letters, then letters or digits, then digits)"
        case .isrcCountry(let text, let country):
            return
                "\(quoted(text)) is not an ISRC: \(country) is not a country code an ISRC can start with (ISO 3166-1, as GB or US, or one the ISRC agency allocates, as QM or ZZ)"
        case .iswcShape(let text):
            return "\(quoted(text)) is not an ISWC (T, nine digits and a check digit, as T-034.524.680-1)"
        case .iswcCheckDigit(let text, let found, let expected):
            return
                "\(quoted(text)) is not a valid ISWC: its check digit is \(found), but the digits before it give \(expected); check the number"
        }
    }
}
