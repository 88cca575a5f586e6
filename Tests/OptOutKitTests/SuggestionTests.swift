import Foundation
import Testing

@testable import OptOutKit

/// "Did you mean …?" for a recipient or campaign name that names nothing.
@Suite struct SuggestionTests {
    @Test func aMistypedNameSuggestsTheClosestKnownOnes() {
        #expect(Suggestions.closest(to: "reploy", among: ["report", "reply", "resolve"]) == ["reply"])
        // Two letters swapped are one edit.
        #expect(Suggestions.closest(to: "sned", among: ["send", "import", "remind"]) == ["send"])
    }

    @Test func aNameFarFromEveryKnownOneSuggestsNothing() {
        #expect(Suggestions.closest(to: "frobnicate", among: ["report", "reply", "resolve"]).isEmpty)
        #expect(Suggestions.closest(to: "x", among: ["init", "undo"]).isEmpty)
    }

    @Test func suggestionsAreBoundedToAFew() {
        let known = (0..<50).map { "Polar Lab\($0 % 10)\($0 / 10)" }
        #expect(Suggestions.closest(to: "Polar Lab00", among: known).count == Suggestions.most)
    }

    @Test func theStartOfANameSuggestsIt() {
        #expect(Suggestions.closest(to: "polar", among: ["polar labs gmbh", "solar"]) == ["solar", "polar labs gmbh"])
    }

    /// The optimal-string-alignment distance worked out in full, to check the banded one against.
    static func reference(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test func aNameIsOfferedExactlyWhenItIsWithinTheEditsAllowed() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let typed = String(
                (0..<Int.random(in: 1...9, using: &generator)).map { _ in "abc".randomElement(using: &generator) ?? "a"
                })
            let known = (0..<3).map { _ in
                String(
                    (0..<Int.random(in: 0...11, using: &generator)).map { _ in
                        "abc".randomElement(using: &generator) ?? "a"
                    })
            }
            let expected = Set(
                known.filter {
                    Self.reference(Array(typed.utf8), Array($0.utf8)) <= Suggestions.allowedEdits(typed.count)
                })
            #expect(Set(Suggestions.closest(to: typed, among: known)) == expected, "\(typed) among \(known)")
        }
    }

    @Test func anUnknownRecipientCloseToAKnownOneSuggestsIt() throws {
        // Given Polar Labs and Müller KI GmbH
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Polar Labs")
        let before = try Fixture.snapshot(tracker)
        // When a reply names "Polar AI"
        let error = #expect(throws: CaseError.unknownRecipient(name: "Polar AI", suggestions: ["Polar Labs"])) {
            try tracker.recordReply(
                recipient: "Polar AI", campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        }
        // Then the error starts as before and names the close one; nothing was written
        #expect(
            error?.description
                == "no recipient is named 'Polar AI'; did you mean 'Polar Labs'? (or see `optout recipient list`)")
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func aRecipientNameIsComparedAsItsKey() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: CaseError.unknownRecipient(name: "MULER KI GMBH", suggestions: ["Müller KI GmbH"])) {
            try tracker.sendNotices(to: .named(["MULER KI GMBH"]), campaign: nil, date: Fixture.noticeDay)
        }
    }

    @Test func aFileOfUnknownNamesSuggestsOnlyForTheProblemsTheErrorLists() throws {
        // Given a notices file whose 25 lines all name "Muller KI", close to the recipient Muller KI AG
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Muller KI AG")
        let inputs = (2...26).map {
            NoticeInput(line: $0, recipient: "Muller KI", date: Fixture.noticeDay, channel: .email)
        }
        let error = #expect(throws: FileError.self) {
            try tracker.importNotices(inputs, path: "notices.csv", campaign: nil)
        }
        guard case .rejected(_, let problems, _)? = error else {
            Issue.record("expected a bad file, got \(String(describing: error))")
            return
        }
        // Then the listed problems suggest the name; the ones past them (shown by line only) were not worked out
        #expect(problems.count == 25)
        #expect(
            problems.prefix(FileError.problemsListed).allSatisfy { $0.message.contains("did you mean 'Muller KI AG'?") }
        )
        #expect(problems.dropFirst(FileError.problemsListed).allSatisfy { !$0.message.contains("did you mean") })
    }

    @Test func anUnknownCampaignCloseToAKnownOneSuggestsIt() throws {
        let tracker = try Fixture.oneDraftCase()
        let error = #expect(
            throws: CaseError.unknownCampaign(
                name: "Reservaton 2024", known: [Fixture.campaign], suggestions: [Fixture.campaign])
        ) {
            try tracker.sendNotices(
                to: .named([Fixture.recipient]), campaign: "Reservaton 2024", date: Fixture.noticeDay)
        }
        #expect(
            error?.description
                == "no campaign is named 'Reservaton 2024'; did you mean 'Reservation 2024'? (campaigns: Reservation 2024)"
        )
    }
}
