import Foundation
import GRDB

extension Tracker {
    /// Campaigns with their case counts by state and overdue on `asOf`.
    public func campaignListing(asOf: Day) throws -> Listing {
        try read { db in
            let campaigns = try Campaign.order(Column("id")).fetchAll(db)
            var counts: [Int64: [CaseState: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT campaign_id, state, COUNT(*) FROM \"case\" GROUP BY campaign_id, state") {
                counts[(try row.decode(atIndex: 0)), default: [:]][(try row.decode(CaseState.self, atIndex: 1))] = try row.decode(atIndex: 2)
            }
            let overdue = try overdue(db, asOf: asOf, campaignIds: campaigns.compactMap(\.id), category: nil)
            let columns = ["id", "name", "issuer", "category", "deadline", "requests", "template", "cases"]
                + CaseState.allCases.map(\.rawValue) + ["overdue"]
            let rows: [[Cell]] = campaigns.map { campaign in
                let byState = counts[campaign.id ?? 0] ?? [:]
                return [.number(campaign.id.map(Int.init)), .text(campaign.name), .text(campaign.issuer),
                        .text(campaign.category.rawValue), .text(campaign.deadlineRule), .text(campaign.requests.rawValue),
                        .text(campaign.template), .number(byState.values.reduce(0, +))]
                    + CaseState.allCases.map { .number(byState[$0] ?? 0) }
                    + [.number(overdue.filter { $0.campaign == campaign.name }.count)]
            }
            return Listing(columns: columns, rows: rows)
        }
    }

    /// Recipients, optionally only those of a category, or with a case in a state (in a campaign).
    public func recipientListing(category: Category? = nil, state: CaseState? = nil, campaign: String? = nil) throws -> Listing {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let category { conditions.append("r.category = ?"); arguments += [category] }
            if state != nil || campaign != nil {
                var caseConditions = ["k.recipient_id = r.id"]
                if let campaign { caseConditions.append("k.campaign_id = ?"); arguments += [try self.campaign(campaign, db).id] }
                if let state { caseConditions.append("k.state = ?"); arguments += [state] }
                conditions.append("EXISTS (SELECT 1 FROM \"case\" k WHERE \(caseConditions.joined(separator: " AND ")))")
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.id, r.name, r.category, r.country, r.email, r.contact, r.parent,
                       (SELECT group_concat(c.name || ': ' || k.state, '; ') FROM "case" k JOIN campaign c ON c.id = k.campaign_id
                        WHERE k.recipient_id = r.id) AS cases
                FROM recipient r \(filter) ORDER BY r.name_key
                """, arguments: arguments)
            return Listing(
                columns: ["id", "name", "category", "country", "email", "contact", "parent", "cases"],
                rows: try rows.map { row in
                    [.number(try row.decode(atIndex: 0)), .text(try row.decode(atIndex: 1)), .text(try row.decode(atIndex: 2)), .text(try row.decode(atIndex: 3)), .text(try row.decode(atIndex: 4)), .text(try row.decode(atIndex: 5)),
                     .text(try row.decode(atIndex: 6)), .text(try row.decode(atIndex: 7))]
                },
                widths: ["cases": Listing.wideCell])
        }
    }

    /// The events of a recipient's cases (in one campaign, or all), oldest first.
    public func history(recipient name: String, campaign: String? = nil) throws -> Listing {
        try read { db in
            let recipient = try recipient(name, db)
            var sql = """
                SELECT e.at, e.actor, c.name, e.action, e.from_state, e.to_state, e.on_date, e.note, e.id,
                       u.actor AS undone_by, u.at AS undone_at
                FROM event e JOIN "case" k ON k.id = e.case_id JOIN campaign c ON c.id = k.campaign_id
                LEFT JOIN event u ON u.undoes = e.id
                WHERE k.recipient_id = ?
                """
            var arguments: StatementArguments = [recipient.id]
            if let campaign { sql += " AND k.campaign_id = ?"; arguments += [try self.campaign(campaign, db).id] }
            sql += " ORDER BY e.id"
            return Listing(
                columns: ["at", "actor", "campaign", "action", "from_state", "to_state", "date", "note", "event",
                          "undone_by", "undone_at"],
                rows: try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    try (0..<8).map { .text(try row.decode(atIndex: $0)) } + [.number(try row.decode(atIndex: 8)), .text(try row.decode(atIndex: 9)), .text(try row.decode(atIndex: 10))]
                },
                widths: ["note": Listing.wideCell])
        }
    }

    /// Overdue cases as a listing.
    public func overdueListing(asOf: Day, campaign: String? = nil, category: Category? = nil) throws -> Listing {
        let cases = try overdue(asOf: asOf, campaign: campaign, category: category)
        return Listing(
            columns: ["recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue"],
            rows: cases.map {
                [.text($0.recipient), .number(Int($0.recipientId)), .text($0.category.rawValue), .text($0.campaign),
                 .text($0.state.rawValue), .text($0.sentOn?.description), .text($0.deadline.description), .number($0.daysOverdue)]
            })
    }
}
