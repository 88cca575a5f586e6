import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// A fresh database on the PostgreSQL server named by `$OPTOUT_TEST_POSTGRES` (a superuser's
/// URL), dropped when the test ends; `nil` when no server was named (the tests then say so).
final class ServerDatabase {
    static let serverURL = ProcessInfo.processInfo.environment["OPTOUT_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }
    /// Set by CI: a missing server fails the tests instead of skipping them.
    static let required = ProcessInfo.processInfo.environment["OPTOUT_TEST_POSTGRES_REQUIRED"] == "1"
    static var skipReason: Comment {
        "no PostgreSQL server: set OPTOUT_TEST_POSTGRES to a superuser's postgresql:// URL (CI starts one)"
    }
    static var available: Bool { serverURL != nil || required }

    let name: String
    let url: String
    private let admin: String

    init() throws {
        guard let admin = ServerDatabase.serverURL else { throw ServerDatabaseError.noServer }
        self.admin = admin
        name = "optout_test_\(UUID().uuidString.prefix(8).lowercased())"
        guard var components = URLComponents(string: admin) else { throw ServerDatabaseError.badURL }
        components.path = "/" + name
        url = components.string ?? admin
        try ServerDatabase.psql(admin, "CREATE DATABASE \(name)")
    }

    deinit { _ = try? ServerDatabase.psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerDatabaseError.psqlFailed(sql) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

enum ServerDatabaseError: Error {
    case noServer, badURL
    case psqlFailed(String)
}

@Suite(.enabled(if: ServerDatabase.available, ServerDatabase.skipReason))
struct ServerStoreTests {
    static let clock = Clock.frozen(
        at: Date(timeIntervalSince1970: 1_767_225_600), in: TimeZone(identifier: "UTC") ?? .current)

    /// The demo's whole story, told through the public API to a file and to a server, gives the
    /// same report and the same history head.
    @Test func theDemoGivesTheSameReportOnBothStores() throws {
        let server = try ServerDatabase()
        let file = try Tracker.inMemory(actor: "postgres", clock: Self.clock)
        let team = try Tracker.open(server: server.url, access: .initialize, clock: Self.clock)
        _ = try DemoGenerator.populate(file)
        _ = try DemoGenerator.populate(team)
        let renderer = ReportRenderer()
        let fileReport = try renderer.json(try file.report(asOf: DemoGenerator.asOf))
        let teamReport = try renderer.json(try team.report(asOf: DemoGenerator.asOf))
        #expect(fileReport == teamReport)
        let fileHead = try file.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1")
        }
        let teamHead = try team.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1")
        }
        #expect(fileHead != nil)
        #expect(fileHead == teamHead)
    }
}
