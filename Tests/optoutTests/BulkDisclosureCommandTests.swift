import Foundation
import Testing

/// `reply --disclosures` of a file too long to list: bounded output, and a bad row named by its line.
@Suite struct BulkDisclosureCommandTests {
    static let header = "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\n"

    func notifiedCase() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14")
        return workspace
    }

    @Test func aHugeIncompleteReplyListsTheFirstHundredWorksAndCountsTheRest() throws {
        let workspace = try notifiedCase()
        let rows = (1...1_000).map { "Song \($0),Artist,,web-scrape,2,no,2023-01-01,,\n" }.joined()
        let file = try workspace.write(
            "d.csv", Self.header + rows + "Song 7,Artist,,web-scrape,2,no,2023-01-01,2023-02-01,why\n")
        let output = try workspace.ok(
            "reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure",
            "--disclosures", file)
        let lines = output.split(separator: "\n")
        #expect(
            lines.first
                == "Recorded disclosure from Vector Labs in campaign Notice 2024 (1001 works): notified → incomplete.")
        #expect(lines.filter { $0.hasPrefix("  missing: ") }.count == 100)
        #expect(lines.dropFirst().first == "  missing: Song 1 — Artist: held_until, justification")
        #expect(!output.contains("Song 7 —"))  // completed by the file's last row
        #expect(lines.last == "  and 899 more incomplete works (`optout disclosures` lists every disclosure)")
        try workspace.ok("verify")
    }

    @Test func aBadRowDeepInTheFileGivesOneErrorLineAndWritesNothing() throws {
        let workspace = try notifiedCase()
        let rows = (1...20_000).map { "Song \($0),Artist,,web-scrape,2,no,2023-01-01,2023-06-30,run\n" }.joined()
        let file = try workspace.write("d.csv", Self.header + rows + "Song,Artist,XX,web-scrape,2,no,2023-01-01,,\n")
        let before = try workspace.sqlite(
            "SELECT COUNT(*), (SELECT COUNT(*) FROM event), (SELECT COUNT(*) FROM reply) FROM disclosure")
        let run = try workspace.run(
            "reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure",
            "--disclosures", file)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.hasPrefix("error: "))
        #expect(run.stderr.contains("d.csv was not imported (1 problem; nothing was written): line 20002: "))
        #expect(
            try workspace.sqlite(
                "SELECT COUNT(*), (SELECT COUNT(*) FROM event), (SELECT COUNT(*) FROM reply) FROM disclosure") == before
        )
    }
}
