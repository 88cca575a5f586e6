import GRDB
import Testing

@testable import OptOutKit

/// The "copies still held" table: most copies first, a firm's subsidiaries beneath it, never
/// beneath another firm; a hostile roster cannot mis-file a firm or loop the order.
@Suite struct CopiesHeldOrderTests {
    /// A holder of `copies`, its parent as `recipient.parent` spells it.
    static func holder(_ name: String, _ copies: Int, parent: String? = nil, id: Int64? = nil)
        -> CopiesHeldOrder.Holder
    {
        CopiesHeldOrder.Holder(
            held: .init(
                recipient: name, recipientId: id ?? Int64(abs(name.hashValue % 10_000) + 1), parent: parent,
                isAffiliate: false, works: 1, copies: copies),
            nameKey: NameKey.of(name))
    }

    /// Each row as `name@depth<beneath`.
    static func rows(_ holders: [CopiesHeldOrder.Holder]) -> [String] {
        CopiesHeldOrder.ordered(holders.shuffled()).map { row in
            "\(row.recipient)@\(row.depth)" + (row.beneath.map { "<\($0)" } ?? "")
        }
    }

    @Test func mostCopiesFirstAndTiesByName() {
        #expect(
            Self.rows([Self.holder("Bravo", 5), Self.holder("alpha", 5), Self.holder("Charlie", 9)])
                == ["Charlie@0", "alpha@0", "Bravo@0"])
    }

    @Test func subsidiariesSitBeneathTheirParentEvenWhenTheyHoldMore() {
        // Delta holds 1 copy, its subsidiary 50: the group (51) goes first, Delta at its head.
        let rows = Self.rows([
            Self.holder("Delta", 1), Self.holder("Delta Europe", 50, parent: "Delta"), Self.holder("Echo", 20),
        ])
        #expect(rows == ["Delta@0", "Delta Europe@1<Delta", "Echo@0"])
    }

    @Test func aParentSpeltWithOtherCaseAndSpacesIsStillTheParent() {
        let rows = Self.rows([
            Self.holder("Vector Lyre Labs", 3), Self.holder("Vector Labs EU", 2, parent: "  VECTOR   lyre labs "),
        ])
        #expect(rows == ["Vector Lyre Labs@0", "Vector Labs EU@1<Vector Lyre Labs"])
    }

    @Test func aGrandchildSitsBeneathItsOwnParentNotUnderASister() {
        // Head has two subsidiaries; the grandchild belongs to the one with fewer copies.
        let rows = Self.rows([
            Self.holder("Head", 1), Self.holder("Big Sub", 10, parent: "Head"),
            Self.holder("Small Sub", 2, parent: "Head"), Self.holder("Grandchild", 3, parent: "small sub"),
        ])
        #expect(
            rows == [
                "Head@0", "Big Sub@1<Head", "Small Sub@1<Head", "Grandchild@2<Small Sub",
            ])
    }

    @Test func sistersWhoseParentIsNoHolderStandAlone() {
        // The parent is named but holds nothing (or is no recipient): nobody sits beneath a sister.
        let rows = Self.rows([
            Self.holder("Sister One", 4, parent: "Absent Parent"), Self.holder("Other Firm", 5),
            Self.holder("Sister Two", 6, parent: "Absent Parent"),
        ])
        #expect(rows == ["Sister Two@0", "Other Firm@0", "Sister One@0"])
    }

    @Test func aFirmNamedItsOwnParentStandsAlone() {
        let rows = Self.rows([Self.holder("Narcissus", 2, parent: "NARCISSUS"), Self.holder("Other", 1)])
        #expect(rows == ["Narcissus@0", "Other@0"])
    }

    @Test func aLoopOfParentsIsCutAtTheFirmHoldingMost() {
        // A's parent is B, B's parent is A; C hangs beneath A. The loop is cut at A (most copies).
        let rows = Self.rows([
            Self.holder("A", 7, parent: "B"), Self.holder("B", 3, parent: "A"), Self.holder("C", 1, parent: "A"),
            Self.holder("Z", 10),
        ])
        #expect(rows == ["A@0", "B@1<A", "C@1<A", "Z@0"])
        // A three-firm loop with a tie: cut at the first by name; every firm listed once.
        let loop = Self.rows([
            Self.holder("P", 2, parent: "R"), Self.holder("Q", 2, parent: "P"), Self.holder("R", 2, parent: "Q"),
        ])
        #expect(loop == ["P@0", "Q@1<P", "R@2<Q"])
    }

    @Test func everyHolderIsListedExactlyOnceWhateverTheRoster() {
        // A random roster of parents (loops, self-parents, absent parents): each holder once,
        // and each row beneath another sits beneath its own parent, right after it or its subtree.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 1...12, using: &generator)
            let names = (0..<count).map { "Firm \($0)" }
            let holders = names.enumerated().map { index, name in
                let parent: String? =
                    Bool.random(using: &generator)
                    ? (Bool.random(using: &generator) ? names.randomElement(using: &generator) : "Nobody \(index)")
                    : nil
                return Self.holder(
                    name, Int.random(in: 0...5, using: &generator), parent: parent?.uppercased(), id: Int64(index + 1))
            }
            let ordered = CopiesHeldOrder.ordered(holders)
            #expect(ordered.map(\.recipient).sorted() == names.sorted())
            for (index, row) in ordered.enumerated() where row.depth > 0 {
                let parent = ordered[..<index].last { $0.depth == row.depth - 1 }
                #expect(parent?.recipient == row.beneath)
                #expect(row.beneath.map(NameKey.of) == row.parent.map(NameKey.of))
            }
        }
    }

    // MARK: - In the report

    /// A campaign whose recipients hold copies, the roster's parents as `parents` says.
    static func tracker(_ roster: [(name: String, parent: String?, copies: Int)]) throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        for member in roster {
            _ = try tracker.addRecipient(Recipient(name: member.name, category: .aiDeveloper))
        }
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        for member in roster {
            var disclosure = Fixture.completeDisclosure
            disclosure.copiesMade = member.copies
            disclosure.copiesExist = true
            disclosure.heldUntil = nil
            _ = try tracker.recordReply(
                recipient: member.name, campaign: nil, date: Fixture.drivingReplyDay, kind: .disclosure,
                disclosures: [disclosure])
        }
        // Parents written as an older database may hold them (loops included), past the checks of today.
        try tracker.writer.write { db in
            for member in roster {
                try db.execute(
                    literal:
                        "UPDATE recipient SET parent = \(member.parent) WHERE name_key = \(NameKey.of(member.name))")
            }
        }
        return tracker
    }

    @Test func theReportOrdersAHostileRosterOfHolders() throws {
        let tracker = try Self.tracker([
            ("Orbit AI", nil, 2), ("orbit ai europe", "  ORBIT   AI ", 40), ("Loop One", "Loop Two", 5),
            ("Loop Two", "Loop One", 9), ("Mirror Labs", "mirror labs", 30), ("Stray GmbH", "Never Added Inc", 35),
        ])
        let held = try tracker.report(asOf: Fixture.today).catalogue.copiesStillHeld
        #expect(
            held.map { "\($0.recipient)@\($0.depth)" } == [
                "Orbit AI@0", "orbit ai europe@1", "Stray GmbH@0", "Mirror Labs@0", "Loop Two@0", "Loop One@1",
            ])
        #expect(held.map(\.copies) == [2, 40, 35, 30, 9, 5])
        #expect(held.map(\.isAffiliate) == [false, true, false, false, false, true])
        // The summary holds the same table, read the same way.
        let summary = try tracker.reportSummary(asOf: Fixture.today)
        #expect(summary.catalogue.copiesStillHeld.map(\.recipient) == held.map(\.recipient))
        // Markdown names a row beneath another by the other's own name.
        let markdown = try ReportRenderer().markdown(try tracker.report(asOf: Fixture.today))
        #expect(markdown.contains("| ↳ orbit ai europe (of Orbit AI) | 1 | 40 |"))
        #expect(markdown.contains("| Stray GmbH | 1 | 35 |"))
    }
}
