import GRDB

extension Tracker {
    /// The catalogue section of the status report, for the cases of `campaignIds`.
    /// `current`, when given, holds the matches of the current disclosures (read with the report's totals).
    func catalogueStatus(_ db: Store, campaignIds: [Int64], current figures: CurrentDisclosures? = nil) throws
        -> CatalogueStatus
    {
        /// The current disclosures of the campaigns' cases, `joining` another table.
        func current(joining join: SQL = "") -> SQL {
            """
            FROM disclosure d JOIN "case" k ON k.id = d.case_id \(join)
            WHERE d.superseded_by IS NULL AND \(SharedSQL.inCampaigns(campaignIds))
            """
        }
        // Every campaign's cases hold every disclosure: the figures that need no case read the disclosures alone.
        let allCampaigns = try campaignIds.count == Campaign.fetchCount(db)
        let currentOnly: SQL = allCampaigns ? "FROM disclosure d WHERE d.superseded_by IS NULL" : current()
        var status = CatalogueStatus(
            worksOwned: try Work.fetchCount(db), worksDisclosed: 0, matchedByISRC: 0,
            matchedByTitleArtist: 0, unknownWorks: 0, unknownWorkDisclosures: 0,
            mostDisclosed: [], copiesStillHeld: [])
        status.worksDisclosed = try SQLRequest<Int>("SELECT COUNT(DISTINCT d.work_id) \(currentOnly)").fetchOne(db) ?? 0
        if let figures {
            status.matchedByISRC = figures.matchedByISRC
            status.matchedByTitleArtist = figures.matchedByTitleArtist
            status.unknownWorkDisclosures = figures.unknownWorkDisclosures
            status.unknownWorks = figures.unknownWorks
        }
        if figures == nil {
            let matches = try MatchCounts.fetch(db, currentOnly)
            status.matchedByISRC = matches.isrc
            status.matchedByTitleArtist = matches.titleArtist
            status.unknownWorkDisclosures = matches.unknownWork
            status.unknownWorks =
                try SQLRequest<Int>(
                    """
                    SELECT COUNT(DISTINCT COALESCE(d.isrc, d.match_key, 'disclosure ' || d.id)) \(currentOnly) AND d.matched_by = 'unknown-work'
                    """
                ).fetchOne(db) ?? 0
        }
        status.mostDisclosed = try SQLRequest<Row>(
            """
            SELECT w.id AS work_id, w.title, w.artist, w.isrc, w.iswc, COUNT(DISTINCT k.recipient_id) AS recipients,
                   \(SharedSQL.copiesMade) AS copies, \(SharedSQL.copiesStillHeld) AS held
            \(current(joining: "JOIN work w ON w.id = d.work_id"))
            GROUP BY w.id ORDER BY recipients DESC, held DESC, copies DESC, w.title, w.id LIMIT 10
            """
        ).fetchAll(db).map { row in
            CatalogueStatus.DisclosedWork(
                workId: try row.decode(forColumn: "work_id"), title: try row.decode(forColumn: "title"),
                artist: try row.decode(forColumn: "artist"), isrc: try row.decode(forColumn: "isrc"),
                iswc: try row.decode(forColumn: "iswc"), recipients: try row.decode(forColumn: "recipients"),
                copies: try row.decode(forColumn: "copies"), copiesStillHeld: try row.decode(forColumn: "held"))
        }
        // Who still holds copies: most first, each firm's subsidiaries beneath it (`CopiesHeldOrder`).
        status.copiesStillHeld = CopiesHeldOrder.ordered(
            try SQLRequest<CopiesHeldOrder.Holder>(
                """
                SELECT r.id, r.name, r.parent, r.name_key, COUNT(*) AS works, \(SharedSQL.copiesMade) AS copies
                \(current(joining: "JOIN recipient r ON r.id = k.recipient_id"))
                  AND d.copies_exist = 1
                GROUP BY r.id ORDER BY r.name_key
                """
            ).fetchAll(db))
        return status
    }

