import Foundation
import Testing

@testable import OptOutKit

/// A table fitted to a terminal's width: long cells shortened with `…`, CSV and JSON whole.
@Suite struct TableWidthTests {
    static let listing = Listing(
        columns: ["id", "name", "note"],
        rows: [
            [.number(1), .text("Müller KI GmbH"), .text(String(repeating: "a long note ", count: 3))],
            [.number(22), .text("A firm with a very long name indeed"), .text("short")],
        ])

    @Test func aTableWiderThanTheTerminalIsFittedToIt() throws {
        var out = ""
        try Self.listing.write(.table, to: { out += $0 }, fitting: 40)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(out.contains("…"))
        // The narrow column is kept whole
        #expect(lines[2].hasPrefix("22  "))
    }

    @Test func aTableThatFitsIsUnchanged() throws {
        var fitted = ""
        try Self.listing.write(.table, to: { fitted += $0 }, fitting: 500)
        #expect(fitted == Self.listing.table)
    }

    @Test func csvAndJSONKeepEveryCellWhole() throws {
        for format in [OutputFormat.csv, .json] {
            var fitted = ""
            try Self.listing.write(format, to: { fitted += $0 }, fitting: 20)
            #expect(fitted == (try Self.listing.render(format)))
            #expect(fitted.contains("A firm with a very long name indeed"))
        }
    }

    @Test func theWidestColumnsGiveWayFirst() {
        // 2 + 30 + 10 and two gaps of 2 = 46: down to 30
        #expect(ListingWriter.fit([2, 30, 10], into: 30) == [2, 14, 10])
        #expect(ListingWriter.fit([2, 30, 10], into: 46) == [2, 30, 10])
        // No column is cut below six characters, even when the line stays too wide.
        #expect(ListingWriter.fit([20, 20, 20], into: 5) == [6, 6, 6])
    }

    @Test func aStreamedListingIsFittedToo() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "A firm with a name far too long for a narrow terminal to show")
        // The width is part of the environment the tracker is opened with, like the clock.
        let narrow = Tracker(
            checked: tracker.writer, actor: tracker.actor, clock: tracker.clock, commandLine: tracker.commandLine,
            letters: tracker.letters, tableWidth: 70)
        var out = ""
        try narrow.writeRecipientListing(as: .table, to: { out += $0 })
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= 70 })
        #expect(out.contains("…"))
        #expect(tracker.tableWidth == nil)
        var whole = ""
        try tracker.writeRecipientListing(as: .table, to: { whole += $0 })
        #expect(whole.contains("A firm with a name far too long for a narrow te"))
    }
}
