import Foundation
import Testing

/// The PostgreSQL server the team-mode tests run against: `$OPTOUT_TEST_POSTGRES`, the URL of a
/// superuser (`postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres`). `.ci/run` starts a
/// throw-away server with `scripts/postgres-server.sh` and sets it, with
/// `$OPTOUT_TEST_POSTGRES_REQUIRED=1`; on a laptop, start one the same way:
///
///     scripts/postgres-server.sh start /tmp/pg
///     OPTOUT_TEST_POSTGRES=$(scripts/postgres-server.sh url /tmp/pg) swift test
///     scripts/postgres-server.sh stop /tmp/pg
///
/// Tests that need the server carry the `.postgres` trait: without a server they are skipped and
/// say why; with `$OPTOUT_TEST_POSTGRES_REQUIRED` set they run and fail instead. Each test takes a
/// database of its own (`database(named:)`), so tests run in parallel on one server.
///
/// Everything goes through `psql` (Debian's postgresql-client-15), so the fixture works before,
/// and independently of, the program's own client; tests use it to attack the server as another
/// user. SQL is never spliced: names and passwords are psql variables (`:"name"`, `:'password'`),
/// which psql quotes.
///
/// Tests/OptOutKitTests/PostgresFixture.swift is a copy of Tests/optoutTests/PostgresFixture.swift
/// (a test checks they are the same): edit the second, then copy it over the first.
enum PostgresFixture {
    /// The superuser's URL.
    static let serverVariable = "OPTOUT_TEST_POSTGRES"
    /// Set (to anything but `0`) where the PostgreSQL tests must run: CI.
    static let requiredVariable = "OPTOUT_TEST_POSTGRES_REQUIRED"

    /// The superuser's URL from `$OPTOUT_TEST_POSTGRES`, or nil when none is set.
    static var available: String? {
        guard let url = ProcessInfo.processInfo.environment[serverVariable], !url.isEmpty else { return nil }
        return url
    }

    /// Whether a missing or unreachable server fails the tests instead of skipping them.
    static var required: Bool {
        let value = ProcessInfo.processInfo.environment[requiredVariable] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Whether the `.postgres` tests run: with a server, or where one is required (and then fail).
    static var runs: Bool { available != nil || required }

    static let skipReason: Comment =
        "needs a PostgreSQL server: set OPTOUT_TEST_POSTGRES to a superuser's URL (scripts/postgres-server.sh start DIR, then url DIR); .ci/run starts one"

    /// The superuser's URL; throws (failing the test) when none is set.
    static func server() throws -> String {
        guard let url = available else { throw PostgresFixtureError.noServer }
        return url
    }

    /// A new, empty database with a unique name starting `optout_` and `prefix`, made by the
    /// superuser. Drop it with `drop()` (a `defer` right after this call), or leave it to `deinit`.
    static func database(named prefix: String) throws -> PostgresDatabase {
        let server = try server()
        let name = "optout_\(identifier(prefix))_\(uniqueSuffix())"
        try psql(server, #"CREATE DATABASE :"database""#, variables: ["database": name]).check()
        return PostgresDatabase(name: name, serverURL: server, url: try url(server, database: name))
    }

    /// Runs `body` with a new database and drops it afterwards, whatever `body` does.
    static func withDatabase<T>(named prefix: String, _ body: (PostgresDatabase) throws -> T) throws -> T {
        let database = try database(named: prefix)
        defer { try? database.drop() }
        return try body(database)
    }

    static func withDatabase<T>(named prefix: String, _ body: (PostgresDatabase) async throws -> T) async throws -> T {
        let database = try database(named: prefix)
        defer { try? database.drop() }
        return try await body(database)
    }

    // MARK: - psql

    /// What one run of `psql` (or another program) printed, and how it ended.
    struct Run: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// psql's exit status 2: no session (server unreachable, login refused).
        var connectionFailed: Bool { status == 2 }

        /// The SQLSTATE of the first error the server reported (`42501` for a privilege refused),
        /// or nil. Tests match these codes, not the messages.
        var sqlstate: String? {
            guard let range = stderr.range(of: #"ERROR:  [0-9A-Z]{5}:"#, options: .regularExpression) else {
                return nil
            }
            return String(stderr[range].dropFirst("ERROR:  ".count).prefix(5))
        }

        /// The rows printed, one string per line (`-A -t`: unaligned, `|` between columns).
        var lines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }

        /// Throws unless psql ran every statement.
        @discardableResult
        func check() throws -> Run {
            guard status == 0 else { throw PostgresFixtureError.psqlFailed(status: status, stderr: stderr) }
            return self
        }
    }

    /// Runs `sql` (any number of statements, as a script on standard input) through `psql` as the
    /// user `url` names, stopping at the first error. `variables` are psql variables the SQL names
    /// as `:"name"` (an identifier) or `:'name'` (a literal). No password is asked for, and none
    /// is taken from the environment: only the URL's counts (`environment` may add `PGPASSWORD`).
    static func psql(
        _ url: String, _ sql: String, variables: [String: String] = [:], environment: [String: String] = [:]
    ) throws -> Run {
        var arguments = [
            "psql", "--no-psqlrc", "--no-password", "--quiet", "--no-align", "--tuples-only",
            "--set=ON_ERROR_STOP=1", "--set=VERBOSITY=verbose",
        ]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { arguments.append("--set=\(name)=\(value)") }
        arguments += ["--dbname=\(url)", "--file=-"]
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        env["PGCONNECT_TIMEOUT"] = "10"
        env["PGAPPNAME"] = "optout-tests"
        env.merge(environment) { $1 }
        let run = try execute(arguments, environment: env, input: Data(sql.utf8))
        if run.status == 127 { throw PostgresFixtureError.psqlMissing }
        return run
    }

