import Foundation
import Testing

@testable import OptOutKit

/// What the commands print once done, built from their results (`Messages`).
@Suite struct MessagesTests {
    static func changed(_ from: CaseState, _ to: CaseState) -> CaseChanged {
        CaseChanged(recipient: "Polar Labs", campaign: "Reservation 2024", from: from, to: to, deadline: nil)
    }

    @Test func aTransitionNamesBothStatesOrTheOneKept() {
        #expect(Messages.transition(Self.changed(.notified, .acknowledged)) == "notified → acknowledged")
        #expect(Messages.transition(Self.changed(.escalated, .escalated)) == "still escalated")
    }

    @Test func aDisclosureReplyListsWhatIsMissingAndTheAffiliatesItCovered() {
        var changed = Self.changed(.notified, .incomplete)
        changed.disclosed = 2
        changed.missing = ["Song (Artist): copies_made"]
        changed.missingNotListed = 1
        changed.covered = [
            CaseChanged(
                recipient: "Polar Cloud", campaign: "Reservation 2024", from: .notified, to: .incomplete, deadline: nil)
        ]
        #expect(
            Messages.replyRecorded(changed, kind: .disclosure) == """
                Recorded disclosure from Polar Labs in campaign Reservation 2024 (2 works): notified → incomplete.
                  missing: Song (Artist): copies_made
                  and 1 more incomplete work (`optout disclosures` lists every disclosure)
                  for Polar Cloud: notified → incomplete

                """)
    }

    @Test func aNoticeSentIsListedWithItsDeadlineAndDigest() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay)
        let sha = try #require(sent.logged.first?.notice.letterSha256)
        #expect(
            Messages.noticesLogged(sent) == """
                Logged 1 notice in campaign Reservation 2024.
                  Müller KI GmbH: notified 2026-01-10, deadline 2026-02-10, letter sha256 \(sha)

                """)
    }

    @Test func manyNoticesAreSummedUpByTheirDeadlines() throws {
        let tracker = try Fixture.oneDraftCase()
        let one = try #require(
            try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay).logged
                .first)
        let sent = NoticesSent(
            campaign: "Reservation 2024", logged: Array(repeating: one, count: Messages.noticesListed + 1), skipped: 3)
        #expect(
            Messages.noticesLogged(sent, kind: .reminder) == """
                Logged 21 reminders in campaign Reservation 2024; 3 cases were already reminded on 2026-01-10 and skipped (give --again to remind them again).
                  Deadlines: 2026-02-10.

                """)
    }

    @Test func verifySaysHowManyEventsTheRecordedHeadSealed() {
        let verified = HistoryVerified(events: 12, head: "abc", eventsAtExpectedHead: 10)
        #expect(
            Messages.verified(verified, expectedHead: "def") == """
                The history is intact: 12 events, head abc.
                The head you recorded, def, sealed the first 10 events; 2 were written since.

                """)
    }

    @Test func anUndoPlanListsTheFirstStepsAndCountsTheRest() {
        let step = UndoPlan.Step(
            eventId: 7, recipient: "Polar Labs", campaign: "Reservation 2024", action: "notice",
            onDate: Day(year: 2024, month: 6, day: 1), from: .notified, backTo: .draft)
        let plan = UndoPlan(
            commandId: 1, command: "optout notice send --all", at: "2024-06-01 10:00:00",
            steps: Array(repeating: step, count: UndoPlan.shown),
            count: UndoPlan.shown + 5)
        let text = Messages.undoPlan(plan)
        #expect(
            text.hasPrefix("Your last command, `optout notice send --all` at 2024-06-01 10:00:00, changed 25 cases:\n"))
        #expect(
            text.contains(
                "  - Polar Labs in Reservation 2024: notice of 2024-06-01 (event #7); notified → back to draft\n"))
        #expect(text.hasSuffix("  … and 5 more\n"))
        #expect(text.split(separator: "\n").count == 22)
    }

    @Test func checkSaysOkForEachSoundPart() {
        let result = CheckResult(
            integrityProblems: [], foreignKeyProblems: ["case 3"],
            history: .success(HistoryVerified(events: 4, head: "abc")))
        #expect(
            Messages.checked(result) == """
                integrity: ok
                foreign keys: 1 problem(s): case 3
                values: ok
                history: intact, 4 events, head abc

                """)
    }
}
