import Foundation

/// A file given to optout that cannot be read, or that was read and rejected whole (an import
/// writes all of a file or none of it). Nothing was written.
public enum FileError: OptOutError, Equatable, Sendable {
    /// A file rejected whole; `more` counts problems found beyond those listed (kept only as a count).
    case rejected(path: String, problems: [FileProblem], more: Int = 0)
    /// A file that could not be read, and why.
    case unreadable(path: String, reason: String)
    /// A file that could not be opened for reading (missing, or not readable).
    case cannotOpen(path: String)

    /// How many of a file's problems `rejected` lists in full; the lines of the rest are counted.
    public static let problemsListed = 20

    public var description: String {
        switch self {
        case .rejected(let path, let problems, let more):
            let shown = problems.prefix(Self.problemsListed).map(\.description).joined(separator: "; ")
            let unshown = Array(problems.dropFirst(Self.problemsListed).compactMap(\.line).prefix(30))
            let unlisted = problems.count + more - min(problems.count, Self.problemsListed) - unshown.count
            var rest = unshown.isEmpty ? "" : "; and lines \(unshown.map(String.init).joined(separator: ", "))"
            if unlisted > 0 { rest += unshown.isEmpty ? "; and \(unlisted) more" : " and \(unlisted) more" }
            let total = problems.count + more
            let rows = total == 1 ? "1 problem" : "\(total) problems"
            return
                "\(path) was not imported (\(rows); nothing was written): \(shown)\(rest); fix the file and run the command again"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .cannotOpen(let path):
            return "cannot read \(path); check the path and its permissions"
        }
    }
}

/// What is wrong in a file at a line (or in the file as a whole): one fault or several of one row.
public struct FileProblem: Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    /// Everything wrong with the row, in the order its cells were read; never empty.
    public var faults: [FileFault]

    public init(line: Int?, _ fault: FileFault) {
        self.line = line
        self.faults = [fault]
    }

    public init(line: Int?, faults: [FileFault]) {
        self.line = line
        self.faults = faults
    }

    /// The first fault: the only one, for all but a row with several bad cells.
    public var fault: FileFault? { faults.first }

    /// The faults in words, one after the other.
    public var message: String { faults.map(\.description).joined(separator: "; ") }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