    /// Runs a program found on the PATH with `input` on its standard input, and waits for it.
    /// Input and output go through files, not pipes: no thread of the shared pool waits to feed
    /// or drain them (tests run in parallel on few cores), and no daemon a program leaves behind
    /// can hold them open.
    static func execute(_ arguments: [String], environment: [String: String]? = nil, input: Data = Data()) throws
        -> Run
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("optout-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("stdin")
        let outputFile = folder.appendingPathComponent("stdout")
        let errorFile = folder.appendingPathComponent("stderr")
        try input.write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = try FileHandle(forReadingFrom: inputFile)
        let stdout = try FileHandle(forWritingTo: outputFile)
        let stderr = try FileHandle(forWritingTo: errorFile)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }

    // MARK: - Names and URLs

    /// `url` with its user, password or database replaced (nil leaves that part as it is).
    static func url(_ url: String, user: String? = nil, password: String? = nil, database: String? = nil) throws
        -> String
    {
        guard var components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true else {
            throw PostgresFixtureError.badURL(url)
        }
        if let user { components.user = user }
        if let password { components.password = password }
        if let database { components.path = "/" + database }
        guard let changed = components.string else { throw PostgresFixtureError.badURL(url) }
        return changed
    }

    /// `text` made a safe part of a name: lower-case ASCII letters, digits and `_`, at most 20.
    static func identifier(_ text: String) -> String {
        let kept = text.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        }
        return String(String(kept).prefix(20))
    }

    /// 12 random hex digits, so parallel tests (and runs) never share a name.
    static func uniqueSuffix() -> String {
        let digits = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

}

/// A database of one test on the fixture's server, and the login roles made for it; `drop()`
/// (or `deinit`) drops both. Roles belong to the whole server, not to a database: every name
/// made here carries a unique suffix, so parallel tests never meet.
final class PostgresDatabase: @unchecked Sendable {
    /// The database's name (`optout_PREFIX_SUFFIX`).
    let name: String
    /// The superuser on this database.
    let url: String
    /// The superuser on the server's maintenance database.
    let serverURL: String

    private let lock = NSLock()
    private var roles: [String] = []
    private var dropped = false

    init(name: String, serverURL: String, url: String) {
        self.name = name
        self.serverURL = serverURL
        self.url = url
    }

    deinit { try? drop() }

    /// A login made for a test: its name, password and URL on this database.
    struct Login: Sendable {
        var name: String
        var password: String
        var url: String
    }

    /// Runs `sql` on this database as the superuser.
    @discardableResult
    func psql(_ sql: String, variables: [String: String] = [:]) throws -> PostgresFixture.Run {
        try PostgresFixture.psql(url, sql, variables: variables)
    }

    /// A unique role name starting with `prefix` (`alice` → `alice_3f09a1c2b7de`), dropped with
    /// this database: for roles a test makes some other way (`optout team add`).
    func roleName(_ prefix: String) -> String {
        let name = "\(PostgresFixture.identifier(prefix))_\(PostgresFixture.uniqueSuffix())"
        lock.withLock { roles.append(name) }
        return name
    }

    /// A new login role (LOGIN, a password, no privileges granted beyond what PostgreSQL gives
    /// every role) named from `prefix`; its URL reaches this database.
    func createLogin(_ prefix: String = "login", password: String? = nil) throws -> Login {
        let role = roleName(prefix)
        let password = password ?? PostgresFixture.uniqueSuffix() + PostgresFixture.uniqueSuffix()
        try PostgresFixture.psql(
            serverURL, #"CREATE ROLE :"role" LOGIN PASSWORD :'password'"#,
            variables: ["role": role, "password": password]
        ).check()
        return Login(name: role, password: password, url: try PostgresFixture.url(url, user: role, password: password))
    }

    /// Registers a role made elsewhere to be dropped with this database.
    func dropsAtEnd(role: String) {
        lock.withLock { roles.append(role) }
    }

    /// Drops the database (closing any session still on it) and then its roles. Running it again
    /// does nothing.
    func drop() throws {
        let roles: [String]? = lock.withLock {
            if dropped { return nil }
            dropped = true
            return self.roles
        }
        guard let roles else { return }
        try PostgresFixture.psql(
            serverURL, #"DROP DATABASE IF EXISTS :"database" WITH (FORCE)"#, variables: ["database": name]
        ).check()
        var failure: Error?
        for role in roles {
            do {
                try PostgresFixture.psql(serverURL, #"DROP ROLE IF EXISTS :"role""#, variables: ["role": role]).check()
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }
}

/// Why the fixture could not give a test what it asked for; the test fails with it.
enum PostgresFixtureError: Error, CustomStringConvertible {
    case noServer
    case psqlMissing
    case badURL(String)
    case psqlFailed(status: Int32, stderr: String)

    var description: String {
        switch self {
        case .noServer:
            "\(PostgresFixture.requiredVariable) is set but \(PostgresFixture.serverVariable) is not: set it to a superuser's URL (scripts/postgres-server.sh url DIR)"
        case .psqlMissing:
            "psql is not installed (apt-get install postgresql-client-15; .ci/run installs it)"
        case .badURL(let url):
            "\(PostgresFixture.serverVariable) is not a postgresql:// URL: \(url)"
        case .psqlFailed(let status, let stderr):
            "psql exited \(status): \(stderr)"
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs a test or suite against `$OPTOUT_TEST_POSTGRES`: skipped, saying why, when no server
    /// is set, unless `$OPTOUT_TEST_POSTGRES_REQUIRED` is set (CI), where it runs and fails.
    static var postgres: Self {
        .enabled(if: PostgresFixture.runs, PostgresFixture.skipReason)
    }
}