    /// The rights-holder's works that were disclosed (current disclosures matched to the
    /// catalogue), the work disclosed by most recipients first: who disclosed it, the copies they
    /// reported, the copies still held and by whom, and how they got it.
    ///
    /// Copies are counted once per statement: a disclosure an affiliate's case repeats from its
    /// parent's reply (`reply --covers`) names the affiliate, but its copies are the parent's,
    /// already counted (unless the parent's disclosure was since superseded).
    public func worksListing(campaign: String? = nil) throws -> Listing {
        try collect(worksQuery(campaign: campaign))
    }

    /// `worksListing`, written to `sink` in `format` as it is read.
    public func writeWorksListing(campaign: String? = nil, as format: OutputFormat, to sink: @escaping TextSink) throws
    {
        try stream(worksQuery(campaign: campaign), as: format, to: sink)
    }

    func worksQuery(campaign: String?) -> ListingQuery {
        ListingQuery(
            columns: [
                "work_id", "title", "artist", "isrc", "iswc", "owner", "recipients", "copies", "copies_still_held",
                "access_methods", "disclosed_by", "still_held_by",
            ],
            widths: [
                "access_methods": Listing.wideCell, "disclosed_by": Listing.wideCell, "still_held_by": Listing.wideCell,
            ]
        ) { db, body in
            let filter = try self.andInCampaign(campaign, db)
            // Who disclosed each work (by name), whether they still hold copies, and how they got
            // it: read work by work, as each work's row is written.
            // Prepared once, its first argument (the work) bound work by work, then the filter's.
            let (disclosersSQL, filterArguments) = try SQL(
                """
                SELECT r.id AS recipient_id, r.name, d.copies_exist = 1 AS held, d.access_method
                FROM disclosure d JOIN "case" k ON k.id = d.case_id JOIN recipient r ON r.id = k.recipient_id
                WHERE d.work_id = ? AND d.superseded_by IS NULL \(filter)
                ORDER BY r.name_key, r.id
                """
            ).build(db.compiler)
            let disclosers = try db.makeStatement(sql: disclosersSQL)
            let works = try SQLRequest<Row>(
                """
                SELECT w.id, w.title, w.artist, w.isrc, w.iswc, w.owner, COUNT(DISTINCT k.recipient_id) AS recipients,
                       \(SharedSQL.copiesMade) AS copies, \(SharedSQL.copiesStillHeld) AS held
                FROM disclosure d JOIN "case" k ON k.id = d.case_id JOIN work w ON w.id = d.work_id
                WHERE d.superseded_by IS NULL AND d.work_id IS NOT NULL \(filter)
                GROUP BY w.id ORDER BY recipients DESC, held DESC, copies DESC, w.title, w.id
                """
            ).fetchCursor(db)
            while let row = try works.next() {
                let id: Int64 = try row.decode(forColumn: "id")
                var disclosedBy: [String] = []
                var heldBy: [String] = []
                var methods: Set<AccessMethod> = []
                var last: Int64?
                var lastHeld = false
                let named = try Row.fetchCursor(disclosers, arguments: [id] + filterArguments)
                while let disclosure = try named.next() {
                    let recipientId: Int64 = try disclosure.decode(forColumn: "recipient_id")
                    let name: String = try disclosure.decode(forColumn: "name")
                    let held = try disclosure.decode(Bool?.self, forColumn: "held") == true
                    if recipientId != last {
                        disclosedBy.append(name)
                        last = recipientId
                        lastHeld = false
                    }
                    if held && !lastHeld {
                        heldBy.append(name)
                        lastHeld = true
                    }
                    if let method = try disclosure.decode(AccessMethod?.self, forColumn: "access_method") {
                        methods.insert(method)
                    }
                }
                let used = AccessMethod.allCases.filter { methods.contains($0) }.map(\.rawValue)
                try body([
                    .number(Int(id)), .text(try row.decode(forColumn: "title")),
                    .text(try row.decode(forColumn: "artist")), .text(try row.decode(forColumn: "isrc")),
                    .text(try row.decode(String?.self, forColumn: "iswc").map(Validation.formattedISWC)),
                    .text(try row.decode(forColumn: "owner")), .number(try row.decode(forColumn: "recipients")),
                    .number(try row.decode(forColumn: "copies")), .number(try row.decode(forColumn: "held")),
                    .text(used.joined(separator: ", ")),
                    .text(disclosedBy.isEmpty ? nil : disclosedBy.joined(separator: "; ")),
                    .text(heldBy.isEmpty ? nil : heldBy.joined(separator: "; ")),
                ])
            }
        }
    }

