import Foundation
import GRDB

/// How a command opens the database.
public enum StoreAccess: Sendable {
    /// A command that only reads: the file is opened read-only (immutable on a read-only disk),
    /// and is never created, migrated or converted to WAL.
    case read
    /// A command that writes records: the file must exist and have the current schema.
    case write
    /// `init` and `demo`: creates the file when it is missing, migrates an older schema.
    case initialize
}

/// Facts about the database file and the files SQLite keeps beside it.
enum StoreFile {
    /// The files SQLite may keep beside a database.
    static let companions = ["-journal", "-wal", "-shm"]

    /// Whether the file system holding `path` is mounted read-only.
    static func isOnReadOnlyMedium(_ path: String) -> Bool {
        var info = statvfs()
        let target = FileManager.default.fileExists(atPath: path) ? path : folder(of: path)
        guard statvfs(target, &info) == 0 else { return false }
        return info.f_flag & UInt(ST_RDONLY) != 0
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    static func size(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// An SQLite URI that opens `path` as immutable: SQLite reads it without locks, journal or
    /// WAL files, as it must on a read-only disk.
    static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Removes `path` and the journal, WAL and shared-memory files beside it.
    static func remove(_ path: String, companionsOnly: Bool = false) {
        for suffix in (companionsOnly ? [] : [""]) + companions { unlink(path + suffix) }
    }
}

/// What a database file holds, judged before anything is written to it.
enum StoredSchema {
    /// An SQLite file without a single table.
    case noTables
    /// Another program's tables.
    case foreign(tables: [String])
    /// Ours, with the migrations it has applied.
    case optout(applied: Set<String>)

    static func of(_ db: Database) throws -> StoredSchema {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if tables.isEmpty { return .noTables }
        guard tables.contains("grdb_migrations") else { return .foreign(tables: tables) }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        guard applied.contains("001_initial") else { return .foreign(tables: tables) }
        return .optout(applied: applied)
    }
}

extension StoredSchema {
    /// How a refusal describes what the file holds.
    var found: String {
        switch self {
        case .noTables: return "an SQLite file without tables"
        case .foreign(let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "another program's SQLite database: tables \(shown)"
        case .optout: return "an optout database"
        }
    }
}
