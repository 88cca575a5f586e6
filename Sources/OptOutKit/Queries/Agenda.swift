import Foundation
import GRDB

/// What an agenda row asks for.
public enum AgendaKind: String, Sendable, CaseIterable {
    /// A reminder to send: the latest due step of the ladder not yet done.
    case remind
    /// An escalation due by the ladder.
    case escalate
    /// A deadline within the next `Agenda.deadlineWindow` days.
    case deadline
    /// Incomplete disclosures awaiting review.
    case review
}

/// One thing to do on the agenda's day.
public struct AgendaItem: Sendable {
    public var kind: AgendaKind
    public var caseId: Int64
    public var recipientId: Int64
    public var recipient: String
    public var campaignId: Int64
    public var campaign: String
    public var state: CaseState
    public var deadline: Day?
    /// The ladder step, in days from the deadline (negative: before it), for reminders and escalations.
    public var offset: Int?
    /// The step in words.
    public var step: String
    /// Since when the row is due (the step's day; for a deadline, the day it came within the window;
    /// for a review, the reply's day).
    public var dueSince: Day

    /// The note of the escalate event `agenda run` writes: it names the step and the deadline.
    var eventNote: String {
        "follow-up: \(FollowUpLadder.escalationStep(offset: offset ?? 0).replacingOccurrences(of: "the deadline", with: "deadline")) \(deadline?.description ?? "")"
    }
}

/// What is due on a day.
public struct Agenda: Sendable {
    public var asOf: Day
    public var items: [AgendaItem]
    /// Reminders due to do-not-contact recipients: left out of `items`.
    public var skippedDoNotContact: Int

    /// How many days ahead a deadline shows on the agenda.
    public static let deadlineWindow = 7

    /// The agenda as a listing: kind, recipient, campaign, state, deadline, step, due since.
    public var listing: Listing {
        Listing(
            columns: ["kind", "recipient", "campaign", "state", "deadline", "step", "due_since"],
            rows: items.map { item in
                [
                    .text(item.kind.rawValue), .text(item.recipient), .text(item.campaign), .text(item.state.rawValue),
                    .text(item.deadline?.description), .text(item.step), .text(item.dueSince.description),
                ]
            })
    }
}

extension Tracker {
    /// What is due on `asOf` (in one campaign, or every one).
    public func agenda(asOf: Day, campaign campaignName: String?) throws -> Agenda {
        try read { db in
            let campaignId = try campaignName.map { try campaign($0, db).id }
            return try agenda(db, asOf: asOf, campaignId: campaignId ?? nil)
        }
    }

