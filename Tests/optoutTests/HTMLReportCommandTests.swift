import Foundation
import Testing

/// `optout report --format html`, run as a person runs it.
@Suite struct HTMLReportCommandTests {
    /// A campaign with a recipient named like a script, notified and replied to.
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "<script>alert(1)</script> AI", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        try workspace.ok("reply", "Vector Labs", "--date", "2024-05-20", "--kind", "acknowledgement")
        return workspace
    }

    @Test func reportWritesTheHTMLFileAndSaysWhere() throws {
        let workspace = try campaign()
        let said = try workspace.ok("report", "--format", "html", "--as-of", "2024-07-01", "--output", "r.html")
        #expect(said == "Wrote the html report as of 2024-07-01 to r.html.\n")
        let html = String(decoding: try workspace.read("r.html"), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; AI"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<title>Week of 2024-05-20: 1</title>"))
        #expect(html.contains("Deadline 2024-06-14"))
    }

    @Test func helpNamesTheHTMLFormat() throws {
        let help = try Workspace().run("report", "--help")
        #expect(help.stdout.contains("markdown, html, csv or json"))
    }

    @Test func aCopiedBinaryRendersTheReportFromItsOwnTemplates() throws {
        // Given the binary copied into a folder of its own, away from the package's Templates/
        let workspace = try campaign()
        let elsewhere = workspace.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = elsewhere.appendingPathComponent("optout")
        try FileManager.default.copyItem(at: Workspace.binary, to: copy)

        // When it prints the HTML report
        let process = Process()
        process.executableURL = copy
        process.arguments = ["report", "--db", workspace.database, "--format", "html", "--as-of", "2024-07-01"]
        process.currentDirectoryURL = elsewhere
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let html = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        // Then it is the whole page
        #expect(process.terminationStatus == 0)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Cases by state"))
        #expect(html.hasSuffix("</html>\n"))
    }
}
