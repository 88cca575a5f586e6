import Foundation
import GRDB

/// A listing read from the database row by row: its columns, and how to read its rows in order.
/// `Tracker.stream` writes the rows as they are read; `Tracker.collect` gathers them (tests, demo).
struct ListingQuery {
    var columns: [String]
    var widths: [String: Int] = [:]
    /// Reads the rows in order, calling the body with each; may be run twice (a table's first pass).
    var rows: (Store, ([Cell]) throws -> Void) throws -> Void
}

extension Tracker {
    /// Every row of `query`, in memory.
    func collect(_ query: ListingQuery) throws -> Listing {
        var rows: [[Cell]] = []
        try read { db in try query.rows(db) { rows.append($0) } }
        return Listing(columns: query.columns, rows: rows, widths: query.widths)
    }

    /// Writes `query`'s rows in `format` to `sink` as they are read, in one read transaction; a
    /// table reads them twice (its column widths first). When there is no row and `emptyTable` is
    /// given, a table is that text instead. Returns the number of rows.
    @discardableResult
    func stream(_ query: ListingQuery, as format: OutputFormat, to sink: @escaping TextSink, emptyTable: String? = nil)
        throws -> Int
    {
        try read { db in
            var writer = ListingWriter(
                columns: query.columns, widths: query.widths, format: format, sink: sink, fitting: tableWidth)
            if writer.needsWidths {
                var measured = 0
                try query.rows(db) {
                    writer.measure($0)
                    measured += 1
                }
                if measured == 0, let emptyTable {
                    try sink(emptyTable)
                    return 0
                }
            }
            try query.rows(db) { try writer.write($0) }
            try writer.finish()
            return writer.count
        }
    }

    /// Campaigns with their case counts by state and overdue on `asOf`.
    public func campaignListing(asOf: Day) throws -> Listing {
        try read { db in
            let campaigns = try Campaign.order(Column("id")).fetchAll(db)
            var counts: [Int64: [CaseState: Int]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT campaign_id, state, COUNT(*) AS count FROM \"case\" GROUP BY campaign_id, state")
            {
                let state = try row.decode(CaseState.self, forColumn: "state")
                counts[try row.decode(forColumn: "campaign_id"), default: [:]][state] = try row.decode(
                    forColumn: "count")
            }
            // Each overdue case read (its stored dates checked), counted, not kept.
            var overdueCounts: [Int64: Int] = [:]
            let ids = Dictionary(
                campaigns.compactMap { campaign in campaign.id.map { (campaign.name, $0) } },
                uniquingKeysWith: { a, _ in a })
            try overdue(db, asOf: asOf, campaignIds: campaigns.compactMap(\.id), category: nil) { item in
                if let id = ids[item.campaign] { overdueCounts[id, default: 0] += 1 }
            }
            let columns =
                ["id", "name", "issuer", "category", "deadline", "requests", "template", "cases"]
                + CaseState.allCases.map(\.rawValue) + ["overdue", "follow_up"]
            let ladders = try followUpLadders(db)
            let rows: [[Cell]] = campaigns.map { campaign in
                let byState = counts[campaign.id ?? 0] ?? [:]
                return [
                    .number(campaign.id.map(Int.init)), .text(campaign.name), .text(campaign.issuer),
                    .text(campaign.category.rawValue), .text(campaign.deadlineRule), .text(campaign.requests.rawValue),
                    .text(campaign.template), .number(byState.values.reduce(0, +)),
                ]
                    + CaseState.allCases.map { .number(byState[$0] ?? 0) }
                    + [.number(overdueCounts[campaign.id ?? 0] ?? 0)]
                    + [.text(ladders[campaign.id ?? 0]?.summary)]
            }
            return Listing(columns: columns, rows: rows)
        }
    }

    /// Recipients, optionally only those of a category, or with a case in a state (in a campaign).
    /// With `doNotContact`, a last column says whether each is marked do-not-contact.
    public func recipientListing(
        category: Category? = nil, state: CaseState? = nil, campaign: String? = nil, doNotContact: Bool = false
    ) throws -> Listing {
        try collect(recipientQuery(category: category, state: state, campaign: campaign, doNotContact: doNotContact))
    }

    /// `recipientListing`, written to `sink` in `format` as it is read.
    public func writeRecipientListing(
        category: Category? = nil, state: CaseState? = nil, campaign: String? = nil, doNotContact: Bool = false,
        as format: OutputFormat, to sink: @escaping TextSink
    ) throws {
        try stream(
            recipientQuery(category: category, state: state, campaign: campaign, doNotContact: doNotContact),
            as: format, to: sink)
    }

