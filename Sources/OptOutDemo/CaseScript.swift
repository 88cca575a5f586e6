import Foundation
import OptOutKit

/// One case's story, told to the tracker a step at a time. Each action is asked of the tracker
/// as soon as the story reaches it, and the case's state and deadline are then the ones the
/// tracker answers with: the demo never works out for itself what a reply does to a case (how
/// disclosures supersede each other, when they are complete). It asks the state machine only
/// whether an action is allowed from the state the tracker reported, so it never asks for a
/// refused transition.
struct CaseScript {
    /// What the story has done so far, for the summary.
    struct Tally {
        var replies = 0
        var worksDisclosed = 0
        var extensionsGranted = 0
        var escalations = 0
        var resolutions = 0
    }

    let tracker: Tracker
    let recipient: String
    let campaign: String
    /// No step is dated after this.
    let lastDay: Day
    /// The case's state, as the tracker last reported it.
    private(set) var state: CaseState = .notified
    /// The case's deadline, as the tracker last reported it.
    private(set) var deadline: Day
    /// The date of the last step (the notice's at first).
    private(set) var date: Day
    private(set) var tally = Tally()

    /// A case whose notice the tracker has logged, on `sentOn` with `deadline`.
    init(tracker: Tracker, recipient: String, campaign: String, sentOn: Day, deadline: Day, lastDay: Day) {
        self.tracker = tracker
        self.recipient = recipient
        self.campaign = campaign
        self.deadline = deadline
        self.lastDay = lastDay
        date = sentOn
    }

    /// `days` after the last step.
    func later(_ days: Int) -> Day { date.adding(days: days) }

    /// `days` after the current deadline.
    func afterDeadline(_ days: Int) -> Day { deadline.adding(days: days) }

    /// Whether the story has room for another step before `lastDay`.
    var hasTime: Bool { date < lastDay }

    func allows(_ action: CaseAction) -> Bool { StateMachine.outcome(of: action, from: state) != nil }

    /// The date a step gets: not before the last step, not after `lastDay`.
    private func settle(_ day: Day) -> Day { min(max(day, date), lastDay) }

    /// Takes the tracker's answer as the case's state and deadline.
    private mutating func follow(_ changed: CaseChanged, on day: Day) {
        date = day
        state = changed.to
        if let answered = changed.deadline { deadline = answered }
    }

    /// Records a reply; `false` (and nothing recorded) when the case's state does not allow it.
    @discardableResult
    mutating func reply(_ kind: ReplyKind, on day: Day, _ summary: String, _ disclosures: [DisclosureInput] = []) throws
        -> Bool
    {
        guard allows(.reply(kind)) else { return false }
        let day = settle(day)
        let works = kind == .disclosure ? disclosures : []
        let changed = try tracker.recordReply(
            recipient: recipient, campaign: campaign, date: day, kind: kind,
            summary: summary, disclosures: works)
        tally.replies += 1
        tally.worksDisclosed += works.count
        follow(changed, on: day)
        return true
    }

    /// Grants an extension to `until`; `false` when not allowed or not later than the deadline.
    @discardableResult
    mutating func extend(until: Day, on day: Day, _ note: String) throws -> Bool {
        guard allows(.grantExtension), until > deadline else { return false }
        let changed = try tracker.grantExtension(recipient: recipient, campaign: campaign, until: until, note: note)
        tally.extensionsGranted += 1
        follow(changed, on: settle(day))
        return true
    }

    @discardableResult
    mutating func escalate(on day: Day, _ note: String) throws -> Bool {
        guard allows(.escalate) else { return false }
        let changed = try tracker.escalate(recipient: recipient, campaign: campaign, note: note)
        tally.escalations += 1
        follow(changed, on: settle(day))
        return true
    }

    @discardableResult
    mutating func resolve(_ reason: Resolution, on day: Day, _ note: String) throws -> Bool {
        guard allows(.resolve) else { return false }
        let changed = try tracker.resolve(recipient: recipient, campaign: campaign, reason: reason, note: note)
        tally.resolutions += 1
        follow(changed, on: settle(day))
        return true
    }
}
