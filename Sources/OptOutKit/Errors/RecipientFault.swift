import Foundation

/// One thing wrong with a recipient typed (`recipient add`) or imported (a row of a file).
public enum RecipientFault: Equatable, Sendable, CustomStringConvertible {
    case nameMissing
    /// The name, contact or parent breaks a limit on text (too long, control characters, …).
    case badText(InputLimitError)
    case categoryMissing
    case unknownCategory(String)
    case notACountryCode(String)
    case notAnEmail(String)

    public var description: String {
        switch self {
        case .nameMissing: "the name is missing"
        case .badText(let problem): problem.description
        case .categoryMissing: "the category is missing (use \(Category.choices))"
        case .unknownCategory(let given): "unknown category \(quoted(given)) (use \(Category.choices))"
        case .notACountryCode(let given):
            "\(quoted(given)) is not an ISO 3166-1 country code (two letters, as DE or US)"
        case .notAnEmail(let given): "\(quoted(given)) is not an e-mail address"
        }
    }
}