    /// With `doNotContact`, a last column says whether the recipient is marked do-not-contact
    /// (`recipient list` adds it to CSV and JSON; a table on a terminal keeps its columns).
    func recipientQuery(category: Category?, state: CaseState?, campaign: String?, doNotContact: Bool = false)
        -> ListingQuery
    {
        ListingQuery(
            columns: ["id", "name", "category", "country", "email", "contact", "parent", "cases"]
                + (doNotContact ? ["do_not_contact"] : []),
            widths: ["cases": Listing.wideCell]
        ) { db, body in
            var conditions: [SQL] = []
            if let category { conditions.append("r.category = \(category)") }
            if state != nil || campaign != nil {
                var caseConditions: [SQL] = ["k.recipient_id = r.id"]
                if let campaign { caseConditions.append(SharedSQL.inCampaign(try self.campaign(campaign, db).id)) }
                if let state { caseConditions.append("k.state = \(state)") }
                conditions.append("EXISTS (SELECT 1 FROM \"case\" k WHERE \(caseConditions.joined(operator: .and)))")
            }
            let filter: SQL = conditions.isEmpty ? "" : "WHERE \(conditions.joined(operator: .and))"
            let rows = try SQLRequest<Row>(
                """
                SELECT r.id, r.name, r.category, r.country, r.email, r.contact, r.parent,
                       (SELECT group_concat(c.name || ': ' || k.state, '; ') FROM "case" k JOIN campaign c ON c.id = k.campaign_id
                        WHERE k.recipient_id = r.id) AS cases,
                       EXISTS (SELECT 1 FROM do_not_contact d WHERE d.recipient_id = r.id) AS do_not_contact
                FROM recipient r \(filter) ORDER BY r.name_key
                """
            ).fetchCursor(db)
            while let row = try rows.next() {
                var cells: [Cell] = [
                    .number(try row.decode(forColumn: "id")), .text(try row.decode(forColumn: "name")),
                    .text(try row.decode(forColumn: "category")), .text(try row.decode(forColumn: "country")),
                    .text(try row.decode(forColumn: "email")), .text(try row.decode(forColumn: "contact")),
                    .text(try row.decode(forColumn: "parent")), .text(try row.decode(forColumn: "cases")),
                ]
                if doNotContact {
                    let marked: Bool = try row.decode(forColumn: "do_not_contact")
                    cells.append(.text(marked ? "yes" : "no"))
                }
                try body(cells)
            }
        }
    }

    /// The events of a recipient's cases (in one campaign, or all), oldest first.
    public func history(recipient name: String, campaign: String? = nil) throws -> Listing {
        try collect(historyQuery(recipient: name, campaign: campaign))
    }

    /// `history`, written to `sink` in `format` as it is read.
    public func writeHistory(
        recipient name: String, campaign: String? = nil, as format: OutputFormat, to sink: @escaping TextSink
    ) throws {
        try stream(historyQuery(recipient: name, campaign: campaign), as: format, to: sink)
    }

    func historyQuery(recipient name: String, campaign: String?) -> ListingQuery {
        ListingQuery(
            columns: [
                "at", "actor", "campaign", "action", "from_state", "to_state", "date", "note", "event",
                "undone_by", "undone_at",
            ],
            widths: ["note": Listing.wideCell]
        ) { db, body in
            let recipient = try self.recipient(name, db)
            // The event undoing another is appended to the same case, after it (`undo`), so it is
            // found through event_case; `u.undoes = e.id` alone has no index and made SQLite build
            // one over every event of the database for each history (0.38 s at 1,000,000 events).
            let inCampaign = try self.andInCampaign(campaign, db)
            let rows = try SQLRequest<Row>(
                """
                SELECT e.at, e.actor, c.name AS campaign, e.action, e.from_state, e.to_state, e.on_date, e.note,
                       e.id AS event, u.actor AS undone_by, u.at AS undone_at
                FROM event e JOIN "case" k ON k.id = e.case_id JOIN campaign c ON c.id = k.campaign_id
                LEFT JOIN event u ON u.case_id = e.case_id AND u.id > e.id AND u.undoes = e.id
                WHERE k.recipient_id = \(recipient.id) \(inCampaign)
                ORDER BY e.id
                """
            ).fetchCursor(db)
            let texts = ["at", "actor", "campaign", "action", "from_state", "to_state", "on_date", "note"]
            while let row = try rows.next() {
                try body(
                    try texts.map { .text(try row.decode(forColumn: $0)) }
                        + [
                            .number(try row.decode(forColumn: "event")), .text(try row.decode(forColumn: "undone_by")),
                            .text(try row.decode(forColumn: "undone_at")),
                        ])
            }
        }
    }

    /// Overdue cases as a listing.
    public func overdueListing(asOf: Day, campaign: String? = nil, category: Category? = nil) throws -> Listing {
        try collect(overdueQuery(asOf: asOf, campaign: campaign, category: category))
    }

    /// `overdueListing`, written to `sink` in `format` as it is read; a table with no row is
    /// `emptyTable` when given. Returns the number of overdue cases.
    @discardableResult
    public func writeOverdueListing(
        asOf: Day, campaign: String? = nil, category: Category? = nil,
        as format: OutputFormat, to sink: @escaping TextSink, emptyTable: String? = nil
    ) throws -> Int {
        // JSON, the format programs read, is written straight from SQLite's bytes (100,000 rows).
        if format == .json { return try writeOverdueJSON(asOf: asOf, campaign: campaign, category: category, to: sink) }
        return try stream(
            overdueQuery(asOf: asOf, campaign: campaign, category: category), as: format, to: sink,
            emptyTable: emptyTable)
    }

    func overdueQuery(asOf: Day, campaign: String?, category: Category?) -> ListingQuery {
        ListingQuery(columns: [
            "recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue",
        ]) { db, body in
            let campaignIds = try self.campaigns(campaign, db).compactMap(\.id)
            try self.overdue(db, asOf: asOf, campaignIds: campaignIds, category: category) { item in
                try body([
                    .text(item.recipient), .number(Int(item.recipientId)), .text(item.category.rawValue),
                    .text(item.campaign),
                    .text(item.state.rawValue), .text(item.sentOn?.description), .text(item.deadline.description),
                    .number(item.daysOverdue),
                ])
            }
        }
    }
}
