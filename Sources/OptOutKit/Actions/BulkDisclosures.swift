import GRDB
import GRDBSQLite

/// A reply's disclosures staged in a temporary table, `temp.disclosure_staging`, one row per
/// disclosed work in the file's order (`seq` from 0), validated, with the requested items each
/// leaves out and its keys: what `storeDisclosures` copies into each case it is recorded in.
///
/// Memory stays bounded however long the file: rows are streamed in through one prepared
/// statement, and superseding, matching and the case's state are worked out by SQLite, set-based.
struct StagedDisclosures {
    /// Rows staged.
    var count = 0
    /// Whether `temp.disclosure_next` holds, for each staged row a later row of the file
    /// supersedes, the `seq` of that row.
    fileprivate var superseding = false
    /// Whether the first row of each key is known (`temp.disclosure_first_*`), for superseding the
    /// case's earlier disclosures.
    fileprivate var firsts = false

    static let tables = [
        "disclosure_staging", "disclosure_next", "disclosure_first_isrc", "disclosure_first_work",
        "disclosure_first_match",
    ]

    /// The page caches while a reply's disclosures are written (KiB; SQLite's default is 2 MB): the
    /// rows go into six indexes, and with a small cache the same pages are spilled to the WAL and
    /// read back again and again. The main cache is enlarged only while the rows are inserted: a
    /// sort takes as much memory as the cache (and the windows that find superseding rows sort
    /// three times), so peak memory stays under 150 MB.
    static let insertCacheKiB = 64 << 10, tempCacheKiB = 8 << 10

    /// Enlarges the temporary tables' page cache; the closure returned restores both caches.
    static func enlargeCaches(_ db: Store) throws -> () -> Void {
        // A server sizes its own caches.
        if db.isServer { return {} }
        let main = try Int.fetchOne(db, sql: "PRAGMA main.cache_size") ?? -2000
        let temp = try Int.fetchOne(db, sql: "PRAGMA temp.cache_size") ?? -2000
        try db.execute(sql: "PRAGMA temp.cache_size = \(-tempCacheKiB)")
        return {
            try? db.execute(sql: "PRAGMA main.cache_size = \(main)")
            try? db.execute(sql: "PRAGMA temp.cache_size = \(temp)")
        }
    }

    /// Runs `body` with the main database's page cache enlarged, then restores it.
    static func withInsertCache<T>(_ db: Store, _ body: () throws -> T) throws -> T {
        if db.isServer { return try body() }
        let main = try Int.fetchOne(db, sql: "PRAGMA main.cache_size") ?? -2000
        try db.execute(sql: "PRAGMA main.cache_size = \(-insertCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA main.cache_size = \(main)") }
        return try body()
    }

    static func dropTables(_ db: Store) throws {
        for table in tables { try db.execute(sql: "DROP TABLE IF EXISTS temp.\(table)") }
    }
}

/// One staged value: text, a number, or NULL.
private enum StagedValue {
    case text(String)
    case number(Int64)
    case null
}

extension StagedValue {
    static func of(_ text: String?) -> StagedValue { text.map { .text($0) } ?? .null }
    static func of(_ number: Int64?) -> StagedValue { number.map { .number($0) } ?? .null }
}

/// The largest `seq`, standing for "no row" in `min(…)`.
private let noRow: Int64 = Int64.max

