import Foundation
import Testing

/// The command line's promises about bad input, files and the database.
@Suite struct CommandLineTests {
    /// A small campaign: two AI developers, one notified.
    func smallCampaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Müller KI GmbH", "--category", "ai-developer", "--country", "DE")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14")
        return workspace
    }

    @Test func everyBadInputGivesOneErrorLineAndLeavesTheDatabaseAsItWas() throws {
        let workspace = try smallCampaign()
        let badRecipients = try workspace.write(
            "bad-recipients.csv", "name,category,email\n,ai-developer,\nX,robot,\nY,other,not-an-email\n")
        let unterminated = try workspace.write("unterminated.csv", "name,category\n\"Open Quote Labs,ai-developer\n")
        let noCategory = try workspace.write("no-category.csv", "name,country\nA,DE\n")
        let header = "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\n"
        let badDisclosures = try workspace.write(
            "bad-disclosures.csv",
            header
                + "A,B,NOT-AN-ISRC,web-scrape,1,yes,2023-01-01,,x\n"
                + "A,B,,web-scrape,-3,yes,2023-01-01,,x\n"
                + "A,B,,web-scrape,1,no,2023-05-01,2023-01-01,x\n"
                + "A,B,,teleport,1,maybe,2023-02-30,,x\n"
                + "A,B,,web-scrape,99999999999999999999,yes,2023-01-01,,x\n")
        let badNotices = try workspace.write(
            "bad-notices.csv",
            "recipient,date\nVector Labs,2024-05-20\nNobody Inc,2024-05-20\nMüller KI GmbH,2024-13-01\n")
        let invalid: [[String]] = [
            ["reply", "Nobody Inc", "--date", "2024-06-01", "--kind", "refusal"],
            ["reply", "Vector Labs", "--date", "2024-02-30", "--kind", "refusal"],
            ["reply", "Müller KI GmbH", "--date", "2024-06-01", "--kind", "acknowledgement"],  // still a draft
            ["reply", "Vector Labs", "--date", "2024-05-01", "--kind", "acknowledgement"],  // before the notice
            ["reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures", badDisclosures],
            ["reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures", "missing.csv"],
            ["reply", "Vector Labs", "--date", "2024-06-01", "--kind", "thanks"],
            ["reply", "Vector Labs", "--campaign", "No Such Campaign", "--date", "2024-06-01", "--kind", "refusal"],
            ["notice", "send", "Vector Labs", "--date", "2024-05-15"],  // already notified
            ["notice", "import", badNotices],
            ["recipient", "import", badRecipients],
            ["recipient", "import", unterminated],
            ["recipient", "import", noCategory],
            ["recipient", "add", "vector labs", "--category", "other"],
            ["recipient", "add", "Bad Country", "--category", "other", "--country", "XX"],
            ["campaign", "add", "notice 2024", "--issuer", "H", "--category", "other", "--deadline", "2024-06-01"],
            ["campaign", "add", "Forever", "--issuer", "H", "--category", "other", "--response-days", "99999999999"],
            [
                "campaign", "add", "Both", "--issuer", "H", "--category", "other", "--deadline", "2024-06-01",
                "--response-days", "3",
            ],
            ["extend", "Vector Labs", "--until", "2024-06-01"],  // not later than the deadline
            ["resolve", "Müller KI GmbH", "--reason", "licensed"],  // draft
            ["resolve", "Vector Labs", "--reason", "because"],
            ["escalate", "Müller KI GmbH"],
            ["overdue", "--as-of", "yesterday"],
            ["report", "--format", "pdf"],
            ["history", "Nobody Inc"],
            ["notice", "remind", "Müller KI GmbH", "--date", "2024-06-20"],  // still a draft
            ["notice", "remind", "Vector Labs", "--date", "2024-05-01"],  // before the notice
            ["notice", "remind", "--all", "--within", "99999999999", "--date", "2024-06-20"],
            ["notice", "remind", "--all", "--date", "2024-05-20"],  // nothing due within 7 days
            ["letter", "Vector Labs", "--verify", "missing.txt"],
            ["letter", "Vector Labs", "--verify", badNotices],  // not the letter
            ["letter", "Vector Labs", "--templates", "no-such-folder"],
            ["notice", "send", "Müller KI GmbH", "--date", "2024-05-15", "--templates", "no-such-folder"],
            ["frobnicate"],
        ]
        let before = try workspace.read("optout.sqlite")
        for arguments in invalid {
            let result = try workspace.run(arguments)
            let shown = arguments.joined(separator: " ")
            #expect(result.status != 0, "\(shown) should fail")
            #expect(result.stderr.hasPrefix("error: "), "\(shown): \(result.stderr)")
            #expect(
                result.stderr.split(separator: "\n").count == 1, "\(shown) printed more than one line: \(result.stderr)"
            )
            #expect(result.stdout.isEmpty, "\(shown) printed \(result.stdout)")
            #expect(try workspace.read("optout.sqlite") == before, "\(shown) changed the database")
        }
    }

    @Test func aBadFileIsRejectedWithEveryBadLineNumber() throws {
        let workspace = try smallCampaign()
        let path = try workspace.write(
            "recipients.csv",
            "name,category,country,email\nGood One,ai-developer,DE,\n,ai-developer,,\nX,robot,,\nGood Two,other,,\nY,other,XX,a@@b\n"
        )
        let result = try workspace.run("recipient", "import", path)
        #expect(result.status != 0)
        for line in ["line 3:", "line 4:", "line 6:"] {
            #expect(result.stderr.contains(line), "\(line) in \(result.stderr)")
        }
        #expect(!result.stderr.contains("line 2:") && !result.stderr.contains("line 5:"))
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM recipient") == "2")
    }

    @Test func aTransitionRefusalNamesTheRecipientTheCampaignTheStateAndTheAction() throws {
        let workspace = try smallCampaign()
        let result = try workspace.run("reply", "müller ki gmbh", "--date", "2024-06-01", "--kind", "refusal")
        #expect(result.status != 0)
        for fact in ["Müller KI GmbH", "Notice 2024", "draft", "refusal"] { #expect(result.stderr.contains(fact)) }
    }

    @Test func commandsOtherThanInitRefuseAMissingDatabaseAndCreateNothing() throws {
        let workspace = try Workspace()
        for arguments in [["campaign", "list"], ["overdue"], ["report"], ["recipient", "list"]] {
            let result = try workspace.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("optout init"))
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }

    @Test func theDatabaseFileIsPrivateToItsOwner() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        let attributes = try FileManager.default.attributesOfItem(atPath: workspace.database)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try workspace.sqlite("PRAGMA journal_mode") == "wal")
    }

    @Test func theDatabaseIsNamedByFlagThenEnvironmentThenDefault() throws {
        let workspace = try Workspace()
        try workspace.ok("init", "--db", "flag.sqlite")
        #expect(try workspace.run(["init"], environment: ["OPTOUT_DB": "env.sqlite"]).status == 0)
        for name in ["flag.sqlite", "env.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent(name).path))
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.database))
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let workspace = try smallCampaign()
        _ = try workspace.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('999_from_the_future')")
        let result = try workspace.run("campaign", "list")
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("newer version"))
    }

    @Test func reportCSVCellsCannotRunAsSpreadsheetFormulas() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok("campaign", "add", "C", "--issuer", "H", "--category", "other", "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "=HYPERLINK(\"http://evil.example\")", "--category", "other")
        try workspace.ok("recipient", "add", "@SUM(A1)", "--category", "other")
        let csv = try workspace.ok("report", "--format", "csv", "--as-of", "2024-07-01")
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""))
        #expect(csv.contains("'@SUM(A1)"))
        #expect(!csv.contains(",=") && !csv.contains(",@"))
    }

    @Test func theJSONReportMatchesItsSchema() throws {
        let workspace = try smallCampaign()
        try workspace.ok(
            "reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures",
            try workspace.write(
                "d.csv",
                "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\nA,B,,web-scrape,2,yes,2023-01-01,,\n"
            ))
        try workspace.ok("report", "--as-of", "2024-07-01", "--format", "json", "--output", "report.json")
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
        process.arguments = [
            "python3", "-c", script, schema, workspace.folder.appendingPathComponent("report.json").path,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && printed.contains("valid"), "schema validation failed: \(problems)")
    }

    @Test func severalProcessesAtOnceAllRecordTheirReplies() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "C", "--issuer", "H", "--category", "ai-developer", "--deadline", "2024-06-14")
        var csv = "name,category\n"
        for i in 0..<16 { csv += "Firm \(i),ai-developer\n" }
        try workspace.ok("recipient", "import", try workspace.write("r.csv", csv))
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        let processes = try (0..<16).map { i in
            try workspace.start(["reply", "Firm \(i)", "--date", "2024-06-01", "--kind", "acknowledgement"])
        }
        for (process, out, err) in processes {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(error)")
        }
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM reply") == "16")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM \"case\" WHERE state = 'acknowledged'") == "16")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM event WHERE action = 'reply-acknowledgement'") == "16")
    }

    @Test func theLoggedDigestIsTheSHA256OfTheLetterAsPrinted() throws {
        let workspace = try smallCampaign()
        let letter = try workspace.ok("letter", "Vector Labs")
        #expect(letter.contains("Vector Labs") && letter.contains("2024-06-14") && letter.contains("Harmonia"))
        let stored = try workspace.sqlite("SELECT letter_sha256 FROM notice")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        try process.run()
        input.fileHandleForWriting.write(Data(letter.utf8))
        try input.fileHandleForWriting.close()
        let digest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        process.waitUntilExit()
        #expect(String(digest) == stored)
    }

    @Test func theDemoBuildsASampleAndNeverTouchesAnExistingFile() throws {
        let workspace = try Workspace()
        let result = try workspace.run("demo")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("optout overdue"))
        let built = try workspace.read("optout-demo.sqlite")
        let again = try workspace.run("demo")
        #expect(again.status != 0 && again.stderr.hasPrefix("error: "))
        #expect(try workspace.read("optout-demo.sqlite") == built)
        let asOf = try #require(result.stdout.firstMatch(of: /As of (\d{4}-\d{2}-\d{2})/)?.1)
        let report = try #require(
            try workspace.json(
                try workspace.ok("report", "--db", "optout-demo.sqlite", "--format", "json", "--as-of", String(asOf)))
                as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        #expect((totals["recipients"] as? Int ?? 0) >= 700)
        #expect((totals["overdue"] as? Int ?? 0) > 0)
        #expect((report["campaigns"] as? [Any])?.count == 2)
    }
}
