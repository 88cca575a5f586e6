import Foundation
import Testing

/// A team database for one test, on the server of `PostgresFixture` (`$OPTOUT_TEST_POSTGRES`),
/// seen as the team tests use it: logins by short name (`alice` is `alice_<suffix>`; roles are
/// the whole server's, so every name a test makes ends in its database's suffix), URLs as each
/// colleague would give them, psql as any of them. `drop()` drops the database and every role
/// ending in the suffix, however the test made it (`optout team add`, a lookalike, psql).
final class TeamServer {
    let database: String
    /// Appended to every login a test makes: `alice` is `alice_<suffix>`.
    let suffix: String
    private let fixture: PostgresDatabase
    private let superuser: URLComponents

    init() throws {
        fixture = try PostgresFixture.database(named: "team")
        guard let components = URLComponents(string: fixture.url) else {
            throw PostgresFixtureError.badURL(fixture.url)
        }
        superuser = components
        database = fixture.name
        suffix = PostgresFixture.uniqueSuffix()
    }

    /// A test login's name on this server.
    func login(_ name: String) -> String { "\(name)_\(suffix)" }

    /// The URL optout is given: the superuser's (the database's owner) when `user` is nil, else
    /// `user`'s with no password in it (the password goes in $PGPASSWORD, as a person would set it).
    func url(as user: String? = nil) -> String {
        var components = superuser
        if let user {
            components.user = user
            components.password = nil
        }
        components.path = "/" + database
        return components.string ?? ""
    }

    /// What psql printed (unaligned, tuples only) for `sql`, as `user` (with `password`) or the superuser.
    @discardableResult
    func psql(as user: String?, password: String? = nil, in name: String? = nil, _ sql: String) throws -> Workspace.Run
    {
        var components = superuser
        if let user {
            components.user = user
            components.password = nil
        }
        components.path = "/" + (name ?? database)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", components.string ?? "", "-c", sql,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        environment["PGCONNECT_TIMEOUT"] = "10"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (stdout, stderr) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        let run = Workspace.Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
        if user == nil && run.status != 0 { throw TeamServerFailure.psql(sql: sql, stderr: run.stderr) }
        return run
    }

    /// One value the superuser reads.
    func value(_ sql: String) throws -> String {
        try psql(as: nil, sql).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Drops the database and every login of this test (they all end in the suffix).
    func drop() {
        try? fixture.drop()
        _ = try? psql(
            as: nil, in: "postgres",
            """
            DO $$ DECLARE r text; BEGIN
                FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE '%\\_\(suffix)' LOOP
                    EXECUTE format('DROP ROLE %I', r);
                END LOOP;
            END $$
            """)
    }
}

enum TeamServerFailure: Error {
    case psql(sql: String, stderr: String)
}

extension Workspace {
    /// Runs `optout` with `input` on its standard input.
    func run(_ arguments: [String], input: String, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Workspace.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["OPTOUT_DB"] = nil
        env["OPTOUT_ACTOR"] = "paralegal"
        env.merge(environment) { $1 }
        process.environment = env
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        // Written before the process starts (the pipe holds it), so a process that exits without
        // reading it cannot make the write fail.
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        try process.run()
        let (stdout, stderr) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
