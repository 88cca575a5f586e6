import Foundation
import GRDB

/// The deadline of one case awaiting an answer.
public struct DueItem: Sendable {
    public var campaignId: Int64
    public var recipientId: Int64
    public var recipient: String
    public var campaign: String
    public var state: CaseState
    public var sentOn: Day?
    public var deadline: Day
    /// Days from the as-of date to the deadline (negative: overdue).
    public var daysLeft: Int
    /// How many events the case has: it only grows (an undo appends events too), so a calendar
    /// event's SEQUENCE taken from it rises whenever the case, and so perhaps its deadline, changes.
    public var revision: Int
    public var doNotContact: Bool
}

/// `optout due`: deadlines of cases awaiting an answer, soonest first.
public struct DueList: Sendable {
    public var asOf: Day
    public var items: [DueItem]

    public var listing: Listing {
        Listing(
            columns: ["recipient", "campaign", "state", "sent_on", "deadline", "days_left"],
            rows: items.map { item in
                [
                    .text(item.recipient), .text(item.campaign), .text(item.state.rawValue),
                    .text(item.sentOn?.description), .text(item.deadline.description), .number(item.daysLeft),
                ]
            })
    }
}

extension Tracker {
    /// The deadlines of cases awaiting an answer (`notified`, `acknowledged`, `incomplete`),
    /// soonest first; with `within`, only those on or before `asOf` + `within` days (overdue ones included).
    public func due(asOf: Day, within: Int?, campaign campaignName: String?) throws -> DueList {
        try read { db in
            let campaignId = try campaignName.map { try campaign($0, db).id } ?? nil
            let inCampaign: SQL = campaignId.map { "AND k.campaign_id = \($0)" } ?? ""
            let until: SQL = within.map { "AND k.deadline <= \(asOf.adding(days: $0))" } ?? ""
            let rows = try SQLRequest<Row>(
                literal: """
                    SELECT k.campaign_id, k.recipient_id, r.name AS recipient, c.name AS campaign, k.state, k.sent_on,
                           k.deadline, (SELECT COUNT(*) FROM event e WHERE e.case_id = k.id) AS revision,
                           EXISTS (SELECT 1 FROM do_not_contact x WHERE x.recipient_id = r.id) AS do_not_contact
                    FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
                    WHERE k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline IS NOT NULL
                      \(inCampaign) \(until)
                    ORDER BY k.deadline, r.name_key, c.id
                    """
            ).fetchCursor(db)
            var items: [DueItem] = []
            while let row = try rows.next() {
                let deadline = try row.decode(Day.self, forColumn: "deadline")
                items.append(
                    DueItem(
                        campaignId: try row.decode(Int64.self, forColumn: "campaign_id"),
                        recipientId: try row.decode(Int64.self, forColumn: "recipient_id"),
                        recipient: try row.decode(String.self, forColumn: "recipient"),
                        campaign: try row.decode(String.self, forColumn: "campaign"),
                        state: try row.decode(CaseState.self, forColumn: "state"),
                        sentOn: try row.decode(Day?.self, forColumn: "sent_on"), deadline: deadline,
                        daysLeft: deadline.days(since: asOf), revision: try row.decode(Int.self, forColumn: "revision"),
                        doNotContact: try row.decode(Bool.self, forColumn: "do_not_contact")))
            }
            return DueList(asOf: asOf, items: items)
        }
    }
}
