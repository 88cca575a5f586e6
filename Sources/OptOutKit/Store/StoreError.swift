import Foundation
import GRDB

/// What went wrong with the database file itself, with the facts, in words that say what to do.
/// SQLite's own errors are translated into these where the store meets GRDB, so a user never
/// sees `SQLite error 8: attempt to write a readonly database - while executing …`.
public enum StoreError: OptOutError, Equatable {
    /// No file at `path`, opened by a command other than `init`.
    case noDatabase(path: String)
    /// `demo` would fill a file that is already there.
    case databaseExists(path: String)
    /// `init` could not create the file.
    case cannotCreate(path: String, reason: String)
    /// An optout database with schema this version does not know.
    case newerSchema(path: String)
    /// `--db` was not a path: empty, `:memory:`, a `file:` URI or some other URL.
    case notAPath(given: String, kind: SpecialName)
    /// A team database's URL where a file is needed (`demo`, `backup`'s target).
    case teamModeUnavailable(given: String)
    case isAFolder(path: String)
    /// A file of 0 bytes: nothing to read, and perhaps the remains of a failed copy.
    case emptyFile(path: String)
    /// An SQLite file without optout's tables (another program's database, or an empty one).
    case notOptOut(path: String, found: String)
    /// A file that is not an SQLite database at all.
    case notSQLite(path: String)
    /// An optout database of an older schema, opened by a command that does not migrate.
    case olderSchema(path: String, missing: [String])
    /// A rollback journal beside the file holds a write that never finished (a killed process).
    case unfinishedWrite(path: String)
    case readOnlyFile(path: String)
    case readOnlyFolder(path: String)
    case readOnlyMedium(path: String)
    case diskFull(path: String)
    case busy(path: String, seconds: Int)
    case damaged(path: String, detail: String)
    case constraintFailed(path: String, detail: String)
    case cannotOpen(path: String, detail: String)
    case inputOutput(path: String, detail: String)
    case other(path: String, code: Int32, detail: String)
    /// `backup` could not write its copy (a partial copy is removed with its journal).
    case backupFailed(target: String, cause: String)

