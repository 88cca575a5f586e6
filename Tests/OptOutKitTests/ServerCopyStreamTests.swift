import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Plain inserts on a team database go to the server through COPY: held until there are
/// `Store.copyOpensAt` of them, then streamed through an open COPY, which every other statement
/// (a query, a cursor's next batch) ends first, and which a failing command abandons.
@Suite(.postgres)
struct ServerCopyStreamTests {
    static let clock = Clock.frozen(
        at: Date(timeIntervalSince1970: 1_767_225_600), in: TimeZone(identifier: "UTC") ?? .current)
    static let rows = Store.copyOpensAt * 2 + 500

    struct Stop: Error {}

    static func team(_ prefix: String) throws -> (PostgresDatabase, Tracker) {
        let server = try PostgresFixture.database(named: prefix)
        return (server, try Tracker.open(server: server.url, access: .initialize, clock: clock))
    }

    static func insertRecipients(_ range: Range<Int>, _ db: Store) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO recipient (name, name_key, category) VALUES (?, ?, ?)")
        for number in range {
            try insert.runBound([.text("Firm \(number)"), .text("firm \(number)"), .text("other")], db)
        }
    }

    static func count(_ table: String, _ tracker: Tracker) throws -> Int {
        try tracker.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    @Test func rowsPastTheThresholdAreAllThereForTheNextStatementAndAfterTheCommit() throws {
        let (server, team) = try Self.team("stream_ok")
        defer { try? server.drop() }
        let seen = try team.transaction { db in
            try Self.insertRecipients(0..<Self.rows, db)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM recipient") ?? -1
        }
        #expect(seen == Self.rows)
        #expect(try Self.count("recipient", team) == Self.rows)
    }

    @Test func aCursorReadsOnWhileRowsOfAnotherTableStreamBetweenItsBatches() throws {
        let (server, team) = try Self.team("stream_cursor")
        defer { try? server.drop() }
        try team.transaction { db in try Self.insertRecipients(0..<(PostgresCursor.batchSize + 100), db) }
        // Each recipient read gives a temporary row: the COPY opens, and each next batch ends it.
        let copied = try team.transaction { db -> Int in
            try db.execute(sql: "CREATE TEMP TABLE seen (name TEXT NOT NULL)")
            let insert = try db.cachedStatement(sql: "INSERT INTO temp.seen (name) VALUES (?)")
            let names = try String.fetchCursor(db, sql: "SELECT name FROM recipient ORDER BY id")
            while let name = try names.next() { try insert.runBound([.text(name)], db) }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.seen") ?? -1
        }
        #expect(copied == PostgresCursor.batchSize + 100)
    }

    @Test func aCommandThatFailsWhileItsCopyIsOpenLeavesNothingAndTheNextOneWorks() throws {
        let (server, team) = try Self.team("stream_fail")
        defer { try? server.drop() }
        #expect(throws: Stop.self) {
            try team.transaction { db in
                try Self.insertRecipients(0..<Self.rows, db)
                throw Stop()
            }
        }
        #expect(try Self.count("recipient", team) == 0)
        // The connection is clean: the same tracker writes and reads again.
        try team.transaction { db in try Self.insertRecipients(0..<10, db) }
        #expect(try Self.count("recipient", team) == 10)
        // A row the server refuses mid-stream (a name twice) fails the command as a whole.
        #expect(throws: PostgresError.self) {
            try team.transaction { db in try Self.insertRecipients(5..<Self.rows, db) }
        }
        #expect(try Self.count("recipient", team) == 10)
    }
}
