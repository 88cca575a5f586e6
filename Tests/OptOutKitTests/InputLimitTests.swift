import Foundation
import Testing

@testable import OptOutKit

/// Limits a legal record never needs: names, cells, records, free text; refused with the line or
/// the option named, in bounded memory, before anything is written.
@Suite struct InputLimitTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url.path
    }

    static func problem(_ body: () throws -> Void) -> FileProblem? {
        do { try body() } catch let error as FileError {
            if case .rejected(_, let problems, _) = error { return problems.first }
        } catch {}
        return nil
    }

    @Test func aCellPast64KBIsRefusedNamingItsLine() throws {
        let cell = String(repeating: "x", count: CSVFile.maximumCellBytes + 1)
        let problem = Self.problem {
            _ = try RecipientFile.read(text: "name,category\nAcme,other\n\"\(cell)\",other\n")
        }
        #expect(problem?.line == 3)
        #expect(problem?.message.contains("64 KB") == true)
        // One byte less is a cell, and then a name past 1,000 characters.
        let name = String(repeating: "x", count: CSVFile.maximumCellBytes)
        let tooLong = Self.problem { _ = try RecipientFile.read(text: "name,category\n\(name),other\n") }
        #expect(tooLong?.message.contains("at most 1000 characters") == true)
    }

    @Test func aRecordPast1MBIsRefusedAsSoonAsItIsSeen() throws {
        // Two megabytes of commas: refused at the first megabyte, not read whole.
        let path = try Self.file(Array("name,category\n".utf8) + [UInt8](repeating: UInt8(ascii: ","), count: 2 << 20))
        let problem = Self.problem { _ = try RecipientFile.read(path: path) }
        #expect(problem?.line == 2)
        #expect(problem?.message.contains("longer than 1 MB") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func anEndlessStreamOfNULBytesIsRefusedAtOnce() throws {
        let problem = Self.problem { _ = try RecipientFile.read(path: "/dev/zero") }
        #expect(problem?.line == 1)
        #expect(problem?.message.contains("NUL") == true)
    }

    @Test func aNameIsAtMostAThousandCharacters() throws {
        let longest = String(repeating: "ä", count: Validation.maximumNameLength)
        #expect(
            try RecipientFile.recipient(
                name: longest, category: "other", country: nil, email: nil, contact: nil, parent: nil
            ).name == longest)
        for (name, contact, parent, what) in [
            (longest + "x", nil, nil, "the name"), ("Acme", longest + "x", nil, "the contact"),
            ("Acme", nil, longest + "x", "the parent"),
        ] {
            #expect(
                throws: CaseError.unacceptableRecipient(faults: [.badText(.nameTooLong(what: what, length: 1_001))])
            ) {
                try RecipientFile.recipient(
                    name: name, category: "other", country: nil, email: nil, contact: contact, parent: parent)
            }
        }
        let tracker = try Fixture.tracker()
        #expect(throws: InputLimitError.nameTooLong(what: "the campaign name", length: 1_001)) {
            try tracker.addCampaign(
                name: String(repeating: "n", count: 1_001), issuer: "I", category: .other,
                deadline: Fixture.campaignDeadline, responseDays: nil, requests: nil, template: nil)
        }
        #expect(throws: InputLimitError.nameTooLong(what: "--issuer", length: 1_001)) {
            try tracker.addCampaign(
                name: "C", issuer: String(repeating: "i", count: 1_001), category: .other,
                deadline: Fixture.campaignDeadline, responseDays: nil, requests: nil, template: nil)
        }
    }

    @Test func freeTextIsAtMost64KB() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let before = try Fixture.snapshot(tracker)
        let text = String(repeating: "t", count: Validation.maximumTextBytes + 1)
        #expect(throws: InputLimitError.textTooLong(option: "--summary", bytes: text.utf8.count)) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement,
                summary: text)
        }
        #expect(throws: InputLimitError.textTooLong(option: "--note", bytes: text.utf8.count)) {
            try tracker.escalate(recipient: Fixture.recipient, campaign: nil, note: text)
        }
        #expect(throws: InputLimitError.textTooLong(option: "--note", bytes: text.utf8.count)) {
            try tracker.grantExtension(
                recipient: Fixture.recipient, campaign: nil, until: Day(year: 2026, month: 4, day: 1), note: text)
        }
        #expect(throws: InputLimitError.textTooLong(option: "--reference", bytes: text.utf8.count)) {
            try tracker.sendReminders(
                to: .named([Fixture.recipient]), campaign: nil, date: Fixture.actionDay, reference: text)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }
}

/// A firm cannot head its own group: a chain of parents that comes back is refused, all or nothing.
@Suite struct ParentCycleTests {
    static func add(_ tracker: Tracker, _ name: String, parent: String?) throws {
        _ = try tracker.addRecipient(Recipient(name: name, category: .other, parent: parent))
    }

    @Test func aFirmThatIsItsOwnParentIsRefused() throws {
        let tracker = try Fixture.tracker()
        #expect(throws: ParentCycleError(names: ["Acme", "Acme"])) { try Self.add(tracker, "Acme", parent: "ACME") }
        #expect(try Fixture.snapshot(tracker).recipients == 0)
    }

    @Test func twoFirmsThatAreEachOthersParentAreRefused() throws {
        let tracker = try Fixture.tracker()
        try Self.add(tracker, "Beta", parent: "Alpha")
        #expect(throws: ParentCycleError(names: ["Alpha", "Beta", "Alpha"])) {
            try Self.add(tracker, "Alpha", parent: "Beta")
        }
        // A chain that ends is fine.
        try Self.add(tracker, "Alpha", parent: "Holding")
    }

    @Test func anImportThatClosesALongerCycleIsRefusedWholeNamingItsLines() throws {
        let tracker = try Fixture.tracker()
        try Self.add(tracker, "Gamma", parent: "Alpha")
        let rows = try RecipientFile.readLines(
            text: """
                name,category,parent
                Unrelated,other,
                Alpha,other,Beta
                Beta,other,Gamma
                """)
        #expect {
            try tracker.importRecipients(rows.map(\.recipient), lines: rows.map(\.line), path: "r.csv")
        } throws: { error in
            guard case .rejected("r.csv", let problems, _) = error as? FileError else { return false }
            return problems.count == 1 && problems.first?.line == 3
                && "\(problems[0])".contains("Alpha → Beta → Gamma → Alpha")
                && "\(problems[0])".contains("lines 3, 4")
        }
        #expect(try Fixture.snapshot(tracker).recipients == 1)
        // An import that re-parents Gamma breaks the cycle and goes through.
        let fixed = try RecipientFile.read(
            text: "name,category,parent\nAlpha,other,Beta\nBeta,other,Gamma\nGamma,other,\n")
        #expect(try tracker.importRecipients(fixed).added == 2)
    }
}
