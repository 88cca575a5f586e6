import Foundation
import Testing

/// Issue 12: `optout report --summary` on the command line, in every format, and its JSON
/// against the report's schema (both shapes).
@Suite struct ReportSummaryCommandTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Müller KI GmbH", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "=HYPERLINK(\"x\") Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        try workspace.ok("reply", "Vector Labs", "--date", "2024-05-20", "--kind", "acknowledgement")
        try workspace.ok("reply", "Müller KI GmbH", "--date", "2024-05-21", "--kind", "no-use")
        return workspace
    }

    /// Validates `file` in the workspace against Schema/report.schema.json with Python's jsonschema.
    func validate(_ workspace: Workspace, _ file: String) throws -> (valid: Bool, problems: String) {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schema/report.schema.json").path
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
            print("valid")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema, workspace.folder.appendingPathComponent(file).path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (printed, problems) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        return (
            process.terminationStatus == 0 && String(decoding: printed, as: UTF8.self).contains("valid"),
            String(decoding: problems, as: UTF8.self)
        )
    }

    @Test func bothShapesOfTheJSONReportMatchTheSchemaAndNeitherPassesForTheOther() throws {
        let workspace = try workspace()
        try workspace.ok("report", "--as-of", "2024-07-01", "--format", "json", "--output", "full.json")
        try workspace.ok("report", "--as-of", "2024-07-01", "--format", "json", "--summary", "--output", "summary.json")
        for file in ["full.json", "summary.json"] {
            let result = try validate(workspace, file)
            #expect(result.valid, "\(file): \(result.problems)")
        }
        // A summary holding cases, or a full report missing them, does not pass.
        var summary = try #require(
            try workspace.json(String(decoding: workspace.read("summary.json"), as: UTF8.self)) as? [String: Any])
        summary["cases"] = [Any]()
        try Data(JSONSerialization.data(withJSONObject: summary)).write(
            to: workspace.folder.appendingPathComponent("summary-with-cases.json"))
        summary["cases"] = nil
        summary["summary"] = nil
        try Data(JSONSerialization.data(withJSONObject: summary)).write(
            to: workspace.folder.appendingPathComponent("full-without-cases.json"))
        #expect(try !validate(workspace, "summary-with-cases.json").valid)
        #expect(try !validate(workspace, "full-without-cases.json").valid)
    }

    @Test func theSummaryLeavesOutEveryCaseInEveryFormat() throws {
        let workspace = try workspace()
        let markdown = try workspace.ok("report", "--as-of", "2024-07-01", "--summary")
        #expect(markdown.contains("## Overdue (2)") && markdown.contains("| Vector Labs |"))
        #expect(!markdown.contains("## Cases") && !markdown.contains("Müller KI GmbH |"))
        #expect(markdown.contains("| answered in full | 1 | 33% |"))
        let html = try workspace.ok("report", "--as-of", "2024-07-01", "--summary", "--format", "html")
        #expect(html.contains("status report · summary") && !html.contains("<h2>Every case"))
        let csv = try workspace.ok("report", "--as-of", "2024-07-01", "--summary", "--format", "csv")
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "figure,value,definition")
        #expect(lines.contains("totals.cases,3,"))
        #expect(lines.contains { $0.hasPrefix("responses.replied,2,") })
        #expect(lines.contains { $0.hasPrefix("responses.answered_in_full,1,") })
        #expect(!csv.contains("HYPERLINK"))
        let written = try workspace.ok(
            "report", "--as-of", "2024-07-01", "--summary", "--format", "csv", "--output", "summary.csv")
        #expect(written.contains("summary.csv"))
        #expect(String(decoding: try workspace.read("summary.csv"), as: UTF8.self) == csv)
    }

    @Test func aSummaryInAFormatTheReportDoesNotWriteIsOneErrorLine() throws {
        let workspace = try workspace()
        let run = try workspace.run("report", "--summary", "--format", "table")
        #expect(run.status != 0 && run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.hasPrefix("error:"))
    }

    @Test func theHelpSaysWhatTheCSVSummaryHolds() throws {
        let help = try Workspace().run("report", "--help").stdout
        #expect(help.contains("--summary") && help.contains("figure,value,definition"))
    }
}
