import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// What every library test starts from: a fresh in-memory database on a fixed clock, and the
/// steps that drive one case through the Tracker API.
enum Fixture {
    /// The fixed clock: 2026-03-15 at noon UTC, a Sunday.
    static let now = Date(timeIntervalSince1970: 1_773_576_000)
    /// The fixed clock, read in UTC.
    static let clock = Clock.frozen(at: now, in: Clock.utc)
    static let today = Day(year: 2026, month: 3, day: 15)
    static let actor = "paralegal"

    /// The campaign and recipient of `oneDraftCase()`.
    static let campaign = "Reservation 2024"
    static let recipient = "Müller KI GmbH"
    static let campaignDeadline = Day(year: 2026, month: 2, day: 10)
    /// When the fixture's notice went out, and when it drives the case on.
    static let noticeDay = Day(year: 2026, month: 1, day: 10)
    static let drivingReplyDay = Day(year: 2026, month: 1, day: 20)
    /// When a test acts on the case it was given.
    static let actionDay = Day(year: 2026, month: 2, day: 1)
    static let isrc = "GBAYE2400001"

    /// A date written `YYYY-MM-DD`; a typo fails the test instead of crashing it.
    static func day(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Day {
        guard let parsed = Day(text) else {
            Issue.record("\(text) is not a YYYY-MM-DD date", sourceLocation: sourceLocation)
            return Day(ordinal: 0)
        }
        return parsed
    }

    /// A fresh, empty database on the fixed clock.
    static func tracker() throws -> Tracker {
        try Tracker.inMemory(actor: actor, clock: .frozen(at: now, in: Clock.utc))
    }

    /// A campaign for AI developers with a fixed deadline (or a response window).
    @discardableResult
    static func addCampaign(
        _ tracker: Tracker, _ name: String = campaign, category: OptOutKit.Category = .aiDeveloper,
        deadline: Day? = campaignDeadline, responseDays: Int? = nil,
        requests: Requests? = nil
    ) throws -> Campaign {
        try tracker.addCampaign(
            name: name, issuer: "Example Music Group", category: category,
            deadline: responseDays == nil ? deadline : nil, responseDays: responseDays,
            requests: requests, template: nil
        ).campaign
    }

    @discardableResult
    static func addRecipient(_ tracker: Tracker, _ name: String, category: OptOutKit.Category = .aiDeveloper) throws
        -> Recipient
    {
        try tracker.addRecipient(Recipient(name: name, category: category)).recipient
    }

    /// One campaign for AI developers and one AI developer: one `draft` case.
    static func oneDraftCase() throws -> Tracker {
        let tracker = try tracker()
        try addCampaign(tracker)
        try addRecipient(tracker, recipient)
        return tracker
    }

    /// Logs the notice of `recipient` in the only campaign.
    @discardableResult
    static func sendNotice(
        _ tracker: Tracker, to name: String = recipient, on date: Day = noticeDay,
        deadline: Day? = nil
    ) throws -> NoticesSent {
        try tracker.sendNotices(to: .named([name]), campaign: nil, date: date, deadline: deadline)
    }

    /// A disclosure of `isrc` that says when the copies were made but not until when, nor why.
    static let incompleteDisclosure = DisclosureInput(
        title: "Song", artist: "Artist", isrc: isrc, accessMethod: .webScrape, copiesMade: 3, copiesExist: false,
        heldFrom: Day(year: 2023, month: 1, day: 1))

    /// A disclosure of `isrc` that gives all six facts.
    static let completeDisclosure = DisclosureInput(
        title: "Song", artist: "Artist", isrc: isrc, accessMethod: .webScrape, copiesMade: 3, copiesExist: false,
        heldFrom: Day(year: 2023, month: 1, day: 1), heldUntil: Day(year: 2023, month: 6, day: 30),
        justification: "one training run")

    /// Drives the fixture's case (`oneDraftCase()`) from `draft` into `state` through the Tracker API.
    static func drive(_ tracker: Tracker, to state: CaseState) throws {
        guard state != .draft else { return }
        try sendNotice(tracker)
        func reply(_ kind: ReplyKind, _ disclosures: [DisclosureInput] = []) throws {
            _ = try tracker.recordReply(
                recipient: recipient, campaign: nil, date: drivingReplyDay, kind: kind,
                disclosures: disclosures)
        }
        switch state {
        case .draft, .notified: break
        case .acknowledged: try reply(.acknowledgement)
        case .incomplete: try reply(.disclosure, [incompleteDisclosure])
        case .responded: try reply(.noUse)
        case .refused: try reply(.refusal)
        case .escalated: _ = try tracker.escalate(recipient: recipient, campaign: nil)
        case .resolved: _ = try tracker.resolve(recipient: recipient, campaign: nil, reason: .licensed)
        }
        try #require(try theCase(tracker).state == state, "the fixture could not drive the case to \(state)")
    }

    /// The case of `name` in `campaignName` (or its only case), as stored.
    static func theCase(_ tracker: Tracker, _ name: String = recipient, campaign campaignName: String? = nil) throws
        -> Case
    {
        try tracker.writer.read { db in try tracker.theCase(recipient: name, campaign: campaignName, Store(db)).2 }
    }

    /// Every event, oldest first.
    static func events(_ tracker: Tracker) throws -> [Event] {
        try tracker.writer.read { db in try Event.order(Column("id")).fetchAll(db) }
    }

    /// What the store holds: every case row, and how many events, replies, notices, disclosures
    /// and recipients there are. Equal before and after means nothing was written.
    struct Snapshot: Equatable {
        var cases: [Case]
        var events: Int
        var replies: Int
        var notices: Int
        var disclosures: Int
        var recipients: Int
        var campaigns: Int
    }

    static func snapshot(_ tracker: Tracker) throws -> Snapshot {
        try tracker.writer.read { db in
            Snapshot(
                cases: try Case.order(Column("id")).fetchAll(db), events: try Event.fetchCount(db),
                replies: try Reply.fetchCount(db), notices: try Notice.fetchCount(db),
                disclosures: try Disclosure.fetchCount(db), recipients: try Recipient.fetchCount(db),
                campaigns: try Campaign.fetchCount(db))
        }
    }
}

extension Tracker {
    /// The same database, with the history naming `commandLine` for what this tracker writes.
    func running(_ commandLine: String) throws -> Tracker {
        try Tracker(writer: writer, actor: actor, clock: clock, commandLine: commandLine, letters: letters)
    }
}
