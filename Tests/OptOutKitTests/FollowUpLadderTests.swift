import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The follow-up ladder run as a user runs it: `agenda run` day by day over a simulated quarter.
@Suite struct FollowUpLadderTests {
    /// Today, for these tests: after the simulated quarter, so every as-of day is in the past.
    static let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_782_907_200), in: Clock.utc)  // 2026-07-01
    static let ladder = FollowUpLadder(remindBefore: [7, 1], remindAfter: [3, 10], escalateAfter: 21)

    /// Two campaigns on the same ladder: `Daily` run every day, `Gap` with days missed. Notices on
    /// 2026-01-05 with a 30-day window: deadline 2026-02-04.
    static func quarter() throws -> Tracker {
        let tracker = try Tracker.inMemory(actor: "paralegal", clock: clock)
        _ = try tracker.addCampaign(
            name: "Daily", issuer: "Example Music Group", category: .aiDeveloper, deadline: nil, responseDays: 30,
            requests: nil, template: nil)
        _ = try tracker.addCampaign(
            name: "Gap", issuer: "Example Music Group", category: .streamingService, deadline: nil,
            responseDays: 30, requests: nil, template: nil)
        for name in ["Alpha", "Beta", "Gamma", "Delta", "Echo"] {
            _ = try tracker.addRecipient(Recipient(name: name, category: .aiDeveloper))
        }
        _ = try tracker.addRecipient(Recipient(name: "Foxtrot", category: .streamingService))
        _ = try tracker.sendNotices(to: .allDrafts, campaign: "Daily", date: Fixture.day("2026-01-05"))
        _ = try tracker.sendNotices(to: .allDrafts, campaign: "Gap", date: Fixture.day("2026-01-05"))
        _ = try tracker.setFollowUp(campaign: "Daily", ladder: ladder)
        _ = try tracker.setFollowUp(campaign: "Gap", ladder: ladder)
        _ = try tracker.setContact(recipient: "Echo", doNotContact: true, reason: "through counsel only")
        return tracker
    }

    /// Reminder dates and escalation dates per recipient, from the notices and events stored.
    static func done(_ tracker: Tracker) throws -> (reminders: [String: [String]], escalations: [String: [String]]) {
        try tracker.reader.read { db in
            var reminders: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, n.sent_on FROM notice n JOIN "case" k ON k.id = n.case_id
                    JOIN recipient r ON r.id = k.recipient_id WHERE n.kind = 'reminder' ORDER BY n.id
                    """)
            {
                reminders[try row.decode(String.self, atIndex: 0), default: []].append(try row.decode(atIndex: 1))
            }
            var escalations: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, e.on_date, e.note FROM event e JOIN "case" k ON k.id = e.case_id
                    JOIN recipient r ON r.id = k.recipient_id WHERE e.action = 'escalated' ORDER BY e.id
                    """)
            {
                escalations[try row.decode(String.self, atIndex: 0), default: []].append(try row.decode(atIndex: 1))
            }
            return (reminders, escalations)
        }
    }

    @Test func aQuarterDayByDayDoesEveryStepOnceAndNoneAfterAReply() throws {
        let tracker = try Self.quarter()
        var day = Fixture.day("2026-01-05")
        var skippedDoNotContact = 0
        let gap = Fixture.day("2026-02-05")...Fixture.day("2026-02-15")
        while day <= Fixture.day("2026-03-31") {
            // What happens to the cases that day, before the agenda is run.
            switch day.description {
            case "2026-01-20":
                _ = try tracker.recordReply(recipient: "Gamma", campaign: "Daily", date: day, kind: .acknowledgement)
            case "2026-01-31":
                _ = try tracker.recordReply(recipient: "Beta", campaign: "Daily", date: day, kind: .noUse)
            case "2026-02-02":
                _ = try tracker.grantExtension(recipient: "Delta", campaign: "Daily", until: Fixture.day("2026-03-06"))
            default: break
            }
            let first = try tracker.runAgenda(asOf: day, campaign: "Daily")
            skippedDoNotContact += first.skippedDoNotContact
            // Twice the same day: nothing the second time.
            let second = try tracker.runAgenda(asOf: day, campaign: "Daily")
            #expect(second.reminders.isEmpty && second.escalations.isEmpty, "second run on \(day)")
            if !gap.contains(day) { _ = try tracker.runAgenda(asOf: day, campaign: "Gap") }
            day = day.adding(days: 1)
        }
        let (reminders, escalations) = try Self.done(tracker)
        // Every step exactly once: 7 and 1 days before the deadline of 2026-02-04, 3 and 10 after.
        let ladder = ["2026-01-28", "2026-02-03", "2026-02-07", "2026-02-14"]
        #expect(reminders["Alpha"] == ladder)
        #expect(escalations["Alpha"] == ["2026-02-25"])
        // An acknowledgement does not end the wait.
        #expect(reminders["Gamma"] == ladder)
        #expect(escalations["Gamma"] == ["2026-02-25"])
        // A reply that ends the wait ends the ladder.
        #expect(reminders["Beta"] == ["2026-01-28"])
        #expect(escalations["Beta"] == nil)
        // An extension to 2026-03-06 gives a new ladder.
        #expect(reminders["Delta"] == ["2026-01-28", "2026-02-27", "2026-03-05", "2026-03-09", "2026-03-16"])
        #expect(escalations["Delta"] == ["2026-03-27"])
        // Do-not-contact: no reminder, but the escalation; each skipped reminder counted.
        #expect(reminders["Echo"] == nil)
        #expect(escalations["Echo"] == ["2026-02-25"])
        // Its due reminder is left out, and counted, on every run from 2026-01-28 until it is escalated.
        #expect(skippedDoNotContact == 28)
        // Days missed (2026-02-05 to 02-15): one letter on the day after, not two.
        #expect(reminders["Foxtrot"] == ["2026-01-28", "2026-02-03", "2026-02-16"])
        #expect(escalations["Foxtrot"] == ["2026-02-25"])
        // The escalation's note names the step; the reminders carry their letters' digests.
        let note = try tracker.reader.read { db in
            try String.fetchOne(db, sql: "SELECT note FROM event WHERE action = 'escalated' ORDER BY id LIMIT 1")
        }
        #expect(note == "follow-up: escalate 21 days after deadline 2026-02-04")
        let digests = try tracker.reader.read { db in
            try String.fetchAll(db, sql: "SELECT letter_sha256 FROM notice WHERE kind = 'reminder'")
        }
        #expect(digests.allSatisfy { $0.count == 64 })
        _ = try tracker.verifyHistory()
    }

    @Test func undoOfAnAgendaRunTakesBackItsRemindersAndEscalations() throws {
        let tracker = try Self.quarter()
        _ = try tracker.runAgenda(asOf: Fixture.day("2026-02-14"), campaign: nil)
        _ = try tracker.grantExtension(recipient: "Delta", campaign: "Daily", until: Fixture.day("2026-03-03"))
        let before = try Fixture.snapshot(tracker)
        // Five escalations (the do-not-contact recipient's too), and Delta's reminder 7 days before its new deadline.
        let run = try tracker.runAgenda(asOf: Fixture.day("2026-02-25"), campaign: nil)
        #expect(run.escalations.count == 5)
        #expect(run.reminders.map(\.item.recipient) == ["Delta"])
        let plan = try tracker.undoPlan()
        try tracker.undo(plan)
        let after = try Fixture.snapshot(tracker)
        #expect(after.cases == before.cases)
        #expect(after.notices == before.notices)
        // Taken back, so due again, and done again by the next run.
        let again = try tracker.agenda(asOf: Fixture.day("2026-02-25"), campaign: nil)
        #expect(again.items.filter { $0.kind == .escalate }.count == 5)
        #expect(again.items.filter { $0.kind == .remind }.map(\.recipient) == ["Delta"])
        _ = try tracker.verifyHistory()
    }

    @Test func doNotContactIsSkippedByNoticeRemindAllAndRefusedByName() throws {
        let tracker = try Self.quarter()
        let reminded = try tracker.sendReminders(
            to: .dueWithin(days: 7), campaign: "Daily", date: Fixture.day("2026-02-01"))
        #expect(reminded.doNotContact == 1)
        #expect(!reminded.logged.contains { $0.recipient == "Echo" })
        #expect(throws: FollowUpError.doNotContact(recipient: "Echo", reason: "through counsel only")) {
            try tracker.sendReminders(to: .named(["Echo"]), campaign: "Daily", date: Fixture.day("2026-02-01"))
        }
        _ = try tracker.addRecipient(Recipient(name: "Hotel", category: .aiDeveloper))
        _ = try tracker.addRecipient(Recipient(name: "India", category: .aiDeveloper))
        _ = try tracker.setContact(recipient: "India", doNotContact: true, reason: nil)
        let before = try Fixture.snapshot(tracker)
        #expect(throws: FollowUpError.doNotContact(recipient: "India", reason: nil)) {
            try tracker.sendNotices(to: .named(["Hotel", "India"]), campaign: "Daily", date: Fixture.day("2026-02-01"))
        }
        #expect(try Fixture.snapshot(tracker) == before)
        let sent = try tracker.sendNotices(to: .allDrafts, campaign: "Daily", date: Fixture.day("2026-02-01"))
        #expect(sent.logged.map(\.recipient) == ["Hotel"])
        #expect(sent.doNotContact == 1)
        _ = try tracker.setContact(recipient: "India", doNotContact: false, reason: nil)
        #expect(
            try tracker.sendNotices(to: .named(["India"]), campaign: "Daily", date: Fixture.day("2026-02-01")).logged
                .count == 1)
    }

    @Test func badLaddersAreRefused() throws {
        #expect(throws: FollowUpError.negativeStep(option: "--remind-after", days: -3)) {
            try FollowUpLadder.given(remindBefore: nil, remindAfter: "-3", escalateAfter: nil)
        }
        #expect(throws: FollowUpError.duplicateStep(option: "--remind-before", days: 7)) {
            try FollowUpLadder.given(remindBefore: "7,3,7", remindAfter: nil, escalateAfter: nil)
        }
        #expect(throws: FollowUpError.duplicateStep(option: "--remind-before and --remind-after", days: 0)) {
            try FollowUpLadder.given(remindBefore: "0", remindAfter: "0", escalateAfter: nil)
        }
        #expect(throws: FollowUpError.emptySteps(option: "--remind-before")) {
            try FollowUpLadder.given(remindBefore: " , ", remindAfter: nil, escalateAfter: nil)
        }
        #expect(throws: FollowUpError.notAStep(option: "--escalate-after", text: "two")) {
            try FollowUpLadder.given(remindBefore: nil, remindAfter: nil, escalateAfter: "two")
        }
        let ladder = try FollowUpLadder.given(remindBefore: "1,7", remindAfter: "10,3", escalateAfter: "21")
        #expect(ladder.summary == "remind 7,1 before, 3,10 after; escalate 21 after")
    }

    @Test func icsEscapesFoldsAndKeepsUIDs() throws {
        let long = String(repeating: "Ü", count: 60) + ", Inc; \\ x\ny"
        #expect(ICalendar.text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let folded = ICalendar.folded("SUMMARY:" + ICalendar.text(long))
        for line in folded.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(folded.hasSuffix("\r\n"))
        #expect(String(decoding: Array(folded.utf8), as: UTF8.self) == folded)
    }

    @Test func followUpErrorsSayWhatToDo() {
        #expect(
            FollowUpError.negativeStep(option: "--remind-after", days: -3).description
                == "--remind-after takes days as numbers of 0 or more; -3 is negative (use --remind-before for days before the deadline)"
        )
        #expect(
            FollowUpError.duplicateStep(option: "--remind-before", days: 7).description
                == "--remind-before gives 7 twice; give each step once")
        #expect(
            FollowUpError.runNotConfirmed(count: 2).description
                == "nothing was done (2 items listed above); add --yes to do it: `optout agenda run --yes`")
        #expect(
            FollowUpError.doNotContact(recipient: "Acme", reason: "counsel").description
                == "Acme is marked do-not-contact (counsel), so no notice was logged; write through its counsel, or run `optout recipient set 'Acme' --contact-ok` first"
        )
    }

    @Test func anAgendaRunDatedAfterTodayIsRefusedAndWritesNothing() throws {
        let tracker = try Self.quarter()
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.self) { try tracker.runAgenda(asOf: Fixture.day("2026-07-02"), campaign: nil) }
        #expect(try Fixture.snapshot(tracker) == before)
        // Listing a later day is a forecast, and fine.
        #expect(!(try tracker.agenda(asOf: Fixture.day("2026-07-02"), campaign: nil).items.isEmpty))
    }
}
