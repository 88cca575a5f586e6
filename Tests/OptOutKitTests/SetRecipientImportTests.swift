import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The set-based `importRecipients` gives what the row-by-row import it replaced gives: the same
/// rows, summary, errors and (with a fixed clock) the very same sealed history.
@Suite struct SetRecipientImportTests {
    /// An import's summary, or its error as it is described.
    enum Outcome: Equatable {
        case imported(RecipientImport)
        case refused(String)

        init(_ body: () throws -> RecipientImport) {
            do { self = .imported(try body()) } catch { self = .refused(String(describing: error)) }
        }
    }

    /// Two trackers with the same campaigns: one imports set-based, the other row by row.
    static func pair() throws -> (set: Tracker, reference: Tracker) {
        let set = try Fixture.tracker()
        let reference = try Fixture.tracker()
        for tracker in [set, reference] {
            try Fixture.addCampaign(tracker)
            try Fixture.addCampaign(tracker, "Streams", category: .streamingService)
        }
        return (set, reference)
    }

    /// Every stored row that an import writes, as text.
    static func state(_ tracker: Tracker) throws -> [String] {
        try tracker.writer.read { db in
            var lines: [String] = []
            for (table, order) in [("recipient", "id"), ("\"case\"", "id"), ("event", "id")] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
                lines += rows.map { "\(table) \($0)" }
            }
            return lines
        }
    }

    /// Imports `text` both ways and expects the same outcome.
    static func importBoth(
        _ text: String, _ trackers: (set: Tracker, reference: Tracker),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        func run(_ rowByRow: Bool, _ tracker: Tracker) -> Outcome {
            Outcome {
                let rows = try RecipientFile.readLines(text: text)
                let recipients = rows.map(\.recipient)
                let lines = rows.map(\.line)
                return rowByRow
                    ? try tracker.importRecipientsRowByRow(recipients, lines: lines, path: "r.csv")
                    : try tracker.importRecipients(recipients, lines: lines, path: "r.csv")
            }
        }
        let set = run(false, trackers.set)
        let reference = run(true, trackers.reference)
        #expect(set == reference, sourceLocation: sourceLocation)
        #expect(try state(trackers.set) == state(trackers.reference), sourceLocation: sourceLocation)
        let verifiedSet = try trackers.set.verifyHistory()
        let verifiedReference = try trackers.reference.verifyHistory()
        #expect(
            verifiedSet.head == verifiedReference.head && verifiedSet.events == verifiedReference.events,
            sourceLocation: sourceLocation)
    }

    /// A generated file: `count` firms of the three categories, some with parents and details.
    static func generated(_ count: Int, seed: Int, start: Int = 1) -> String {
        var lines = ["name,category,country,email,contact,parent"]
        let categories = ["ai-developer", "streaming-service", "other"]
        for index in start..<(start + count) {
            let mix = (index * 7 + seed) % 11
            let name = mix == 3 ? "  firm   \(index) " : (mix == 5 ? "FIRM \(index)" : "Firm \(index)")
            let category = categories[(index + seed) % 3]
            let country = mix % 2 == 0 ? "de" : (mix == 7 ? "US" : "")
            let email = mix % 3 == 0 ? "legal\(index + seed % 2)@firm\(index).example" : ""
            let contact = mix == 4 ? "Jo \(seed)" : ""
            let parent = index > 10 && mix == 9 ? "Firm \(index / 10)" : ""
            lines.append([name, category, country, email, contact, parent].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func reimportsGiveWhatRowByRowGives() throws {
        let trackers = try Self.pair()
        try Self.importBoth(Self.generated(300, seed: 0), trackers)
        // The same file again: all unchanged, nothing opened.
        try Self.importBoth(Self.generated(300, seed: 0), trackers)
        // Other spellings, changed details and categories, and new firms.
        try Self.importBoth(Self.generated(400, seed: 1), trackers)
        try Self.importBoth(Self.generated(250, seed: 2, start: 200), trackers)
        // Text equal up to Unicode canonical equivalence is unchanged; other case is an update.
        try Self.importBoth("name,category,contact\nMu\u{308}ller KI,ai-developer,Jos\u{E9}\n", trackers)
        try Self.importBoth("name,category,contact\nM\u{FC}ller KI,ai-developer,Jose\u{301}\n", trackers)
        try Self.importBoth("name,category,contact\nmüller ki,ai-developer,José\n", trackers)
        // Refused files leave both unchanged, with the same message.
        try Self.importBoth("name,category\nFirm 1,other\nfirm 1,other\n", trackers)
        try Self.importBoth("name,category,parent\nCycle A,other,Cycle B\nCycle B,other,Cycle A\n", trackers)
        try Self.importBoth("name,category,parent\nFirm 2,other,Firm 3\nFirm 3,other,Firm 2\n", trackers)
        try Self.importBoth("name,category,email\nFirm 9,other,not an address\n", trackers)
    }

    @Test func aNameTwiceInTheListEndsAsRowByRow() throws {
        let trackers = try Self.pair()
        try Self.importBoth("name,category\nTwice,other\nOnce,ai-developer\n", trackers)
        let lists: [[Recipient]] = [
            [
                Recipient(name: "Twice", category: .aiDeveloper, email: "a@b.example"),
                Recipient(name: "twice", category: .other),
            ],
            [
                Recipient(name: "Twice", category: .streamingService),
                Recipient(name: "Twice", category: .streamingService, country: "DE"),
            ],
            [Recipient(name: "New", category: .other), Recipient(name: "new", category: .other)],
        ]
        for list in lists {
            let set = Outcome { try trackers.set.importRecipients(list) }
            let reference = Outcome { try trackers.reference.importRecipientsRowByRow(list) }
            #expect(set == reference)
            #expect(try Self.state(trackers.set) == Self.state(trackers.reference))
        }
        #expect(try trackers.set.verifyHistory().head == trackers.reference.verifyHistory().head)
    }

    /// `isEmail` as it read before its ASCII path.
    static func referenceIsEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.count <= 64, text.count <= 254,
            !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    @Test func theASCIIEmailPathAnswersAsTheCharacterOne() {
        var samples = [
            "", "@", "a@", "@b.c", "a@b", "a@b.c", "a@@b.c", "a@b..c", "a@.b.c", "a@b.c.", "a@-b.c", "a@b-.c",
            "a@b.c-", "a@b.-c", "a b@c.d", "a@b.c\r\n", "a\t@b.c", "a,b@c.d", "a;b@c.d", "<a@b.c>", "a@b.c\u{0B}",
            "a@b.c\u{0C}", "a\u{1C}@b.c", "x.y+z@sub.example.com", "ü@b.c", "a@bü.c", "a@b.c\u{85}", "a@b.c\u{A0}",
            String(repeating: "a", count: 64) + "@b.c", String(repeating: "a", count: 65) + "@b.c",
            "a@" + String(repeating: "b", count: 249) + ".c", "a@" + String(repeating: "b", count: 250) + ".c",
        ]
        let alphabet: [Character] = ["a", "@", ".", "-", " ", ",", "\r", "\n", "é", "b"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            samples.append(
                String(
                    (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator) ?? "a"
                    }))
        }
        for sample in samples {
            #expect(Validation.isEmail(sample) == Self.referenceIsEmail(sample), "\(sample.debugDescription)")
        }
    }
}
