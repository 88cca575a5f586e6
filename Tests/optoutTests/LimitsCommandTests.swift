import Foundation
import Testing

/// Issue 9, items 4–6 and the parent cycle of 13, as a person meets them on the command line.
@Suite struct LimitsCommandTests {
    /// One campaign, one notified recipient.
    static func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
            "2024-06-14")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14")
        return workspace
    }

    /// Expects a clean refusal: one `error:` line with every one of `words`, a non-zero exit.
    static func expectError(
        _ workspace: Workspace, _ arguments: [String], _ words: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let run = try workspace.run(arguments)
        #expect(
            run.status != 0 && run.status < 128, "optout \(arguments.joined(separator: " ")) exited \(run.status)",
            sourceLocation: sourceLocation)
        #expect(
            run.stderr.hasPrefix("error: ") && run.stderr.split(separator: "\n").count == 1,
            "not one error line: \(run.stderr.prefix(300))", sourceLocation: sourceLocation)
        for word in words {
            #expect(
                run.stderr.contains(word), "\(run.stderr.prefix(400)) lacks \(word)", sourceLocation: sourceLocation)
        }
    }

    @Test func aDeadlineWrittenWithSqlite3IsAnErrorNamingTheRowAndCheckListsIt() throws {
        let workspace = try Self.campaign()
        _ = try workspace.sqlite(
            "DROP TRIGGER case_deadline_is_a_date_on_update; UPDATE \"case\" SET deadline = '2024-02-30'")
        for command in [
            ["overdue"], ["campaign", "list"], ["report"], ["report", "--format", "html"],
            ["report", "--format", "json"],
        ] {
            try Self.expectError(
                workspace, command + ["--as-of", "2024-07-01"], "case row 1, column deadline: '2024-02-30'",
                "optout check")
        }
        let check = try workspace.run("check")
        #expect(check.status == 1)
        #expect(
            check.stdout.contains(
                "values: 1 that optout cannot read or does not accept: case row 1, column deadline: '2024-02-30' is not a calendar date"
            ))
    }

    @Test func aFlippedByteInAnAccessMethodIsAnErrorInWorks() throws {
        let workspace = try Self.campaign()
        let file = try workspace.write(
            "d.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            Song,Artist,GBAYE2400001,web-scrape,3,yes,2023-01-01,,training
            """)
        try workspace.ok(
            "catalog", "import", try workspace.write("c.csv", "title,artist,isrc\nSong,Artist,GBAYE2400001\n"))
        try workspace.ok("reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures", file)
        _ = try workspace.sqlite(
            "PRAGMA ignore_check_constraints = ON; UPDATE disclosure SET access_method = 'web-scrapf'")
        try Self.expectError(
            workspace, ["works"], "disclosure row 1, column access_method: 'web-scrapf'", "optout check")
        #expect(
            try workspace.run("check").stdout.contains(
                "disclosure row 1, column access_method: 'web-scrapf' is not one of web-scrape"))
    }

    @Test func datesOutside1900To2200AreRefusedWherePeopleTypeThem() throws {
        let workspace = try Self.campaign()
        try Self.expectError(
            workspace, ["campaign", "add", "Far", "--issuer", "H", "--category", "other", "--deadline", "9999-12-31"],
            "9999-12-31 is outside the dates optout accepts (1900-01-01 to 2200-12-31)")
        try Self.expectError(workspace, ["overdue", "--as-of", "1899-12-31"], "outside the dates")
        let notices = try workspace.write("n.csv", "recipient,date,deadline\nVector Labs,2024-05-14,9999-12-31\n")
        try Self.expectError(workspace, ["notice", "import", notices], "line 2", "outside the dates")
    }

    @Test(.timeLimit(.minutes(1)))
    func endlessAndOverlongInputIsRefusedNamingTheLine() throws {
        let workspace = try Self.campaign()
        try Self.expectError(workspace, ["recipient", "import", "/dev/zero"], "line 1", "NUL byte")
        let commas = try workspace.write("commas.csv", "name,category\n" + String(repeating: ",", count: 3 << 20))
        try Self.expectError(workspace, ["recipient", "import", commas], "line 2", "longer than 1 MB")
        let cell = try workspace.write(
            "cell.csv", "name,category\nOk,other\n" + String(repeating: "x", count: 70_000) + ",other\n")
        try Self.expectError(workspace, ["recipient", "import", cell], "line 3", "longer than 64 KB")
        try Self.expectError(
            workspace, ["recipient", "add", String(repeating: "n", count: 1_001), "--category", "other"],
            "1001 characters long", "at most 1000")
        try Self.expectError(
            workspace, ["escalate", "Vector Labs", "--note", String(repeating: "n", count: 70_000)],
            "--note is 68 KB long")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM recipient") == "1")
    }

    @Test func aParentCycleIsRefusedOnAddAndImport() throws {
        let workspace = try Self.campaign()
        try Self.expectError(
            workspace, ["recipient", "add", "Loop AI", "--category", "other", "--parent", "loop ai"],
            "Loop AI → Loop AI")
        try workspace.ok("recipient", "add", "Beta AI", "--category", "other", "--parent", "Alpha AI")
        try Self.expectError(
            workspace, ["recipient", "add", "Alpha AI", "--category", "other", "--parent", "Beta AI"],
            "Alpha AI → Beta AI → Alpha AI")
        let file = try workspace.write("r.csv", "name,category,parent\nX,other,Y\nY,other,Z\nZ,other,X\n")
        try Self.expectError(
            workspace, ["recipient", "import", file], "nothing was written", "line 2", "X → Y → Z → X", "lines 2, 3, 4")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM recipient") == "2")
    }

    @Test func templatesAreCheckedAndOnlyTheNeededOnesRead() throws {
        let workspace = try Self.campaign()
        let letters = workspace.folder.appendingPathComponent("t/letters")
        try FileManager.default.createDirectory(at: letters, withIntermediateDirectories: true)
        let deep = String(repeating: "{{#a}}", count: 3_000) + "x" + String(repeating: "{{/a}}", count: 3_000)
        try Data(deep.utf8).write(to: letters.appendingPathComponent("ai-developer.mustache"))
        try Self.expectError(
            workspace, ["letter", "Vector Labs", "--templates", "t"], "t/letters/ai-developer.mustache, line 1",
            "more than 64 deep")
        try Data(" \n".utf8).write(to: letters.appendingPathComponent("ai-developer.mustache"))
        try Self.expectError(
            workspace, ["letter", "Vector Labs", "--templates", "t"], "ai-developer.mustache is empty")
        try Data("Hi {{> letters/sign-off}}".utf8).write(to: letters.appendingPathComponent("ai-developer.mustache"))
        try Self.expectError(
            workspace, ["letter", "Vector Labs", "--templates", "t"], "{{> letters/sign-off}} does not exist")
        // The whole disk as a templates folder: a JSON report needs no template, so nothing is read.
        let started = Date()
        try workspace.ok("report", "--format", "json", "--templates", "/")
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
