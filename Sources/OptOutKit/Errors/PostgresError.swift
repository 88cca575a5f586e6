import Foundation

/// What went wrong talking to a team database on a PostgreSQL server, in words that say what to do.
public enum PostgresError: OptOutError, Equatable {
    /// The server could not be reached or refused the login.
    case connectionFailed(location: String, reason: ConnectionFailure)
    /// The connection broke during a command; the server rolled back what the command had done.
    case lost(detail: String)
    /// The server refused a statement.
    case server(ServerFailure)
    /// The database has no optout schema (`optout init` has not been run on it).
    case noSchema(location: String)
    /// The database holds a newer optout schema than this version knows.
    case newerSchema(location: String)
    /// The database holds an older optout schema: `optout init` brings it up to date.
    case olderSchema(location: String)
    /// The database has tables, but not optout's.
    case notOptOut(location: String)
    /// `optout init` on one of the server's own databases (`postgres`, `template1`).
    case maintenanceDatabase(location: String, name: String)
    /// libpq could not allocate a connection.
    case outOfMemory

    public var description: String {
        switch self {
        case .connectionFailed(let location, let reason):
            return "cannot connect to \(location): \(reason)"
        case .lost(let detail):
            return "the connection to the server was lost (\(detail)); nothing of this command was kept, run it again"
        case .server(let failure):
            return failure.description
        case .noSchema(let location):
            return
                "\(location) has no optout tables; run `optout init --db \(location)` (as the database's owner) first"
        case .newerSchema(let location):
            return
                "\(location) was set up by a newer version of optout; use that version (this one would not understand its records)"
        case .olderSchema(let location):
            return
                "\(location) was set up by an older version of optout; run `optout init --db \(location)` (as the database's owner) to bring it up to date"
        case .notOptOut(let location):
            return
                "\(location) holds tables that are not optout's; name an empty database (createdb NAME) or an optout one"
        case .maintenanceDatabase(let location, let name):
            return
                "\(location) is the server's own \(name) database; create one for the team (createdb optout) and name it in the URL"
        case .outOfMemory:
            return "out of memory while connecting to the server"
        }
    }
}

/// Why a connection failed, from libpq's message.
public enum ConnectionFailure: Equatable, Sendable, CustomStringConvertible {
    case unreachable(detail: String)
    case wrongPassword(user: String)
    case noPassword(user: String)
    case noDatabase(name: String)
    case noRole(user: String)
    case other(detail: String)

    init(_ message: String) {
        func quotedName(after marker: String) -> String? {
            guard let range = message.range(of: marker) else { return nil }
            let rest = message[range.upperBound...]
            return rest.split(separator: "\"", omittingEmptySubsequences: false).first.map(String.init)
        }
        if message.contains("password authentication failed"), let user = quotedName(after: "for user \"") {
            self = .wrongPassword(user: user)
        } else if message.contains("no password supplied") {
            self = .noPassword(user: quotedName(after: "for user \"") ?? "")
        } else if let name = quotedName(after: "database \""), message.contains("does not exist") {
            self = .noDatabase(name: name)
        } else if let user = quotedName(after: "role \""), message.contains("does not exist") {
            self = .noRole(user: user)
        } else if message.contains("Connection refused") || message.contains("could not translate host name")
            || message.contains("No such file or directory") || message.contains("timeout expired")
            || message.contains("Network is unreachable") || message.contains("No route to host")
        {
            self = .unreachable(detail: message)
        } else {
            self = .other(detail: message)
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let detail):
            return "the server is not reachable (\(detail)); check the host and port, and that PostgreSQL is running"
        case .wrongPassword(let user):
            return
                "the password for \(user) was refused; check $PGPASSWORD or ~/.pgpass, or ask an admin to set it again"
        case .noPassword(let user):
            return
                "the server wants a password for \(user.isEmpty ? "this user" : user); set $PGPASSWORD or add it to ~/.pgpass (mode 0600)"
        case .noDatabase(let name):
            return "the server has no database \(name); create it (createdb \(name)), then run `optout init` on it"
        case .noRole(let user):
            return "the server has no login \(user); ask an admin to add you (optout team add \(user) --role …)"
        case .other(let detail):
            return detail
        }
    }
}

/// A statement the server refused: its SQLSTATE and message.
public struct ServerFailure: Equatable, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var detail: String?
    public var hint: String?

    /// The server's SQLSTATE for a refused privilege.
    public static let insufficientPrivilege = "42501"
    /// An undefined table: a database without the schema.
    public static let undefinedTable = "42P01"

    public var description: String {
        switch code {
        case ServerFailure.insufficientPrivilege:
            if message.contains("ask an admin") { return "the server refused: \(message)" }
            return "the server refused: \(message); your role does not allow this, ask an admin for a role that does"
        case ServerFailure.undefinedTable:
            return "the database has no optout tables (\(message)); run `optout init` on it first"
        default:
            let extra = [detail, hint].compactMap { $0 }.joined(separator: "; ")
            return "the server refused: \(message)\(extra.isEmpty ? "" : " (\(extra))")"
        }
    }
}
