import GRDB
import GRDBSQLite

/// What a catalogue import did, and how the disclosures match the catalogue after it.
public struct CatalogImport: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Lines that repeat an earlier line of the file word for word (after tidying); ignored.
    public var repeated = 0
    /// Works in the catalogue after the import.
    public var works = 0
    /// Current disclosures (not superseded), by how they matched; `unknownWorks` counts the
    /// disclosures flagged `unknown-work`.
    public var matchedByISRC = 0
    public var matchedByTitleArtist = 0
    public var unknownWorks = 0
}

extension Tracker {
    /// Imports the rights-holder's catalogue in one transaction, all or nothing: a work already in
    /// the catalogue (the same ISRC; for a composition alone, the same ISWC) is updated, a new one
    /// added, and works the file does not name are kept. Every disclosure is then matched again.
    ///
    /// The file is streamed into a temporary table and SQLite finds the lines that name one work
    /// twice, so memory stays bounded however long the catalogue. Every bad line is reported
    /// (the first `CatalogFile.problemsKept` word for word, the rest counted).
    ///
    /// Written with the page caches enlarged (`withBulkCache`, and the temporary tables' cache as
    /// a reply's disclosures have it): a million works otherwise spill their pages to the WAL and
    /// the temporary file and read them back as they go.
    public func importCatalog(_ source: CatalogFile.Source) throws -> CatalogImport {
        try transaction(bulk: true) { db in
            let restore = try StagedDisclosures.enlargeCaches(db)
            defer { restore() }
            try db.execute(
                sql: """
                    DROP TABLE IF EXISTS temp.catalog_staging;
                    CREATE TEMP TABLE catalog_staging (
                        line INTEGER PRIMARY KEY, identity TEXT NOT NULL, title TEXT NOT NULL, artist TEXT NOT NULL,
                        isrc TEXT, iswc TEXT, owner TEXT, released TEXT, match_key TEXT, work_id INTEGER);
                    """)
            defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.catalog_staging") }
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO catalog_staging (line, identity, title, artist, isrc, iswc, owner, released, match_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let rowProblems = try CatalogFile.read(source) { line, entry in
                try insert.runStaged(
                    Int64(line),
                    [
                        entry.identity, entry.title, entry.artist, entry.isrc, entry.iswc,
                        entry.owner, entry.released,
                        MatchKey.of(title: entry.title, artist: entry.artist),
                    ], db)
            }
            try db.execute(sql: "CREATE INDEX temp.catalog_staging_identity ON catalog_staging (identity, line)")
            let problems = rowProblems.merged(with: try conflictingLines(db))
            if !problems.isEmpty {
                throw FileError.rejected(path: source.name, problems: problems.kept, more: problems.more)
            }

            var summary = CatalogImport()
            // Lines that repeat an earlier line's work exactly: keep the first.
            try db.execute(
                sql: """
                    DELETE FROM catalog_staging WHERE EXISTS (
                        SELECT 1 FROM catalog_staging e WHERE e.identity = catalog_staging.identity AND e.line < catalog_staging.line)
                    """)
            summary.repeated = db.changesCount
            if try Work.fetchCount(db) > 0 {
                try db.execute(
                    sql: """
                        UPDATE catalog_staging SET work_id = (SELECT id FROM work WHERE work.isrc = catalog_staging.isrc)
                        WHERE isrc IS NOT NULL;
                        UPDATE catalog_staging SET work_id = (SELECT id FROM work WHERE work.isrc IS NULL AND work.iswc = catalog_staging.iswc)
                        WHERE isrc IS NULL;
                        UPDATE work SET title = s.title, artist = s.artist, iswc = s.iswc, owner = s.owner,
                                        released = s.released, match_key = s.match_key
                        FROM catalog_staging s
                        WHERE s.work_id = work.id
                          AND (work.title IS DISTINCT FROM s.title OR work.artist IS DISTINCT FROM s.artist OR work.iswc IS DISTINCT FROM s.iswc
                               OR work.owner IS DISTINCT FROM s.owner OR work.released IS DISTINCT FROM s.released);
                        """)
                summary.updated = db.changesCount
            }
            try db.execute(
                sql: """
                    INSERT INTO work (title, artist, isrc, iswc, owner, released, match_key)
                    SELECT title, artist, isrc, iswc, owner, released, match_key FROM catalog_staging
                    WHERE work_id IS NULL ORDER BY line
                    """)
            summary.added = db.changesCount
            let staged = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM catalog_staging") ?? 0
            summary.unchanged = staged - summary.added - summary.updated
            summary.works = try Work.fetchCount(db)

            try matchDisclosures(db)
            let matches = try MatchCounts.fetch(db, "FROM disclosure d WHERE d.superseded_by IS NULL")
            summary.matchedByISRC = matches.isrc
            summary.matchedByTitleArtist = matches.titleArtist
            summary.unknownWorks = matches.unknownWork
            return summary
        }
    }

    /// The staged lines that name a work an earlier line names too (the same ISRC; for a
    /// composition alone, the same ISWC) but differently: another title or artist, or other details.
    private func conflictingLines(_ db: Store) throws -> CatalogFile.Problems {
        var problems = CatalogFile.Problems()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                WITH first AS (
                    SELECT identity, MIN(line) AS line FROM catalog_staging GROUP BY identity HAVING COUNT(*) > 1)
                SELECT s.line, f.line AS first_line, s.isrc, s.iswc, f.title AS first_title, f.artist AS first_artist,
                       s.title, s.artist,
                       COALESCE(f.match_key, f.title) IS DISTINCT FROM COALESCE(s.match_key, s.title) AS other_work,
                       f.iswc IS DISTINCT FROM s.iswc AS other_iswc, f.owner IS DISTINCT FROM s.owner AS other_owner,
                       f.released IS DISTINCT FROM s.released AS other_released
                FROM first JOIN catalog_staging f ON f.line = first.line
                     JOIN catalog_staging s ON s.identity = first.identity AND s.line > first.line
                WHERE COALESCE(f.match_key, f.title) IS DISTINCT FROM COALESCE(s.match_key, s.title)
                   OR f.iswc IS DISTINCT FROM s.iswc OR f.owner IS DISTINCT FROM s.owner OR f.released IS DISTINCT FROM s.released
                ORDER BY s.line
                """)
        while let row = try rows.next() {
            let line: Int = try row.decode(forColumn: "line")
            let firstLine: Int = try row.decode(forColumn: "first_line")
            let identifier =
                try row.decode(String?.self, forColumn: "isrc").map(WorkIdentifier.isrc)
                ?? .iswc(try row.decode(String?.self, forColumn: "iswc") ?? "")
            if try row.decode(Bool.self, forColumn: "other_work") {
                let firstTitle: String = try row.decode(forColumn: "first_title")
                let firstArtist: String = try row.decode(forColumn: "first_artist")
                let title: String = try row.decode(forColumn: "title")
                let artist: String = try row.decode(forColumn: "artist")
                problems.append(
                    FileProblem(
                        line: line,
                        .identifierForTwoWorks(
                            work: identifier, firstLine: firstLine, firstTitle: firstTitle, firstArtist: firstArtist,
                            title: title, artist: artist)))
            } else {
                let details = try ["iswc", "owner", "released"].filter {
                    try row.decode(Bool.self, forColumn: "other_" + $0)
                }
                problems.append(
                    FileProblem(
                        line: line, .workDetailsDiffer(work: identifier, firstLine: firstLine, details: details)))
            }
        }
        return problems
    }

    /// Matches disclosures to the catalogue: by ISRC when the disclosure has one and the catalogue
    /// knows it; else by `MatchKey` (title and artist), against any work when the disclosure has no
    /// ISRC, or against compositions (works without an ISRC) when it has one the catalogue does not
    /// know: an ISRC names one recording, so another recording of that title is not the work
    /// disclosed. (The same rule the spec gives for "the same work".) What matches nothing is
    /// `unknown-work`; with no catalogue at all, disclosures stay unmatched.
    ///
    /// Set-based: one statement of lookups on indexed keys, for every disclosure or those of one reply.
    func matchDisclosures(_ db: Store, replyId: Int64? = nil) throws {
        guard try Work.fetchCount(db) > 0 else { return }
        var scope = ""
        var arguments: StatementArguments = []
        if let replyId {
            scope = "AND reply_id = ?"
            arguments = [replyId]
        }
        // Disclosures written before the catalogue columns existed have no key yet (only in SQLite
        // files that old: a server's disclosures are stored with theirs).
        if let database = db.sqlite {
            database.add(function: MatchKey.sqlFunction)
            try database.execute(
                sql: """
                    UPDATE disclosure SET match_key = optout_match_key(title, artist)
                    WHERE match_key IS NULL AND title IS NOT NULL AND artist IS NOT NULL \(scope)
                    """, arguments: arguments)
        }
        let byISRC = "(SELECT id FROM work WHERE work.isrc = disclosure.isrc)"
        let byTitleArtist = """
            (SELECT MIN(id) FROM work WHERE work.match_key = disclosure.match_key
                                        AND (disclosure.isrc IS NULL OR work.isrc IS NULL))
            """
        try db.execute(
            sql: """
                UPDATE disclosure SET
                    work_id = COALESCE(\(byISRC), \(byTitleArtist)),
                    matched_by = CASE WHEN \(byISRC) IS NOT NULL THEN 'isrc'
                                      WHEN \(byTitleArtist) IS NOT NULL THEN 'title-artist' ELSE 'unknown-work' END
                WHERE TRUE \(scope)
                """, arguments: arguments)
    }
}

extension MatchKey {
    /// `optout_match_key(title, artist)` in SQL.
    static let sqlFunction = DatabaseFunction("optout_match_key", argumentCount: 2, pure: true) { values in
        MatchKey.of(title: String.fromDatabaseValue(values[0]), artist: String.fromDatabaseValue(values[1]))
    }
}