    /// The spellings of `--db` that SQLite reads as something other than a file.
    public enum SpecialName: String, Sendable {
        case empty, memory, fileURI, url
    }

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path); run `optout init` to create it, or name another with --db or $OPTOUT_DB"
        case .databaseExists(let path):
            return "\(path) already exists and is left untouched; name a new file with --db"
        case .cannotCreate(let path, let reason):
            return
                "cannot create \(path) (\(reason)); check that its folder exists and is writable, or name another file with --db"
        case .newerSchema(let path):
            return
                "\(path) was written by a newer version of optout; use that version (this one would not understand its records)"
        case .notAPath(let given, let kind):
            switch kind {
            case .empty:
                return "--db is empty; give the path of the database file, e.g. --db optout.sqlite"
            case .memory:
                return
                    "--db ':memory:' would keep nothing once the command ends; give the path of a database file, e.g. --db optout.sqlite"
            case .fileURI:
                return
                    "--db \(given) is an SQLite URI, which optout does not take; give a plain path (write ./\(given) for a file whose name begins with file:)"
            case .url:
                return "--db \(given) is a URL; give the path of a database file, e.g. --db optout.sqlite"
            }
        case .teamModeUnavailable(let given):
            return
                "\(given) names a team database on a PostgreSQL server, and this needs a database file; give a file's path (to put a file's records on the server: optout copy --from FILE --to \(given))"
        case .isAFolder(let path):
            return "\(path) is a folder, not a database file; name the file with --db, e.g. --db \(path)/optout.sqlite"
        case .emptyFile(let path):
            return
                "\(path) is an empty file (0 bytes), not an optout database, and was left untouched; check the --db path, or remove the file and run `optout init` to create the database there"
        case .notOptOut(let path, let found):
            return "\(path) is not an optout database (\(found)) and was left untouched; check the --db path"
        case .notSQLite(let path):
            return
                "\(path) is not an optout database (it is not an SQLite file at all) and was left untouched; check the --db path"
        case .olderSchema(let path, let missing):
            return
                "\(path) was written by an older version of optout (it lacks schema \(missing.joined(separator: ", "))); run `optout init --db \(path)` to bring it up to date (copy the file first to keep it as it is)"
        case .unfinishedWrite(let path):
            return
                "\(path) has an unfinished write in \(path)-journal (a process was killed while writing it, such as an interrupted `optout backup`) and was left untouched; if it is a backup, make a new one; if it is your database, run `optout init --db \(path)` to roll the unfinished write back"
        case .readOnlyFile(let path):
            return
                "cannot write \(path): the file is read-only; nothing was written; make it writable (chmod u+w) or work on a copy"
        case .readOnlyFolder(let path):
            return
                "cannot write \(path): its folder is read-only (SQLite writes its journal beside the file); nothing was written; make the folder writable or work on a copy elsewhere"
        case .readOnlyMedium(let path):
            return
                "cannot write \(path): it is on a read-only disk; nothing was written; commands that only read still work there, or copy it to a writable disk"
        case .diskFull(let path):
            return "the disk holding \(path) is full; nothing was written; free some space and run the command again"
        case .busy(let path, let seconds):
            return
                "\(path) stayed busy for \(seconds) seconds: another optout process (or a program holding it open) is writing it; nothing was written; run the command again when it has finished"
        case .damaged(let path, let detail):
            return "\(path) is damaged (\(detail)); restore it from a backup, or keep it as evidence"
        case .constraintFailed(let path, let detail):
            return
                "\(path) refused the change (\(detail)); nothing was written; the file may have been edited outside optout: run `optout check --db \(path)`"
        case .cannotOpen(let path, let detail):
            return "cannot open \(path) (\(detail)); check the path and its permissions"
        case .inputOutput(let path, let detail):
            return
                "cannot read or write \(path): the disk reported an input/output error (\(detail)); nothing was written; check the disk, then run `optout check --db \(path)`"
        case .other(let path, let code, let detail):
            return "the database \(path) reported an error (\(detail), SQLite code \(code)); nothing was written"
        case .backupFailed(let target, let cause):
            return "cannot back up to \(target): \(cause)"
        }
    }

    /// The path `--db` gives, if it is one: rejects `:memory:`, `file:` URIs, URLs and an empty value.
    public static func checkPath(_ given: String) throws {
        let lowered = given.lowercased()
        if given.trimmingCharacters(in: .whitespaces).isEmpty { throw StoreError.notAPath(given: given, kind: .empty) }
        if given == ":memory:" { throw StoreError.notAPath(given: given, kind: .memory) }
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            throw StoreError.teamModeUnavailable(given: given)
        }
        if lowered.hasPrefix("file:") { throw StoreError.notAPath(given: given, kind: .fileURI) }
        if let scheme = lowered.range(of: "://"),
            lowered[..<scheme.lowerBound].allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0))
            }),
            lowered.first?.isLetter == true
        {
            throw StoreError.notAPath(given: given, kind: .url)
        }
    }

    /// SQLite's error, said in our words for the database at `path`.
    public init(_ error: DatabaseError, path: String) {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_READONLY:
            switch error.extendedResultCode {
            case .SQLITE_READONLY_ROLLBACK: self = .unfinishedWrite(path: path)
            default: self = StoreError.readOnly(path)
            }
        case .SQLITE_FULL: self = .diskFull(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path, seconds: Tracker.busySeconds)
        case .SQLITE_CORRUPT: self = .damaged(path: path, detail: detail)
        case .SQLITE_NOTADB: self = .notSQLite(path: path)
        case .SQLITE_CONSTRAINT: self = .constraintFailed(path: path, detail: detail)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: self = .cannotOpen(path: path, detail: detail)
        case .SQLITE_IOERR: self = .inputOutput(path: path, detail: detail)
        default: self = .other(path: path, code: error.resultCode.rawValue, detail: detail)
        }
    }

    /// Which of the file, its folder or its disk keeps `path` from being written.
    static func readOnly(_ path: String) -> StoreError {
        if StoreFile.isOnReadOnlyMedium(path) { return .readOnlyMedium(path: path) }
        if access(path, W_OK) != 0 { return .readOnlyFile(path: path) }
        return .readOnlyFolder(path: path)
    }
}
