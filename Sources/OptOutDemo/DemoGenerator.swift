import Foundation
import GRDB
import OptOutKit

/// Builds the sample database of `optout demo`: a fictional label's 2024 notice wave, with one
/// campaign to 700-odd AI developers (a fixed deadline, every disclosure requested) and one
/// advisory letter to streaming services (a 30-day response window, no disclosures requested),
/// then a realistic mix of replies, disclosures, extensions, escalations and closures.
///
/// Every name is invented from the word lists of `DemoNames`. The script is driven by a seeded
/// generator, so the same seed gives the same database on every run and machine. It drives the
/// tracker through its public API alone, one case's story at a time, and follows the tracker's
/// answers (each case's state and deadline after each action; see `CaseScript`).
public enum DemoGenerator {
    /// The fictional rights-holder that sends the letters.
    public static let issuer = "Harmonia Music Group"
    public static let aiCampaign = "AI training notice 2024"
    public static let streamingCampaign = "Streaming advisory 2024"
    /// The last day of the script: no action is dated later.
    public static let asOf = Day(year: 2024, month: 9, day: 30)

    static let aiNoticeDate = Day(year: 2024, month: 5, day: 14)
    static let aiDeadline = Day(year: 2024, month: 6, day: 14)
    static let streamingResponseDays = 30
    /// The streaming campaign's business days: a deadline on an English weekend or bank holiday
    /// moves to the next business day.
    static let streamingCalendar = "GB-ENG"
    /// The streaming campaign's follow-up ladder: reminders a week before and one, three and five weeks
    /// after a case's deadline, escalation 90 days after it.
    public static let streamingFollowUp = FollowUpLadder(
        remindBefore: [7], remindAfter: [7, 21, 35], escalateAfter: 90)

    /// The streaming-service notices go out in batches, as services were identified.
    static let streamingBatches: [(date: Day, size: Int, channel: Channel, reference: String)] = [
        (Day(year: 2024, month: 5, day: 16), 30, .courier, "HMG-ADV-2024-01"),
        (Day(year: 2024, month: 6, day: 3), 6, .email, "HMG-ADV-2024-02"),
        (Day(year: 2024, month: 7, day: 22), 2, .email, "HMG-ADV-2024-03"),
        (Day(year: 2024, month: 9, day: 16), 2, .email, "HMG-ADV-2024-04"),
    ]
    /// Streaming services found after the last batch: their cases stay `draft`.
    static let streamingDrafts = 2
    /// AI developers, all told (showcase firms and subsidiaries included).
    static let aiDeveloperCount = 722
    static let subsidiaryCount = 30

    /// Fills an empty tracker with the sample campaigns. Deterministic for a given seed.
    /// The tracker's clock (`tracker.clock`) is not used for dates: every date comes from the script.
    ///
    /// The tracker refuses actions dated after its clock's today, so its clock must read a day
    /// after `DemoGenerator.asOf` (2024-09-30); `optout demo` passes the real clock. The history
    /// records the clock's time as the moment each action was entered. Each action is its own
    /// transaction: if this throws, the database holds part of the demo, so build it in a new
    /// file and remove that file on failure.
    public static func populate(_ tracker: Tracker, seed: UInt64 = 2024) throws -> DemoSummary {
        guard tracker.today > asOf else {
            throw DemoError.clockBeforeTheStoryEnds(storyEnds: asOf, today: tracker.today)
        }
        let (recipientCount, campaignCount) = try tracker.reader.read { db in
            (try Recipient.fetchCount(db), try Campaign.fetchCount(db))
        }
        guard recipientCount == 0, campaignCount == 0 else {
            throw DemoError.databaseNotEmpty(recipients: recipientCount, campaigns: campaignCount)
        }

        var random = DemoRandom(seed: seed)
        let catalogue = DemoCatalogue.make(&random)
        let roster = DemoRoster.make(&random)

        let imported = try tracker.importCatalog(.entries(catalogue.catalogue(seed: seed), name: "the demo catalogue"))
        _ = try tracker.importRecipients(roster.recipients)
        var cases = 0
        cases += try tracker.addCampaign(
            name: aiCampaign, issuer: issuer, category: .aiDeveloper, deadline: aiDeadline,
            responseDays: nil, requests: .all, template: nil
        ).casesOpened
        cases += try tracker.addCampaign(
            name: streamingCampaign, issuer: issuer, category: .streamingService, deadline: nil,
            responseDays: streamingResponseDays, requests: Requests.none, template: nil,
            calendar: streamingCalendar
        ).casesOpened

        // The notices first, batch by batch; then each case's story, told to the tracker step by
        // step, its state and deadline taken from the tracker's answers.
        var notices = 0
        notices += try tracker.sendNotices(
            to: .allDrafts, campaign: aiCampaign, date: aiNoticeDate, channel: .email,
            reference: "HMG-TDM-2024"
        ).logged.count
        var batches: [(date: Day, firms: ArraySlice<DemoFirm>)] = []
        // Each streaming case's deadline as the tracker computed it (30 days, rolled past English
        // weekends and bank holidays).
        var streamingDeadlines: [String: Day] = [:]
        var nextService = 0
        for batch in streamingBatches {
            let end = min(nextService + batch.size, roster.streamingServices.count)
            let firms = roster.streamingServices[nextService..<end]
            nextService = end
            guard !firms.isEmpty else { continue }
            let sent = try tracker.sendNotices(
                to: .named(firms.map(\.name)), campaign: streamingCampaign, date: batch.date,
                channel: batch.channel, reference: batch.reference)
            notices += sent.logged.count
            for item in sent.logged { streamingDeadlines[item.recipient] = item.notice.deadline }
            batches.append((batch.date, firms))
        }

        var summary = DemoSummary(
            recipients: roster.recipients.count, campaigns: [aiCampaign, streamingCampaign], asOf: asOf, issuer: issuer,
            cases: cases, notices: notices, replies: 0, worksDisclosed: 0, extensionsGranted: 0, escalations: 0,
            resolutions: 0, drafts: roster.streamingServices.count - nextService, catalogueWorks: imported.works,
            examples: roster.examples)
        func add(_ tally: CaseScript.Tally) {
            summary.replies += tally.replies
            summary.worksDisclosed += tally.worksDisclosed
            summary.extensionsGranted += tally.extensionsGranted
            summary.escalations += tally.escalations
            summary.resolutions += tally.resolutions
        }
        for firm in roster.aiDevelopers {
            var script = CaseScript(
                tracker: tracker, recipient: firm.name, campaign: aiCampaign, sentOn: aiNoticeDate,
                deadline: aiDeadline, lastDay: asOf)
            try DemoStories.aiDeveloper(&script, showcase: firm.showcase, catalogue: catalogue, &random)
            add(script.tally)
        }
        for (date, firms) in batches {
            for firm in firms {
                var script = CaseScript(
                    tracker: tracker, recipient: firm.name, campaign: streamingCampaign, sentOn: date,
                    deadline: streamingDeadlines[firm.name] ?? date.adding(days: streamingResponseDays), lastDay: asOf)
                try DemoStories.streamingService(&script, showcase: firm.showcase, &random)
                add(script.tally)
            }
        }
        // A follow-up ladder on the streaming campaign, so that `optout agenda` on the demo shows real work.
        _ = try tracker.setFollowUp(campaign: streamingCampaign, ladder: streamingFollowUp)
        return summary
    }
}
