import GRDB
import Testing

@testable import OptOutKit

/// Issue 11, item 2: the repeated fragments written once, values bound and never spliced.
@Suite struct SharedSQLTests {
    @Test func campaignIdsAreBoundNotSpliced() throws {
        let db = try DatabaseQueue()
        let (sql, arguments) = try db.read { db in try SharedSQL.inCampaigns([3, 14]).build(db) }
        #expect(sql == "k.campaign_id IN (?,?)")
        #expect(arguments == [3, 14])
        let (none, noArguments) = try db.read { db in try SharedSQL.inCampaigns([]).build(db) }
        #expect(none == "k.campaign_id IN (SELECT NULL WHERE NULL)" && noArguments.isEmpty)
    }

    @Test func theOwnCopiesSumsCountARepeatOnlyWhenItsParentsDisclosureIsGone() throws {
        let db = try DatabaseQueue()
        let (made, held) = try db.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE disclosure (id INTEGER PRIMARY KEY, via_disclosure_id INTEGER, superseded_by INTEGER,
                                             copies_made INTEGER, copies_exist INTEGER);
                    INSERT INTO disclosure VALUES (1, NULL, NULL, 5, 1), (2, 1, NULL, 5, 1), (3, NULL, 9, 7, 0), (4, 3, NULL, 7, 1);
                    """)
            let row = try #require(
                try SQLRequest<Row>(
                    """
                    SELECT \(SharedSQL.copiesMade) AS made, \(SharedSQL.copiesStillHeld) AS held
                    FROM disclosure d WHERE d.superseded_by IS NULL
                    """
                ).fetchOne(db))
            return (try row.decode(Int.self, forColumn: "made"), try row.decode(Int.self, forColumn: "held"))
        }
        // 1 counts; 2 repeats 1 (current): not; 4 repeats 3 (superseded): counts.
        #expect(made == 12 && held == 12)
    }

    @Test func matchCountsReadEachMethodByName() throws {
        let db = try DatabaseQueue()
        let counts = try db.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE disclosure (id INTEGER PRIMARY KEY, matched_by TEXT, superseded_by INTEGER);
                    INSERT INTO disclosure (matched_by, superseded_by) VALUES
                        ('isrc', NULL), ('isrc', NULL), ('title-artist', NULL), ('unknown-work', NULL), (NULL, NULL), ('isrc', 1);
                    """)
            return try MatchCounts.fetch(Store(db), "FROM disclosure d WHERE d.superseded_by IS NULL")
        }
        #expect(counts == MatchCounts(isrc: 2, titleArtist: 1, unknownWork: 1))
    }
}
