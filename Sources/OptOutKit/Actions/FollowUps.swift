import Foundation
import GRDB

/// A campaign's follow-up ladder: reminders so many calendar days before and after a case's
/// current deadline, and escalation so many days after it.
public struct FollowUpLadder: Sendable, Equatable {
    /// Days before the deadline, largest first.
    public var remindBefore: [Int]
    /// Days after the deadline, smallest first.
    public var remindAfter: [Int]
    public var escalateAfter: Int?

    public init(remindBefore: [Int] = [], remindAfter: [Int] = [], escalateAfter: Int? = nil) {
        self.remindBefore = remindBefore.sorted(by: >)
        self.remindAfter = remindAfter.sorted()
        self.escalateAfter = escalateAfter
    }

    public var isEmpty: Bool { remindBefore.isEmpty && remindAfter.isEmpty && escalateAfter == nil }

    /// The reminder steps as offsets from the deadline (negative: before it), earliest first.
    var reminderOffsets: [Int] { remindBefore.map { -$0 } + remindAfter }

    /// The ladder in words, as `campaign list` shows it: `remind 7,3 before, 3 after; escalate 14 after`.
    public var summary: String {
        var parts: [String] = []
        var remind: [String] = []
        if !remindBefore.isEmpty { remind.append(remindBefore.map(String.init).joined(separator: ",") + " before") }
        if !remindAfter.isEmpty { remind.append(remindAfter.map(String.init).joined(separator: ",") + " after") }
        if !remind.isEmpty { parts.append("remind " + remind.joined(separator: ", ")) }
        if let escalateAfter { parts.append("escalate \(escalateAfter) after") }
        return parts.joined(separator: "; ")
    }

    /// Reads `7,3` as the steps of `option`: whole numbers of days, 0 to 3650, each once.
    public static func steps(_ text: String, option: String) throws -> [Int] {
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if pieces.allSatisfy(\.isEmpty) { throw FollowUpError.emptySteps(option: option) }
        var steps: [Int] = []
        for piece in pieces {
            guard let days = Int(piece) else { throw FollowUpError.notAStep(option: option, text: piece) }
            if days < 0 { throw FollowUpError.negativeStep(option: option, days: days) }
            if days > 3650 { throw FollowUpError.stepTooFar(option: option, days: days) }
            if steps.contains(days) { throw FollowUpError.duplicateStep(option: option, days: days) }
            steps.append(days)
        }
        return steps
    }

    /// The ladder of the three options as given on the command line (`nil`: not given).
    public static func given(remindBefore: String?, remindAfter: String?, escalateAfter: String?) throws
        -> FollowUpLadder
    {
        let before = try remindBefore.map { try steps($0, option: "--remind-before") } ?? []
        let after = try remindAfter.map { try steps($0, option: "--remind-after") } ?? []
        if before.contains(0) && after.contains(0) {
            throw FollowUpError.duplicateStep(option: "--remind-before and --remind-after", days: 0)
        }
        var escalate: Int?
        if let escalateAfter {
            let steps = try steps(escalateAfter, option: "--escalate-after")
            if steps.count > 1 { throw FollowUpError.notAStep(option: "--escalate-after", text: escalateAfter) }
            escalate = steps.first
        }
        return FollowUpLadder(remindBefore: before, remindAfter: after, escalateAfter: escalate)
    }

    /// Words for one reminder step: `remind 7 days before the deadline`.
    static func reminderStep(offset: Int) -> String {
        if offset == 0 { return "remind on the deadline" }
        let days = abs(offset)
        return "remind \(days) day\(days == 1 ? "" : "s") \(offset < 0 ? "before" : "after") the deadline"
    }

    /// Words for the escalation step: `escalate 14 days after the deadline`.
    static func escalationStep(offset: Int) -> String {
        offset == 0
            ? "escalate on the deadline" : "escalate \(offset) day\(offset == 1 ? "" : "s") after the deadline"
    }
}

/// What `campaign follow-up` set.
public struct FollowUpSet: Sendable {
    public var campaign: String
    public var ladder: FollowUpLadder
}

/// What `recipient set` changed.
public struct ContactSet: Sendable {
    public var recipient: String
    public var doNotContact: Bool
    public var reason: String?
    /// Whether the mark was already so (nothing changed).
    public var unchanged: Bool
}

