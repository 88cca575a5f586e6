import Foundation
import PropertyBased
import Testing

/// Generated argument vectors and files, hostile on purpose: `optout` must never trap, and every
/// failure must be one `error:` line with the database byte for byte as it was. Each property
/// runs a bounded number of cases; a failure prints the seed that reproduces it.
@Suite(.serialized) struct HostileInputTests {
    static let names = ["Vector Labs", "MÜLLER KI GMBH", "  müller   ki gmbh ", "1", "999999", "", " ",
                        "Robert'); DROP TABLE recipient;--", "{{#x}}{{/x}} Labs", "{{> partial}}", "<script>alert(1)</script>",
                        "=HYPERLINK(\"http://x\")", "\u{202E}evil", "Ⅻ", String(repeating: "A", count: 10_000)]
    static let values = ["2024-06-01", "2024-02-30", "0000-01-01", "9999-12-31", "2024-6-1", "yesterday", "-1", "0",
                         "99999999999999999999", "-9223372036854775808", "acknowledgement", "disclosure", "no-use",
                         "refusal", "extension-request", "licensed", "table", "csv", "json", "html", "markdown", "pdf",
                         "ai-developer", "streaming-service", "other", "DE", "XX", "Notice 2024", "x.csv", "/dev/null",
                         "/nonexistent/file.csv", "GB-AAA-24-00001", "T-034.524.680-1", "%s%n%x", "..", "NaN"]
    static let flags = ["--campaign", "--date", "--kind", "--as-of", "--format", "--summary", "--disclosures", "--until",
                        "--reason", "--note", "--category", "--country", "--email", "--deadline", "--response-days",
                        "--reference", "--channel", "--state", "--output", "--within", "--templates", "--head",
                        "--verify", "--all", "--reminder", "--covers", "--", "-x", "--help=no"]
    static let commands: [[String]] = [
        ["reply"], ["notice", "send"], ["notice", "import"], ["notice", "remind"], ["recipient", "add"],
        ["recipient", "import"], ["recipient", "list"], ["campaign", "add"], ["campaign", "list"], ["extend"],
        ["escalate"], ["resolve"], ["overdue"], ["history"], ["report"], ["letter"], ["verify"], ["check"],
        ["catalog", "import"], ["works"], ["disclosures"], ["templates"], ["frobnicate"], [],
    ]

    /// A small campaign: one notified recipient, one draft.
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok("campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
                         "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Müller KI GmbH", "--category", "ai-developer", "--country", "DE")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14")
        return workspace
    }

    /// Runs `arguments` and checks the promise; returns the database as it is afterwards.
    static func expectNoTrap(_ workspace: Workspace, _ arguments: [String], database before: Data) throws -> Data {
        let (process, out, err) = try workspace.start(arguments)
        let (stdout, errorBytes) = Workspace.readBoth(out, err)
        let stderr = String(decoding: errorBytes, as: UTF8.self)
        process.waitUntilExit()
        let shown = arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ")
        #expect(process.terminationReason == .exit, "optout \(shown) was killed by signal \(process.terminationStatus)")
        let after = try workspace.read("optout.sqlite")
        if process.terminationStatus != 0 {
            #expect(stderr.hasPrefix("error: ") && stderr.split(separator: "\n").count == 1 && stderr.utf8.count < 10_000,
                    "optout \(shown) failed without one error line: \(stderr.prefix(300))")
            #expect(after == before, "optout \(shown) failed and changed the database")
            _ = stdout
        }
        return after
    }

    @Test(.timeLimit(.minutes(5)))
    func generatedArgumentVectorsNeverTrapAndFailCleanly() async throws {
        let workspace = try campaign()
        let token = Gen.oneOf(Gen.element(of: Self.names), Gen.element(of: Self.values), Gen.element(of: Self.flags))
            .map { $0 ?? "" }
        let command = Gen.element(of: Self.commands).map { $0 ?? [] }
        var database = try workspace.read("optout.sqlite")
        await propertyCheck(count: 150, input: command, token.array(of: 0...7)) { command, tokens in
            do {
                database = try Self.expectNoTrap(workspace, command + tokens, database: database)
            } catch {
                Issue.record("could not run optout: \(error)")
            }
        }
    }

    /// Cells of a generated CSV file, as bytes: ordinary, hostile, broken.
    static let cells: [[UInt8]] = [
        Array("Vector Labs".utf8), Array("ai-developer".utf8), Array("2024-06-01".utf8), Array("web-scrape".utf8),
        Array("yes".utf8), Array("12".utf8), Array("-3".utf8), Array("GBAYE2400001".utf8), Array("".utf8),
        Array("\"quoted, with comma\"".utf8), Array("\"unterminated".utf8), Array("a\"b".utf8), Array("\"\"".utf8),
        Array("Robert'); DROP TABLE recipient;--".utf8), Array("{{#x}}{{/x}} Labs".utf8), Array("=1+1".utf8),
        [0x00], [0x41, 0x00, 0x42], [0xFF, 0xFE], [0xC3], [0xED, 0xA0, 0x80], Array("Müller".utf8), [0x0D], [0x0A],
        Array("\u{FEFF}name".utf8), Array("T-034.524.680-1".utf8), Array("99999999999999999999".utf8),
    ]
    static let headers = ["name,category,country,email,contact,parent",
                          "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification",
                          "recipient,date,channel,reference,deadline", "title,artist,isrc,iswc,owner,released", "", "name"]
    static let importers: [[String]] = [
        ["recipient", "import"], ["notice", "import"], ["catalog", "import"],
        ["reply", "Vector Labs", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures"],
    ]

    @Test(.timeLimit(.minutes(5)))
    func generatedFilesNeverTrapAndFailCleanly() async throws {
        let workspace = try campaign()
        let cell = Gen.element(of: Self.cells).map { $0 ?? [] }
        let row = cell.array(of: 0...12)
        let file = zip(Gen.element(of: Self.headers).map { $0 ?? "" }, row.array(of: 0...6), Gen.bool)
            .map { header, rows, crlf -> [UInt8] in
                let end: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
                var bytes = Array(header.utf8) + end
                for row in rows {
                    for (index, cell) in row.enumerated() { bytes += (index > 0 ? [0x2C] : []) + cell }
                    bytes += end
                }
                return bytes
            }
        let importer = Gen.element(of: Self.importers).map { $0 ?? [] }
        var database = try workspace.read("optout.sqlite")
        await propertyCheck(count: 80, input: importer, file) { importer, bytes in
            do {
                let url = workspace.folder.appendingPathComponent("generated.csv")
                try Data(bytes).write(to: url)
                database = try Self.expectNoTrap(workspace, importer + [url.path], database: database)
            } catch {
                Issue.record("could not run optout: \(error)")
            }
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func hugeCellsAndTenThousandColumnsAreRefusedCleanly() throws {
        let workspace = try campaign()
        let megabyte = String(repeating: "x", count: 1 << 20)
        let wide = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        let files = [
            "name,category\n\(megabyte),ai-developer\n",
            "name,category\nHuge Labs,\(megabyte)\n",
            "name,category," + wide + "\nWide Labs,ai-developer," + (0..<10_000).map { _ in "" }.joined(separator: ",") + "\n",
            wide + "\n" + wide + "\n",
            "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\n\(megabyte),A,,web-scrape,1,yes,2023-01-01,,\(megabyte)\n",
        ]
        var database = try workspace.read("optout.sqlite")
        for (index, text) in files.enumerated() {
            let path = try workspace.write("big-\(index).csv", text)
            for importer in Self.importers {
                database = try Self.expectNoTrap(workspace, importer + [path], database: database)
            }
        }
    }
}
