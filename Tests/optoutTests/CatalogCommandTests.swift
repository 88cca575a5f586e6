import Foundation
import Testing

/// `optout catalog import`, `works`, `disclosures` and `reply --covers`, run as a person runs them.
@Suite struct CatalogCommandTests {
    static let catalogue = """
        title,artist,isrc,iswc,owner,released
        Paper Skies,Ines Calder,GB-HMG-21-00002,,Harmonia UK,2021-03-01
        "Chloé's Song",Anouk Bélair,FR-HMG-20-00001,T-034.524.680-1,Harmonia FR,2020
        Glass Rivers,Mara Quill,GBHMG2100003,,Harmonia UK,2021

        """

    static let disclosures = """
        title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
        CHLOES SONG,Anouk Belair,,web-scrape,3,yes,2023-01-01,,training
        Paper Skies (feat. DJ Kestrel),Ines Calder,,third-party-dataset,2,no,2023-01-01,2023-02-01,evaluation
        Not Ours,Nobody,US-XYZ-24-00001,web-scrape,9,yes,2023-01-01,,training

        """

    /// A group (Müller Holding AG and its subsidiary Müller KI GmbH) and Vector Labs, notified;
    /// the holding has disclosed for both.
    func disclosedCampaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        let recipients = try workspace.write(
            "recipients.csv",
            """
            name,category,parent
            Müller Holding AG,ai-developer,
            Müller KI GmbH,ai-developer,Müller Holding AG
            Vector Labs,ai-developer,

            """)
        try workspace.ok("recipient", "import", recipients)
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        let file = try workspace.write("disclosures.csv", Self.disclosures)
        let reply = try workspace.ok(
            "reply", "Müller Holding AG", "--date", "2024-06-01", "--kind", "disclosure",
            "--disclosures", file, "--covers", "müller ki gmbh")
        #expect(reply.contains("for Müller KI GmbH: notified → responded"))
        return workspace
    }

    @Test func importingTheCatalogueMatchesTheDisclosuresAndWorksAnswersWhoUsedWhat() throws {
        let workspace = try disclosedCampaign()
        let catalogue = try workspace.write("catalogue.csv", Self.catalogue)
        let output = try workspace.ok("catalog", "import", catalogue)
        #expect(output.contains("3 added, 0 updated, 0 unchanged; the catalogue holds 3 works."))
        // Two works for each of the two firms, by title and artist; the third is not ours.
        #expect(
            output.contains(
                "4 to the catalogue (0 by ISRC, 4 by title and artist); 2 name a work it does not have (unknown-work).")
        )

        let works = try workspace.json(try workspace.ok("works", "--format", "json")) as? [[String: Any]] ?? []
        #expect(works.map { $0["title"] as? String } == ["Chloé's Song", "Paper Skies"])
        #expect(works.first?["recipients"] as? Int == 2)
        #expect(works.first?["copies"] as? Int == 3)  // the group's copies, once
        #expect(works.first?["copies_still_held"] as? Int == 3)
        #expect(works.first?["isrc"] as? String == "FRHMG2000001")
        #expect(works.first?["iswc"] as? String == "T-034.524.680-1")
        #expect(works.first?["disclosed_by"] as? String == "Müller Holding AG; Müller KI GmbH")
        #expect(works.last?["still_held_by"] is NSNull)

        let table = try workspace.ok("works")
        #expect(table.hasPrefix("work_id  title"))
        let csv = try workspace.ok("works", "--format", "csv", "--campaign", "Notice 2024")
        #expect(csv.split(separator: "\r\n").count == 3)

        let disclosed =
            try workspace.json(try workspace.ok("disclosures", "müller ki gmbh", "--format", "json"))
            as? [[String: Any]] ?? []
        #expect(disclosed.map { $0["match"] as? String } == ["title-artist", "title-artist", "unknown-work"])
        #expect(disclosed.allSatisfy { $0["through"] as? String == "Müller Holding AG" })
        #expect(disclosed.first?["catalogue_work"] as? String == "Chloé's Song — Anouk Bélair (FRHMG2000001)")
    }

    @Test func importingTheSameCatalogueAgainUpdatesNothing() throws {
        let workspace = try disclosedCampaign()
        let catalogue = try workspace.write("catalogue.csv", Self.catalogue)
        try workspace.ok("catalog", "import", catalogue)
        let again = try workspace.ok("catalog", "import", catalogue)
        #expect(again.contains("0 added, 0 updated, 3 unchanged"))
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM work") == "3")
    }

    @Test func everyBadInputLeavesTheDatabaseAsItWas() throws {
        let workspace = try disclosedCampaign()
        let badLines = try workspace.write(
            "bad.csv",
            """
            title,artist,isrc,iswc
            Fine,Artist,GBHMG2100009,
            ,Artist,GBHMG2100010,
            Song,Artist,XX-HMG-21-00011,
            Song,Artist,,T-034.524.680-2
            Song,Artist,,

            """)
        let duplicate = try workspace.write(
            "duplicate.csv",
            """
            title,artist,isrc
            Paper Skies,Ines Calder,GBHMG2100002
            Glass Rivers,Ines Calder,GB-HMG-21-00002

            """)
        let noIdentifier = try workspace.write("no-identifier.csv", "title,artist,owner\nSong,Artist,Label\n")
        let invalid: [[String]] = [
            ["catalog", "import", badLines],
            ["catalog", "import", duplicate],
            ["catalog", "import", noIdentifier],
            ["catalog", "import", "missing.csv"],
            ["catalog", "import"],
            ["works", "--format", "markdown"],
            ["works", "--campaign", "No Such Campaign"],
            ["disclosures", "Nobody Inc"],
            ["disclosures", "Vector Labs", "--campaign", "No Such Campaign"],
            ["reply", "Vector Labs", "--date", "2024-06-02", "--kind", "refusal", "--covers", "Müller KI GmbH"],
            ["reply", "Müller Holding AG", "--date", "2024-06-02", "--kind", "refusal", "--covers", "Nobody Inc"],
            [
                "reply", "Müller Holding AG", "--date", "2024-06-02", "--kind", "refusal", "--covers",
                "Müller Holding AG",
            ],
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
        let bad = try workspace.run("catalog", "import", badLines)
        for line in ["line 3:", "line 4:", "line 5:", "line 6:"] {
            #expect(bad.stderr.contains(line), "\(line) in \(bad.stderr)")
        }
        #expect(!bad.stderr.contains("line 2:"))
        #expect(bad.stderr.contains("check digit is 2"))
        let twice = try workspace.run("catalog", "import", duplicate)
        #expect(twice.stderr.contains("line 3: ISRC GBHMG2100002 is on line 2 too"))
    }

    @Test func worksOnADatabaseWithoutACatalogueListsNothing() throws {
        let workspace = try disclosedCampaign()
        #expect((try workspace.json(try workspace.ok("works", "--format", "json")) as? [Any])?.isEmpty == true)
        let disclosed =
            try workspace.json(try workspace.ok("disclosures", "Müller Holding AG", "--format", "json"))
            as? [[String: Any]] ?? []
        #expect(disclosed.count == 3 && disclosed.allSatisfy { $0["match"] is NSNull })
    }

    @Test func theReportShowsTheCatalogueAndGroupsAffiliatesUnderTheirParent() throws {
        let workspace = try disclosedCampaign()
        try workspace.ok("catalog", "import", try workspace.write("catalogue.csv", Self.catalogue))
        let markdown = try workspace.ok("report", "--as-of", "2024-07-01")
        #expect(markdown.contains("Works in the catalogue: 3; disclosed: 2."))
        #expect(markdown.contains("| ↳ Müller KI GmbH (of Müller Holding AG) |"))
        let html = try workspace.ok("report", "--as-of", "2024-07-01", "--format", "html")
        #expect(html.contains("<h2>Catalogue</h2>"))
        let csv = try workspace.ok("report", "--as-of", "2024-07-01", "--format", "csv")
        #expect(
            csv.hasPrefix(
                "recipient,recipient_id,category,campaign,state,sent_on,deadline,days_overdue,last_reply_on,resolution,missing,parent\r\n"
            ))

        // The JSON report, with its catalogue section, follows its schema.
        try workspace.ok("report", "--as-of", "2024-07-01", "--format", "json", "--output", "report.json")
        let report =
            try workspace.json(String(decoding: try workspace.read("report.json"), as: UTF8.self)) as? [String: Any]
        let catalogue = report?["catalogue"] as? [String: Any]
        #expect(catalogue?["works_owned"] as? Int == 3)
        #expect((catalogue?["most_disclosed"] as? [[String: Any]])?.first?["title"] as? String == "Chloé's Song")
        let holders = catalogue?["copies_still_held_by_recipient"] as? [[String: Any]] ?? []
        #expect(holders.map { $0["recipient"] as? String } == ["Müller Holding AG", "Müller KI GmbH"])
        #expect(holders.map { $0["copies"] as? Int } == [12, 0])
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schema/report.schema.json").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
            print("valid")
            """, schema, workspace.folder.appendingPathComponent("report.json").path,
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
}
