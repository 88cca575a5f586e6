import Foundation

/// What stopped `optout copy` (or a team database's `backup` and `verify`, which copy the server
/// into an SQLite file): the facts, in words that say what to do. Nothing was kept: a server
/// target is rolled back, a file target removed.
public enum CopyError: OptOutError, Equatable, Sendable {
    /// Both ends are SQLite files (two servers are copied through a temporary file).
    case sameStore(source: String, target: String)
    /// The server target already holds rows: a copy goes into a database fresh from `optout init`.
    case targetNotEmpty(target: String, rows: [TableRows])
    /// The file target is already there.
    case targetExists(path: String)
    /// The login on the server target may not write a history in other actors' names.
    case notOwner(target: String, user: String)
    /// A text value with a NUL character, which PostgreSQL's text cannot hold.
    case textWithNul(table: String, row: String, column: String)
    /// A stored value of a type the other store's column cannot hold as it is.
    case valueNotStorable(table: String, row: String, column: String, found: String, expected: String)
    /// The two schemas do not line up (a table or column one has and the other lacks).
    case schemasDiffer(table: String, detail: String)
    /// A row of the source names a row that is not there (a reference the server's own checks
    /// were made to skip): the records do not hold together.
    case danglingReference(table: String, row: String, names: String)
    /// The source's own history is broken: copying it would carry the break over.
    case sourceBroken(source: String, broken: HistoryBreak)
    /// The copy, read back, does not verify.
    case copyBroken(target: String, broken: HistoryBreak)
    /// The copy, read back, does not end where the source does.
    case mismatch(target: String, sourceEvents: Int, sourceHead: String, copiedEvents: Int, copiedHead: String)

    /// How many rows one table holds.
    public struct TableRows: Equatable, Sendable {
        public var table: String
        public var rows: Int

        public init(table: String, rows: Int) {
            self.table = table
            self.rows = rows
        }
    }

    public var description: String {
        switch self {
        case .sameStore(let source, let target):
            return
                "\(source) and \(target) are both SQLite files; copy moves a database to or from a team database (postgresql://…): to copy a file, run `optout backup \(target) --db \(source)`"
        case .targetNotEmpty(let target, let rows):
            let listed = rows.map { "\($0.rows) \($0.table) row\($0.rows == 1 ? "" : "s")" }.joined(separator: ", ")
            return
                "\(target) is not empty (\(listed)); copy into a new database: createdb NAME, then `optout init --db postgresql://…/NAME`, then copy to it"
        case .targetExists(let path):
            return "\(path) already exists and is left untouched; name a new file with --to"
        case .notOwner(let target, let user):
            return
                "\(user) may not copy into \(target): a copy keeps the history's own actors, which only the database's owner (who ran `optout init` there) or a superuser may write; copy as that user"
        case .textWithNul(let table, let row, let column):
            return
                "\(table) \(row) has a NUL character in \(column), which PostgreSQL cannot store; nothing was copied: correct that value in the file (it was written outside optout), then copy again"
        case .valueNotStorable(let table, let row, let column, let found, let expected):
            return
                "\(table) \(row) holds \(found) in \(column), where the other store keeps \(expected); nothing was copied: run `optout check` on the source, correct the value, then copy again"
        case .schemasDiffer(let table, let detail):
            return
                "the two databases' schemas differ at \(table) (\(detail)); run `optout init` on both with this version of optout, then copy again"
        case .danglingReference(let table, let row, let names):
            return
                "\(table) row \(row) names a row of \(names) that is not there, so the records do not hold together; find who removed it (`optout history`, the server's logs) and restore it from a backup"
        case .sourceBroken(let source, let broken):
            return "\(source)'s history is broken, so nothing was copied: \(broken.description)"
        case .copyBroken(let target, let broken):
            return "the copy in \(target) does not verify, so it was not kept: \(broken.description)"
        case .mismatch(let target, let sourceEvents, let sourceHead, let copiedEvents, let copiedHead):
            return
                "the copy in \(target) has \(copiedEvents) events ending at head \(copiedHead), the source \(sourceEvents) ending at \(sourceHead), so it was not kept; run `optout verify` on both"
        }
    }
}