extension Tracker {
    /// Streams `source` into `temp.disclosure_staging`. Any bad row rejects the file: every bad line
    /// is reported (the first `CatalogFile.problemsKept` in full, the rest counted) and the caller's
    /// transaction is rolled back, so nothing is written.
    func stageDisclosures(_ db: Store, _ source: DisclosureFile.Source) throws -> StagedDisclosures {
        try StagedDisclosures.dropTables(db)
        try db.execute(
            sql: """
                CREATE TEMP TABLE disclosure_staging (
                    seq INTEGER PRIMARY KEY, title TEXT, artist TEXT, isrc TEXT, work_key TEXT, access_method TEXT,
                    copies_made INTEGER, copies_exist INTEGER, held_from TEXT, held_until TEXT, justification TEXT,
                    missing TEXT NOT NULL, match_key TEXT)
                """)
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO disclosure_staging (seq, title, artist, isrc, work_key, access_method, copies_made, copies_exist,
                                                held_from, held_until, justification, missing, match_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var staged = StagedDisclosures()
        let problems = try DisclosureFile.forEach(source) { _, input in
            let disclosure = Disclosure(
                replyId: 0, caseId: 0, title: input.title, artist: input.artist, isrc: input.isrc,
                workKey: input.title.flatMap { title in
                    input.artist.map { NameKey.of(title) + "\u{1F}" + NameKey.of($0) }
                },
                accessMethod: input.accessMethod, copiesMade: input.copiesMade, copiesExist: input.copiesExist,
                heldFrom: input.heldFrom, heldUntil: input.heldUntil, justification: input.justification,
                matchKey: MatchKey.of(title: input.title, artist: input.artist))
            try insertStaged(
                insert,
                [
                    .number(Int64(staged.count)), .of(disclosure.title), .of(disclosure.artist), .of(disclosure.isrc),
                    .of(disclosure.workKey), .of(disclosure.accessMethod?.rawValue),
                    .of(disclosure.copiesMade.map(Int64.init)),
                    .of(disclosure.copiesExist.map { $0 ? 1 : 0 }), .of(disclosure.heldFrom?.description),
                    .of(disclosure.heldUntil?.description), .of(disclosure.justification),
                    .text(disclosure.missingItems.map(\.rawValue).joined(separator: ",")), .of(disclosure.matchKey),
                ], db)
            staged.count += 1
        }
        if !problems.isEmpty {
            throw FileError.rejected(path: source.name, problems: problems.kept, more: problems.more)
        }
        return staged
    }

    /// Copies the staged disclosures into the case `caseId` as disclosures of `reply`, and returns
    /// the id of the first (the others follow it, in the file's order). `via` is the first id of
    /// the disclosures they repeat (an affiliate's copies of the recipient's).
    ///
    /// A disclosure supersedes the case's current disclosure of the same work (the same ISRC; else,
    /// where either lacks an ISRC, the same title and artist, as `work_key` or `match_key` has them),
    /// row by row in the file's order: so an earlier row of the file, or a current disclosure of an
    /// earlier reply, is superseded by the first later row of the file that names its work.
    func storeDisclosures(
        _ db: Store, _ staged: inout StagedDisclosures, reply: Int64, caseId: Int64,
        via: Int64?
    ) throws -> Int64 {
        let first = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM disclosure") ?? 0) + 1
        guard staged.count > 0 else { return first }
        try findSuperseding(db, &staged)
        let earlier =
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM disclosure WHERE case_id = ? AND superseded_by IS NULL)
                    """, arguments: [caseId]) ?? false
        let catalogue = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM work)") ?? false
        // The match in the catalogue (`matchDisclosures`'s rule): by ISRC, else by title and artist
        // (against compositions only when the disclosure's ISRC is not in the catalogue), the first
        // such work. Joined on the key, not on a subquery's result: a server evaluated that subquery
        // for every pair of rows (1,000,000 disclosures against 1,000,000 works never finished).
        let match =
            catalogue
            ? """
            COALESCE(wi.id, wt.id),
            CASE WHEN wi.id IS NOT NULL THEN 'isrc' WHEN wt.id IS NOT NULL THEN 'title-artist' ELSE 'unknown-work' END
            """
            : "NULL, NULL"
        let joins =
            catalogue
            ? """
            LEFT JOIN work wi ON wi.isrc = s.isrc
            LEFT JOIN work wt ON wi.id IS NULL AND wt.match_key = s.match_key AND (s.isrc IS NULL OR wt.isrc IS NULL)
                AND NOT EXISTS (
                    SELECT 1 FROM work w WHERE w.match_key = s.match_key AND (s.isrc IS NULL OR w.isrc IS NULL)
                    AND w.id < wt.id)
            """
            : ""
        // Inserted in the file's order, so the table's pages fill up: a row names its superseding
        // row before that row is written, and SQLite finds the rows waiting for each row it writes
        // through the index `disclosure_superseded_by` (schema version 8).
        try StagedDisclosures.withInsertCache(db) {
            try db.execute(
                sql: """
                    INSERT INTO disclosure (id, reply_id, case_id, title, artist, isrc, work_key, access_method, copies_made,
                                            copies_exist, held_from, held_until, justification, missing, superseded_by, match_key,
                                            work_id, matched_by, via_disclosure_id, command_id)
                    SELECT :first + s.seq, :reply, :case, s.title, s.artist, s.isrc, s.work_key, s.access_method, s.copies_made,
                           s.copies_exist, s.held_from, s.held_until, s.justification, s.missing, :first + n.next, s.match_key,
                           \(match), :via + s.seq, (SELECT MAX(id) FROM command)
                    FROM disclosure_staging s LEFT JOIN disclosure_next n ON n.seq = s.seq
                    \(joins)
                    ORDER BY s.seq
                    """, arguments: ["first": first, "reply": reply, "case": caseId, "via": via])
        }
        if earlier {
            try findFirsts(db, &staged)
            try db.execute(
                sql: """
                    UPDATE disclosure SET superseded_by = :first + m.next
                    FROM (SELECT d.id AS id,
                                 \(db.least)(coalesce(fi.seq, :none),
                                     coalesce(CASE WHEN d.isrc IS NULL THEN fw.any_seq ELSE fw.unnumbered_seq END, :none),
                                     coalesce(CASE WHEN d.isrc IS NULL THEN fm.any_seq ELSE fm.unnumbered_seq END, :none)) AS next
                          FROM disclosure d
                          LEFT JOIN disclosure_first_isrc fi ON fi.isrc = d.isrc
                          LEFT JOIN disclosure_first_work fw ON fw.key = d.work_key
                          LEFT JOIN disclosure_first_match fm ON fm.key = d.match_key
                          WHERE d.case_id = :case AND d.superseded_by IS NULL AND d.id < :first) m
                    WHERE disclosure.id = m.id AND m.next < :none
                    """, arguments: ["first": first, "case": caseId, "none": noRow])
        }
        return first
    }

    /// For each staged row, the first later row of the file that names its work: the same ISRC;
    /// else, where either lacks an ISRC, the same `work_key` or the same `match_key`.
    private func findSuperseding(_ db: Store, _ staged: inout StagedDisclosures) throws {
        guard !staged.superseding else { return }
        // `later_unnumbered`: the first later row of the same key that has no ISRC (all a row with
        // an ISRC can be superseded by through its title and artist).
        try db.execute(sql: "CREATE TEMP TABLE disclosure_next (seq INTEGER PRIMARY KEY, next INTEGER NOT NULL)")
        try db.execute(
            sql: """
                INSERT INTO disclosure_next (seq, next)
                SELECT seq, next FROM (
                    SELECT seq, \(db.least)(coalesce(by_isrc, :none), coalesce(by_work, :none), coalesce(by_match, :none)) AS next FROM (
                        SELECT seq,
                               CASE WHEN isrc IS NOT NULL THEN LEAD(seq) OVER (PARTITION BY isrc ORDER BY seq) END AS by_isrc,
                               CASE WHEN work_key IS NULL THEN NULL
                                    WHEN isrc IS NULL THEN LEAD(seq) OVER work
                                    ELSE MIN(CASE WHEN isrc IS NULL THEN seq END)
                                             OVER (work ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) END AS by_work,
                               CASE WHEN match_key IS NULL THEN NULL
                                    WHEN isrc IS NULL THEN LEAD(seq) OVER matching
                                    ELSE MIN(CASE WHEN isrc IS NULL THEN seq END)
                                             OVER (matching ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) END AS by_match
                        FROM disclosure_staging
                        WINDOW work AS (PARTITION BY work_key ORDER BY seq), matching AS (PARTITION BY match_key ORDER BY seq)
                    ) AS candidates
                ) AS earliest
                WHERE next < :none
                ORDER BY seq
                """, arguments: ["none": noRow])
        staged.superseding = true
    }

    /// The first staged row of each ISRC, `work_key` and `match_key` (and of each key, the first
    /// without an ISRC): the rows that supersede the case's earlier disclosures.
    private func findFirsts(_ db: Store, _ staged: inout StagedDisclosures) throws {
        guard !staged.firsts else { return }
        try db.execute(
            sql: """
                CREATE TEMP TABLE disclosure_first_isrc (isrc TEXT PRIMARY KEY, seq INTEGER NOT NULL);
                INSERT INTO disclosure_first_isrc SELECT isrc, MIN(seq) FROM disclosure_staging
                WHERE isrc IS NOT NULL GROUP BY isrc;
                CREATE TEMP TABLE disclosure_first_work (key TEXT PRIMARY KEY, any_seq INTEGER NOT NULL, unnumbered_seq INTEGER);
                INSERT INTO disclosure_first_work SELECT work_key, MIN(seq), MIN(CASE WHEN isrc IS NULL THEN seq END)
                FROM disclosure_staging WHERE work_key IS NOT NULL GROUP BY work_key;
                CREATE TEMP TABLE disclosure_first_match (key TEXT PRIMARY KEY, any_seq INTEGER NOT NULL, unnumbered_seq INTEGER);
                INSERT INTO disclosure_first_match SELECT match_key, MIN(seq), MIN(CASE WHEN isrc IS NULL THEN seq END)
                FROM disclosure_staging WHERE match_key IS NOT NULL GROUP BY match_key;
                """)
        staged.firsts = true
    }

    /// The case's current incomplete disclosures: the first `limit` of them, each as
    /// `work: item, item`, and how many there are in all.
    func missingWorks(_ db: Store, caseId: Int64, limit: Int) throws -> (listed: [String], count: Int) {
        let listed =
            try Disclosure
            .filter(Column("case_id") == caseId && Column("superseded_by") == nil && Column("missing") != "")
            .order(Column("id"))
            .limit(limit)
            .fetchAll(db)
            .map { "\($0.workLabel): \($0.missing.replacingOccurrences(of: ",", with: ", "))" }
        let count =
            listed.count < limit
            ? listed.count
            : try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM disclosure WHERE case_id = ? AND superseded_by IS NULL AND missing <> ''
                    """, arguments: [caseId]) ?? listed.count
        return (listed, count)
    }
}

extension Tracker {
    /// Binds `values` to the prepared staging insert and runs it, straight through SQLite's API:
    /// GRDB's arguments box every value of every row, which dominated a long file's staging.
    fileprivate func insertStaged(_ storeStatement: StoreStatement, _ values: [StagedValue], _ db: Store) throws {
        guard let statement = storeStatement.sqlite, let database = db.sqlite else {
            let bound = values.map { value -> DatabaseValue in
                switch value {
                case .text(let text): return text.databaseValue
                case .number(let number): return number.databaseValue
                case .null: return .null
                }
            }
            try storeStatement.runOnServer(bound, db)
            return
        }
        let sqlite = statement.sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch value {
            case .text(let text): code = sqlite3_bind_text(sqlite, index, text, -1, transient)
            case .number(let number): code = sqlite3_bind_int64(sqlite, index, number)
            case .null: code = sqlite3_bind_null(sqlite, index)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }
        let code = sqlite3_step(sqlite)
        sqlite3_reset(sqlite)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(database.sqliteConnection)))
        }
    }
}
