import Foundation

/// An error optout explains in its own words: its `description` says what is wrong and how to
/// fix it, and is the line printed after `error:`. Every error type of the tracker and of the
/// command line conforms, so the command line prints them all the same way, with no list of
/// types to keep up to date. Nothing was written when one of these is thrown (unless its case
/// says otherwise).
public protocol OptOutError: Error, CustomStringConvertible, LocalizedError {
    /// The line printed after `error: ` (its `description`, unless the type adds context).
    var errorLine: String { get }
}

extension OptOutError {
    public var errorLine: String { description }
    public var errorDescription: String? { description }
}

func quoted(_ text: String) -> String { "'\(text)'" }