    /// A recipient's disclosures (in one campaign, or all), oldest first, each with its match in
    /// the catalogue; superseded ones too, marked.
    public func disclosureListing(recipient name: String, campaign: String? = nil) throws -> Listing {
        try collect(disclosureQuery(recipient: name, campaign: campaign))
    }

    /// `disclosureListing`, written to `sink` in `format` as it is read.
    public func writeDisclosureListing(
        recipient name: String, campaign: String? = nil, as format: OutputFormat,
        to sink: @escaping TextSink
    ) throws {
        try stream(disclosureQuery(recipient: name, campaign: campaign), as: format, to: sink)
    }

    func disclosureQuery(recipient name: String, campaign: String?) -> ListingQuery {
        ListingQuery(
            columns: [
                "campaign", "received_on", "title", "artist", "isrc", "access_method", "copies_made", "copies_exist",
                "held_from", "held_until", "missing", "status", "match", "work_id", "catalogue_work", "through",
            ],
            widths: ["missing": Listing.wideCell, "catalogue_work": Listing.wideCell]
        ) { db, body in
            let recipient = try self.recipient(name, db)
            let inCampaign = try self.andInCampaign(campaign, db)
            let rows = try SQLRequest<Row>(
                """
                SELECT c.name AS campaign, p.received_on, d.title, d.artist, d.isrc, d.access_method, d.copies_made,
                       CASE d.copies_exist WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END AS copies_exist,
                       d.held_from, d.held_until, REPLACE(d.missing, ',', ', ') AS missing,
                       CASE WHEN d.superseded_by IS NULL THEN 'current' ELSE 'superseded' END AS status,
                       d.matched_by, d.work_id, w.title AS work_title, w.artist AS work_artist,
                       w.isrc AS work_isrc, pr.name AS through
                FROM disclosure d JOIN reply p ON p.id = d.reply_id JOIN "case" k ON k.id = d.case_id
                     JOIN campaign c ON c.id = k.campaign_id
                     LEFT JOIN work w ON w.id = d.work_id
                     LEFT JOIN reply vp ON vp.id = p.via_reply_id LEFT JOIN "case" vk ON vk.id = vp.case_id
                     LEFT JOIN recipient pr ON pr.id = vk.recipient_id
                WHERE k.recipient_id = \(recipient.id) \(inCampaign)
                ORDER BY c.id, p.received_on, d.id
                """
            ).fetchCursor(db)
            let before = ["campaign", "received_on", "title", "artist", "isrc", "access_method"]
            let after = ["copies_exist", "held_from", "held_until", "missing", "status", "matched_by"]
            while let row = try rows.next() {
                var work: String?
                if let title = try row.decode(String?.self, forColumn: "work_title"),
                    let artist = try row.decode(String?.self, forColumn: "work_artist")
                {
                    work =
                        "\(title) — \(artist)"
                        + (try row.decode(String?.self, forColumn: "work_isrc").map { " (\($0))" } ?? "")
                }
                try body(
                    try before.map { Cell.text(try row.decode(forColumn: $0)) }
                        + [.number(try row.decode(forColumn: "copies_made"))]
                        + after.map { Cell.text(try row.decode(forColumn: $0)) }
                        + [
                            .number(try row.decode(Int64?.self, forColumn: "work_id").map(Int.init)), .text(work),
                            .text(try row.decode(forColumn: "through")),
                        ])
            }
        }
    }
}