    /// The agenda, by four set-based queries (one per kind), each ordered by due date then name.
    ///
    /// A reminder is due for a case awaiting an answer when the latest reminder step of its ladder
    /// whose day (deadline + offset) is on or before `asOf`, and after the notice, has no reminder
    /// logged for the case's current deadline on or after that day: days missed are caught up with
    /// one letter, a reminder logged by hand counts, an extension (a new deadline) starts a new
    /// ladder, and a reply that ends the wait ends it. A case whose escalation is due gets the
    /// escalation, not a reminder as well.
    func agenda(_ db: Store, asOf: Day, campaignId: Int64?) throws -> Agenda {
        let awaiting: SQL = "k.state IN ('notified', 'acknowledged', 'incomplete')"
        let inCampaign: SQL = campaignId.map { "AND k.campaign_id = \($0)" } ?? ""
        let datesFit: SQL = "k.sent_on <= \(asOf) AND (k.last_reply_on IS NULL OR k.last_reply_on <= \(asOf))"
        let escalationDue: SQL = """
            EXISTS (SELECT 1 FROM follow_up_step e WHERE e.campaign_id = k.campaign_id AND e.kind = 'escalate'
                    AND \(sql: db.date("k.deadline", plusDays: "e.offset_days")) <= \(asOf))
            """
        let columns: SQL = """
            k.id AS case_id, r.id AS recipient_id, r.name AS recipient, c.id AS campaign_id, c.name AS campaign,
            k.state AS state, k.deadline AS deadline
            """
        let doNotContact: SQL = "EXISTS (SELECT 1 FROM do_not_contact x WHERE x.recipient_id = r.id)"
        var items: [AgendaItem] = []
        var skipped = 0

        let reminders = try SQLRequest<Row>(
            literal: """
                SELECT \(columns), d.offset_days AS offset_days,
                       \(sql: db.date("k.deadline", plusDays: "d.offset_days")) AS due_since, \(doNotContact) AS do_not_contact
                FROM (SELECT k.id AS case_id, MAX(s.offset_days) AS offset_days
                      FROM "case" k JOIN follow_up_step s ON s.campaign_id = k.campaign_id AND s.kind = 'remind'
                      WHERE \(awaiting) \(inCampaign) AND k.deadline IS NOT NULL
                        AND \(sql: db.date("k.deadline", plusDays: "s.offset_days")) <= \(asOf)
                        AND \(sql: db.date("k.deadline", plusDays: "s.offset_days")) > k.sent_on
                      GROUP BY k.id) d
                JOIN "case" k ON k.id = d.case_id
                JOIN recipient r ON r.id = k.recipient_id
                JOIN campaign c ON c.id = k.campaign_id
                WHERE \(datesFit) AND NOT \(escalationDue)
                  AND NOT EXISTS (SELECT 1 FROM notice n
                                  WHERE n.case_id = k.id AND n.kind = 'reminder' AND n.deadline = k.deadline
                                    AND n.sent_on >= \(sql: db.date("k.deadline", plusDays: "d.offset_days")))
                ORDER BY due_since, r.name_key
                """
        ).fetchCursor(db)
        while let row = try reminders.next() {
            if try row.decode(Bool.self, forColumn: "do_not_contact") {
                skipped += 1
                continue
            }
            let offset = try row.decode(Int.self, forColumn: "offset_days")
            items.append(
                try item(row, kind: .remind, offset: offset, step: FollowUpLadder.reminderStep(offset: offset)))
        }

        let escalations = try SQLRequest<Row>(
            literal: """
                SELECT \(columns), e.offset_days AS offset_days,
                       \(sql: db.date("k.deadline", plusDays: "e.offset_days")) AS due_since
                FROM "case" k JOIN follow_up_step e ON e.campaign_id = k.campaign_id AND e.kind = 'escalate'
                JOIN recipient r ON r.id = k.recipient_id
                JOIN campaign c ON c.id = k.campaign_id
                WHERE \(awaiting) \(inCampaign) AND k.deadline IS NOT NULL AND \(datesFit)
                  AND \(sql: db.date("k.deadline", plusDays: "e.offset_days")) <= \(asOf)
                ORDER BY due_since, r.name_key
                """
        ).fetchCursor(db)
        while let row = try escalations.next() {
            let offset = try row.decode(Int.self, forColumn: "offset_days")
            items.append(
                try item(row, kind: .escalate, offset: offset, step: FollowUpLadder.escalationStep(offset: offset)))
        }

        let windowEnd = asOf.adding(days: Agenda.deadlineWindow)
        let windowStart = db.date("k.deadline", plusDays: "\(-Agenda.deadlineWindow)")
        let deadlines = try SQLRequest<Row>(
            literal: """
                SELECT \(columns), CASE WHEN k.sent_on > \(sql: windowStart) THEN k.sent_on ELSE \(sql: windowStart) END
                       AS due_since
                FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
                WHERE \(awaiting) \(inCampaign) AND k.deadline >= \(asOf) AND k.deadline <= \(windowEnd)
                ORDER BY k.deadline, r.name_key
                """
        ).fetchCursor(db)
        while let row = try deadlines.next() {
            let deadline = try row.decode(Day.self, forColumn: "deadline")
            let left = deadline.days(since: asOf)
            let step =
                left == 0 ? "deadline today" : "deadline in \(left) day\(left == 1 ? "" : "s")"
            items.append(try item(row, kind: .deadline, offset: nil, step: step))
        }

        let reviews = try SQLRequest<Row>(
            literal: """
                SELECT \(columns), k.last_reply_on AS due_since
                FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
                WHERE k.state = 'incomplete' \(inCampaign) AND k.last_reply_on IS NOT NULL
                  AND k.last_reply_on <= \(asOf)
                ORDER BY k.last_reply_on, r.name_key
                """
        ).fetchCursor(db)
        while let row = try reviews.next() {
            items.append(try item(row, kind: .review, offset: nil, step: "review incomplete disclosures"))
        }
        return Agenda(asOf: asOf, items: items, skippedDoNotContact: skipped)
    }

    private func item(_ row: Row, kind: AgendaKind, offset: Int?, step: String) throws -> AgendaItem {
        AgendaItem(
            kind: kind, caseId: try row.decode(Int64.self, forColumn: "case_id"),
            recipientId: try row.decode(Int64.self, forColumn: "recipient_id"),
            recipient: try row.decode(String.self, forColumn: "recipient"),
            campaignId: try row.decode(Int64.self, forColumn: "campaign_id"),
            campaign: try row.decode(String.self, forColumn: "campaign"),
            state: try row.decode(CaseState.self, forColumn: "state"),
            deadline: try row.decode(Day?.self, forColumn: "deadline"), offset: offset, step: step,
            dueSince: try row.decode(Day.self, forColumn: "due_since"))
    }
}