/// What `agenda run` did.
public struct AgendaDone: Sendable {
    public var asOf: Day
    /// Reminders logged, each with its campaign and step.
    public var reminders: [(item: AgendaItem, notice: Notice)]
    /// Cases escalated, each with its step.
    public var escalations: [AgendaItem]
    /// Reminders due to do-not-contact recipients, not sent.
    public var skippedDoNotContact: Int
}

extension Tracker {
    /// Sets (replaces) the follow-up ladder of a campaign; an empty ladder clears it. Not an event
    /// (no case changes): the steps keep the command that set them, whose row names who, when and what.
    public func setFollowUp(campaign name: String, ladder: FollowUpLadder) throws -> FollowUpSet {
        try transaction { db in
            let campaign = try campaign(name, db)
            try db.execute(literal: "DELETE FROM follow_up_step WHERE campaign_id = \(campaign.id)")
            let steps =
                ladder.reminderOffsets.map { ("remind", $0) } + (ladder.escalateAfter.map { [("escalate", $0)] } ?? [])
            for (kind, offset) in steps {
                try db.execute(
                    literal: """
                        INSERT INTO follow_up_step (campaign_id, kind, offset_days, command_id)
                        VALUES (\(campaign.id), \(kind), \(offset), (SELECT MAX(id) FROM command))
                        """)
            }
            return FollowUpSet(campaign: campaign.name, ladder: ladder)
        }
    }

    /// The ladder of every campaign that has one, by campaign id.
    func followUpLadders(_ db: Store) throws -> [Int64: FollowUpLadder] {
        struct Step: Decodable, FetchableRecord {
            var campaignId: Int64
            var kind: String
            var offsetDays: Int
            enum CodingKeys: String, CodingKey {
                case campaignId = "campaign_id"
                case kind
                case offsetDays = "offset_days"
            }
        }
        var ladders: [Int64: FollowUpLadder] = [:]
        for step in try Step.fetchAll(db, sql: "SELECT campaign_id, kind, offset_days FROM follow_up_step") {
            var ladder = ladders[step.campaignId] ?? FollowUpLadder()
            switch (step.kind, step.offsetDays) {
            case ("escalate", let days): ladder.escalateAfter = days
            case (_, let days) where days < 0: ladder.remindBefore.append(-days)
            case (_, let days): ladder.remindAfter.append(days)
            }
            ladders[step.campaignId] = ladder
        }
        return ladders.mapValues {
            FollowUpLadder(remindBefore: $0.remindBefore, remindAfter: $0.remindAfter, escalateAfter: $0.escalateAfter)
        }
    }

    /// The ladder of one campaign, in words (empty when it has none), for `campaign list`.
    public func followUpSummaries() throws -> [Int64: String] {
        try read { db in try followUpLadders(db).mapValues(\.summary) }
    }

    /// Marks a recipient do-not-contact (with a reason), or clears the mark.
    public func setContact(recipient name: String, doNotContact: Bool, reason: String?) throws -> ContactSet {
        try Validation.checkText(reason, option: "--reason")
        return try transaction { db in
            let recipient = try recipient(name, db)
            let was = try SQLRequest<Row>(
                literal: "SELECT reason FROM do_not_contact WHERE recipient_id = \(recipient.id)"
            )
            .fetchOne(db)
            let oldReason: String? = try was?.decode(String?.self, forColumn: "reason")
            if doNotContact {
                try db.execute(
                    literal: """
                        INSERT INTO do_not_contact (recipient_id, reason, command_id)
                        VALUES (\(recipient.id), \(reason), (SELECT MAX(id) FROM command))
                        ON CONFLICT (recipient_id) DO UPDATE SET reason = excluded.reason, command_id = excluded.command_id
                        """)
                return ContactSet(
                    recipient: recipient.name, doNotContact: true, reason: reason,
                    unchanged: was != nil && oldReason == reason)
            }
            try db.execute(literal: "DELETE FROM do_not_contact WHERE recipient_id = \(recipient.id)")
            return ContactSet(recipient: recipient.name, doNotContact: false, reason: nil, unchanged: was == nil)
        }
    }

