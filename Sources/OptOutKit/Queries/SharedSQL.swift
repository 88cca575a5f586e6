import GRDB

/// The SQL fragments several queries share, written once as GRDB `SQL` literals: they compose by
/// interpolation (`"SELECT \(SharedSQL.copiesMade) FROM …"`), and every value in them is bound,
/// never spliced into the text.
enum SharedSQL {
    /// Whether disclosure `d`'s copies count: not a repeat, in an affiliate's case, of a parent's
    /// disclosure that is still current (the parent's counts them).
    static let ownCopies: SQL = """
        (d.via_disclosure_id IS NULL
         OR NOT EXISTS (SELECT 1 FROM disclosure s WHERE s.id = d.via_disclosure_id AND s.superseded_by IS NULL))
        """

    /// The copies the disclosures `d` of a group made, each counted once (`ownCopies`).
    static let copiesMade: SQL = "COALESCE(SUM(CASE WHEN \(ownCopies) THEN d.copies_made END), 0)"

    /// Of `copiesMade`, those the disclosures say still exist.
    static let copiesStillHeld: SQL =
        "COALESCE(SUM(CASE WHEN \(ownCopies) AND d.copies_exist = 1 THEN d.copies_made END), 0)"

    /// Whether case `k` belongs to one of the campaigns `ids` (bound, one `?` each).
    static func inCampaigns(_ ids: [Int64]) -> SQL { "k.campaign_id IN \(ids)" }

    /// Whether case `k` belongs to the campaign `id` (bound).
    static func inCampaign(_ id: Int64?) -> SQL { "k.campaign_id = \(id)" }
}

extension Tracker {
    /// `AND` the case `k` belongs to the campaign named `name` (found by name or id, else an
    /// error naming the known ones); nothing when no campaign is named.
    func andInCampaign(_ name: String?, _ db: Store) throws -> SQL {
        guard let name else { return "" }
        return "AND \(SharedSQL.inCampaign(try campaign(name, db).id))"
    }
}

/// Disclosures counted by how each was matched to the catalogue (the one place that reads
/// `matched_by` counts: the catalogue import's summary and the report's catalogue section).
struct MatchCounts: Equatable {
    var isrc = 0
    var titleArtist = 0
    var unknownWork = 0

    /// Counts the disclosures `d` that `source` (a `FROM … WHERE …` clause) selects.
    static func fetch(_ db: Store, _ source: SQL) throws -> MatchCounts {
        var counts = MatchCounts()
        let rows = try SQLRequest<Row>(
            "SELECT d.matched_by AS method, COUNT(*) AS count \(source) GROUP BY d.matched_by"
        )
        .fetchCursor(db)
        while let row = try rows.next() {
            let count = try row.decode(Int.self, forColumn: "count")
            switch try row.decode(MatchMethod?.self, forColumn: "method") {
            case .isrc: counts.isrc = count
            case .titleArtist: counts.titleArtist = count
            case .unknownWork: counts.unknownWork = count
            case nil: break
            }
        }
        return counts
    }
}
