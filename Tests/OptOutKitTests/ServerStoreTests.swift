import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

@Suite(.postgres)
struct ServerStoreTests {
    static let clock = Clock.frozen(
        at: Date(timeIntervalSince1970: 1_767_225_600), in: TimeZone(identifier: "UTC") ?? .current)

    /// The demo's whole story, told through the public API to a file and to a server, gives the
    /// same report and the same history head.
    @Test func theDemoGivesTheSameReportOnBothStores() throws {
        let server = try PostgresFixture.database(named: "demo")
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

    /// `init` on the server's own `postgres` database is refused before anything is written.
    @Test func theServersOwnDatabaseIsNotATeamDatabase() throws {
        let server = try PostgresFixture.server()
        #expect(throws: PostgresError.self) {
            _ = try Tracker.open(server: server, access: .initialize, clock: Self.clock)
        }
        let tables = try PostgresFixture.psql(server, "SELECT count(*) FROM pg_tables WHERE tablename = 'event'")
            .check()
        #expect(tables.lines == ["0"])
    }
}