    /// The do-not-contact mark of a recipient: `nil` when it may be written to, else the reason (maybe empty).
    func doNotContactReason(_ db: Store, recipientId: Int64?) throws -> String?? {
        guard
            let row = try SQLRequest<Row>(
                literal: "SELECT reason FROM do_not_contact WHERE recipient_id = \(recipientId)"
            ).fetchOne(db)
        else { return nil }
        return .some(try row.decode(String?.self, forColumn: "reason"))
    }

    /// Refuses named cases whose recipient is marked do-not-contact.
    func refuseDoNotContact(_ cases: [(Recipient, Case)], _ marked: Set<Int64>, _ db: Store) throws {
        guard let (recipient, _) = cases.first(where: { marked.contains($0.0.id ?? 0) }) else { return }
        throw FollowUpError.doNotContact(
            recipient: recipient.name, reason: try doNotContactReason(db, recipientId: recipient.id) ?? nil)
    }

    /// The ids of the recipients marked do-not-contact.
    func doNotContactIds(_ db: Store) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT recipient_id FROM do_not_contact"))
    }

    /// Does what the agenda of `asOf` says is due, in one command (so `undo` takes it all back):
    /// each due escalation is an ordinary escalate event dated `asOf` whose note names the step;
    /// each due reminder is logged as `notice remind` logs it (dated `asOf`, with its letter's
    /// digest). Reminders to do-not-contact recipients are skipped and counted. Run again the
    /// same day, it finds nothing due.
    /// With `reminders` false only the escalations are done (`agenda run --deliver` then delivers
    /// the due reminders through `deliverReminders`, each logged as it goes out).
    public func runAgenda(
        asOf: Day, campaign campaignName: String?, channel: Channel = .email, reminders: Bool = true
    ) throws -> AgendaDone {
        try checkNotFuture(asOf, what: .reminder)
        return try transaction(bulk: true) { db in
            let campaignId = try campaignName.map { try campaign($0, db).id }
            let agenda = try agenda(db, asOf: asOf, campaignId: campaignId ?? nil)
            let at = timestamp
            var campaigns: [Int64: Campaign] = [:]
            func campaignOf(_ id: Int64) throws -> Campaign {
                if let known = campaigns[id] { return known }
                guard let found = try Campaign.fetchOne(db, key: id) else { throw InternalError.transactionIncomplete }
                campaigns[id] = found
                return found
            }
            var done = AgendaDone(
                asOf: asOf, reminders: [], escalations: [], skippedDoNotContact: agenda.skippedDoNotContact)
            // Reminders are checked as they come and logged together (`logNotices`), before the
            // next escalation: the history is in the agenda's order.
            var planned: [(AgendaItem, PlannedNotice)] = []
            func logPlanned() throws {
                let logged = try logNotices(planned.map(\.1), at: at, db, counting: "reminders logged")
                done.reminders += zip(planned, logged).map { (item: $0.0, notice: $1.notice) }
                planned = []
            }
            for item in agenda.items where item.kind == .escalate || (reminders && item.kind == .remind) {
                guard let theCase = try Case.fetchOne(db, key: item.caseId),
                    let recipient = try Recipient.fetchOne(db, key: item.recipientId)
                else { throw InternalError.transactionIncomplete }
                let campaign = try campaignOf(item.campaignId)
                if item.kind == .escalate {
                    if !planned.isEmpty { try logPlanned() }
                    guard case .moveTo(let next) = try outcome(of: .escalate, for: theCase, recipient, campaign) else {
                        throw CaseError.refused(
                            recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: .escalate)
                    }
                    try db.execute(
                        literal: "UPDATE \"case\" SET state = \(next), resolution = NULL WHERE id = \(item.caseId)")
                    try appendEvent(
                        db, before: theCase, action: CaseAction.escalate.eventName, to: next, on: asOf,
                        note: item.eventNote, at: at)
                    done.escalations.append(item)
                } else {
                    planned.append(
                        (
                            item,
                            try planReminder(
                                db, recipient: recipient, campaign: campaign, theCase: theCase, date: asOf,
                                channel: channel, reference: nil)
                        ))
                }
            }
            if !planned.isEmpty { try logPlanned() }
            return done
        }
    }
}
