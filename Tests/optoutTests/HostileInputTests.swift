import Foundation
import PropertyBased
import Testing

/// Generated argument vectors and files, hostile on purpose: `optout` must never trap, and every
/// failure must be one `error:` line with the database byte for byte as it was. Each property
/// runs a bounded number of cases; a failure prints the seed that reproduces it.
@Suite(.serialized) struct HostileInputTests {
    static let names = [
        "Vector Labs", "MÜLLER KI GMBH", "  müller   ki gmbh ", "1", "999999", "", " ",
        "Robert'); DROP TABLE recipient;--", "{{#x}}{{/x}} Labs", "{{> partial}}", "<script>alert(1)</script>",
        "=HYPERLINK(\"http://x\")", "\u{202E}evil", "Ⅻ", String(repeating: "A", count: 10_000),
        "Mid\u{1B}[2J\u{1B}[HClear Labs", "Bell\u{07}\u{08}\u{7F}Labs", "Tab\tLine\nBreak\rLabs",
        "\u{1B}]8;;http://x\u{07}link\u{1B}]8;;\u{07}", "Vector\u{200B} Labs", String(repeating: "B", count: 100_000),
    ]
    static let values = [
        "2024-06-01", "2024-02-30", "0000-01-01", "9999-12-31", "2024-6-1", "yesterday", "-1", "0",
        "99999999999999999999", "-9223372036854775808", "acknowledgement", "disclosure", "no-use",
        "refusal", "extension-request", "licensed", "table", "csv", "json", "html", "markdown", "pdf",
        "ai-developer", "streaming-service", "other", "DE", "XX", "Notice 2024", "x.csv", "/dev/null",
        "/nonexistent/file.csv", "GB-AAA-24-00001", "T-034.524.680-1", "%s%n%x", "..", "NaN",
        "1899-12-31", "2200-12-31", "2201-01-01", "1900-01-01", "/", "/dev/zero", String(repeating: "v", count: 70_000),
    ]
    static let flags = [
        "--campaign", "--date", "--kind", "--as-of", "--format", "--summary", "--disclosures", "--until",
        "--reason", "--note", "--category", "--country", "--email", "--deadline", "--response-days",
        "--reference", "--channel", "--state", "--output", "--within", "--templates", "--head",
        "--verify", "--all", "--reminder", "--covers", "--", "-x", "--help=no",
    ]
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
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
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
            #expect(
                stderr.hasPrefix("error: ") && stderr.split(separator: "\n").count == 1 && stderr.utf8.count < 10_000,
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
        Array("\u{1B}[2J\u{1B}[H".utf8), [0x07, 0x08, 0x7F, 0x09], Array("\u{202E}\u{200B}".utf8),
        Array("9999-12-31".utf8),
        Array("1899-12-31".utf8), [UInt8](repeating: UInt8(ascii: "x"), count: 70_000),
        [UInt8](repeating: UInt8(ascii: "\""), count: 1_001), [UInt8](repeating: UInt8(ascii: "n"), count: 1_001),
    ]
    static let headers = [
        "name,category,country,email,contact,parent",
        "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification",
        "recipient,date,channel,reference,deadline", "title,artist,isrc,iswc,owner,released", "", "name",
    ]
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
            "name,category," + wide + "\nWide Labs,ai-developer," + (0..<10_000).map { _ in "" }.joined(separator: ",")
                + "\n",
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

    // MARK: - Deep and broken templates

    /// Pieces of templates, each repeated a generated number of times.
    static let templatePieces = [
        "{{#a}}", "{{/a}}", "{{^b}}", "{{/b}}", "{{$c}}", "{{/c}}", "{{<letters/ai-developer}}",
        "{{> letters/footer}}", "{{> letters/ai-developer}}", "{{>*recipient.name}}", "{{=<% %>=}}",
        "<%#a%>", "<%/a%>", "{{=}}", "{{", "}}", "{{{recipient.name}}}", "{{&issuer}}", "text\n",
        "{{recipient.name}}", "{{! comment", "{{#recipient}}{{name}}{{/recipient}}", " ", "\u{1B}[2J", "",
        String(repeating: "x", count: 400),
    ]

    /// Runs `arguments` and checks only that it never traps and fails with one `error:` line.
    static func expectNoTrap(_ workspace: Workspace, _ arguments: [String]) throws {
        let (process, out, err) = try workspace.start(arguments)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let (_, errorBytes) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        watchdog.cancel()
        let stderr = String(decoding: errorBytes, as: UTF8.self)
        let shown = arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ")
        #expect(
            process.terminationReason == .exit && ![132, 133, 134, 139].contains(process.terminationStatus),
            "optout \(shown) was killed by signal \(process.terminationStatus) (or hung)")
        if process.terminationStatus != 0 {
            #expect(
                stderr.hasPrefix("error: ") && stderr.split(separator: "\n").count == 1 && stderr.utf8.count < 10_000,
                "optout \(shown) failed without one error line: \(stderr.prefix(300))")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func generatedDeepAndBrokenTemplatesNeverTrap() async throws {
        let workspace = try campaign()
        let letters = workspace.folder.appendingPathComponent("t/letters")
        try FileManager.default.createDirectory(at: letters, withIntermediateDirectories: true)
        let piece = zip(
            Gen.element(of: Self.templatePieces).map { $0 ?? "" }, Gen.element(of: [1, 2, 65, 3_000]).map { $0 ?? 1 }
        )
        .map { piece, count in String(repeating: piece, count: count) }
        let template = piece.array(of: 0...6).map { $0.joined() }
        await propertyCheck(count: 25, input: template, template) { letter, footer in
            do {
                try Data(letter.utf8).write(to: letters.appendingPathComponent("ai-developer.mustache"))
                try Data(footer.utf8).write(to: letters.appendingPathComponent("footer.mustache"))
                try Data(letter.utf8).write(to: workspace.folder.appendingPathComponent("t/report.md.mustache"))
                try Self.expectNoTrap(workspace, ["letter", "Vector Labs", "--templates", "t"])
                try Self.expectNoTrap(workspace, ["report", "--format", "markdown", "--templates", "t"])
            } catch {
                Issue.record("could not run optout: \(error)")
            }
        }
    }

    // MARK: - Corrupted databases

    /// The demo database, built once for the corrupted-database properties.
    static let demo: Result<Data, any Error> = Result {
        let workspace = try Workspace()
        let run = try workspace.run("demo", "--db", "demo.sqlite")
        guard run.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return try workspace.read("demo.sqlite")
    }

    /// The commands that only read, as a person runs them on a database they were handed.
    static let readers: [[String]] = [
        ["overdue", "--as-of", "2024-09-01"], ["report", "--as-of", "2024-09-01"],
        ["report", "--format", "html", "--as-of", "2024-09-01"],
        ["report", "--format", "csv"], ["report", "--format", "json"], ["works"], ["campaign", "list"],
        ["recipient", "list"],
        ["history", "Vector Lyre Labs"], ["check"], ["verify"], ["disclosures", "Vector Lyre Labs"],
    ]

    /// Runs `sql` with the `sqlite3` program on `path`, as another program would.
    static func sqlite3(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    @Test(.timeLimit(.minutes(5)))
    func databasesWithFlippedBytesNeverTrap() async throws {
        let demo = try Self.demo.get()
        let workspace = try Workspace()
        let flip = zip(Gen.int(in: 0..<demo.count), Gen.int(in: 0...255))
        let reader = Gen.element(of: Self.readers).map { $0 ?? [] }
        await propertyCheck(count: 12, input: flip.array(of: 1...16), reader.array(of: 3...3)) { flips, readers in
            do {
                var bytes = demo
                for (offset, value) in flips { bytes[offset] = UInt8(value) }
                let url = workspace.folder.appendingPathComponent("corrupt.sqlite")
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
                try bytes.write(to: url)
                for arguments in readers { try Self.expectNoTrap(workspace, arguments + ["--db", url.path]) }
            } catch {
                Issue.record("could not run optout: \(error)")
            }
        }
    }

    /// Columns and values the schema allows (or that bypass it) that the program cannot read.
    static let storedColumns = [
        ("case", "deadline"), ("case", "sent_on"), ("case", "last_reply_on"), ("case", "state"),
        ("case", "resolution"), ("case", "campaign_id"), ("campaign", "deadline"), ("campaign", "category"),
        ("campaign", "requests"), ("campaign", "response_days"), ("campaign", "template"),
        ("recipient", "category"), ("recipient", "name"), ("recipient", "parent"), ("notice", "sent_on"),
        ("notice", "channel"), ("notice", "kind"), ("reply", "received_on"), ("reply", "kind"),
        ("disclosure", "access_method"), ("disclosure", "copies_made"), ("disclosure", "copies_exist"),
        ("disclosure", "held_from"), ("disclosure", "held_until"), ("disclosure", "matched_by"),
        ("disclosure", "work_id"), ("event", "on_date"), ("event", "from_state"),
    ]
    static let storedValues = [
        "'2024-02-30'", "'9999-12-31'", "'0000-00-00'", "'2024-2-3'", "X'FF00'", "'notifed'", "'web-scrapf'",
        "-1", "1e308", "''", "'\u{1B}[2J'", "99999999999", "'many'", "3.5", "NULL",
        "'../../../etc/passwd'", "'{{#a}}'", "printf('%.*c', 100000, 'x')", "name",
    ]

    @Test(.timeLimit(.minutes(5)))
    func valuesWrittenOutsideOptoutNeverTrap() async throws {
        let demo = try Self.demo.get()
        let workspace = try Workspace()
        let column = Gen.element(of: Self.storedColumns).map { $0 ?? ("case", "deadline") }
        let value = Gen.element(of: Self.storedValues).map { $0 ?? "NULL" }
        let reader = Gen.element(of: Self.readers).map { $0 ?? [] }
        await propertyCheck(
            count: 14, input: zip(column, value, Gen.int(in: 1...7)).array(of: 1...3), reader.array(of: 4...4)
        ) { edits, readers in
            do {
                let url = workspace.folder.appendingPathComponent("edited.sqlite")
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
                try demo.write(to: url)
                var sql = "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF;"
                sql += "DROP TRIGGER IF EXISTS event_is_append_only_update;"
                for (table, name) in Set(edits.map { "\($0.0.0)|\($0.0.1)" }).map({
                    $0.split(separator: "|").map(String.init)
                }).compactMap({ $0.count == 2 ? ($0[0], $0[1]) : nil }) {
                    sql += "DROP TRIGGER IF EXISTS \(table)_\(name)_is_a_date_on_update;"
                }
                for ((table, name), value, every) in edits {
                    sql += "UPDATE \"\(table)\" SET \(name) = \(value) WHERE rowid % \(every) = 0;"
                }
                try Self.sqlite3(url.path, sql)
                for arguments in readers { try Self.expectNoTrap(workspace, arguments + ["--db", url.path]) }
            } catch {
                Issue.record("could not run optout: \(error)")
            }
        }
    }
}
