import Foundation
import Testing

/// Command-line polish: "did you mean …?", help naming only what a command takes, tables that
/// fit the terminal.
@Suite struct CommandPolishTests {
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Polar Labs", "--category", "ai-developer")
        try workspace.ok(
            "recipient", "add", "A firm whose name is far too long for a narrow terminal", "--category", "ai-developer")
        return workspace
    }

    @Test func aMistypedCommandSuggestsTheOneMeant() throws {
        let run = try Workspace().run("reploy", "Polar Labs")
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "error: unknown command 'reploy'; did you mean 'reply'? (see `optout help`)\n")
    }

    @Test func aMistypedSubcommandSuggestsTheOneMeant() throws {
        let run = try Workspace().run("notice", "sned", "Polar Labs", "--date", "2024-05-14")
        #expect(run.status == 64)
        #expect(
            run.stderr
                == "error: unknown command 'notice sned'; did you mean 'notice send'? (see `optout help notice`)\n")
    }

    @Test func anUnknownCommandFarFromAnyIsNamedWithoutAGuess() throws {
        let run = try Workspace().run("frobnicate")
        #expect(run.status == 64)
        #expect(run.stderr == "error: unknown command 'frobnicate' (see `optout help`)\n")
    }

    @Test func aMistypedRecipientSuggestsTheClosestAndChangesNothing() throws {
        let workspace = try campaign()
        let before = try workspace.read("optout.sqlite")
        let run = try workspace.run("notice", "send", "Polar AI", "--date", "2024-05-14")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "error: no recipient is named 'Polar AI'; did you mean 'Polar Labs'? (or see `optout recipient list`)\n"
        )
        #expect(try workspace.read("optout.sqlite") == before)
    }

    @Test func aMistypedCampaignSuggestsTheClosest() throws {
        let workspace = try campaign()
        let run = try workspace.run("overdue", "--campaign", "Notise 2024")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "error: no campaign is named 'Notise 2024'; did you mean 'Notice 2024'? (campaigns: Notice 2024)\n")
    }

    @Test func formatHelpNamesOnlyTheFormatsACommandTakesAndItsDefaultOnce() throws {
        let workspace = try Workspace()
        for command in [
            ["overdue"], ["works"], ["history"], ["disclosures"], ["recipient", "list"], ["campaign", "list"],
        ] {
            let help = Self.words(try workspace.ok(command + ["--help"]))
            let format = help.components(separatedBy: "--format <format>").last ?? ""
            let line = format.prefix(while: { $0 != "-" })
            #expect(line.contains("table, csv or json"), "\(command)")
            #expect(!help.contains("markdown") && !help.contains("html"), "\(command): \(help)")
            #expect(help.components(separatedBy: "default: table").count == 2, "\(command): \(help)")
        }
        let report = Self.words(try workspace.ok("report", "--help"))
        #expect(report.contains("markdown, html, csv or json"))
        #expect(!report.contains("table"))
        #expect(report.components(separatedBy: "default: markdown").count == 2)
    }

    @Test func helpListsAnOptionsValuesAndDefaultOnce() throws {
        let help = Self.words(try Workspace().ok("notice", "remind", "--help"))
        #expect(
            help.contains("--channel <channel> How it was sent. (values: email, courier, post, other; default: email)"))
        #expect(help.components(separatedBy: "courier").count == 2)
        #expect(help.components(separatedBy: "default: 7").count == 2)
        #expect(!help.contains("(default 7)"))
    }

    /// Help text with its lines joined and its runs of spaces made one, as it reads unwrapped.
    static func words(_ help: String) -> String {
        help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func aFormatACommandDoesNotTakeIsStillRefused() throws {
        let workspace = try campaign()
        let markdown = try workspace.run("overdue", "--format", "markdown")
        #expect(markdown.status == 64)
        #expect(markdown.stderr == "error: --format for a listing is table, csv or json (see `optout help`)\n")
        let unknown = try workspace.run("works", "--format", "xml")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("error: ") && unknown.stderr.contains("use table, csv or json"))
    }

    /// Runs `optout ARGUMENTS` with its standard output on a pseudo-terminal (`script`).
    func onTerminal(_ workspace: Workspace, _ arguments: [String], columns: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([Workspace.binary.path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        process.arguments = ["-qec", command.joined(separator: " "), "/dev/null"]
        process.currentDirectoryURL = workspace.folder
        var environment = ProcessInfo.processInfo.environment
        environment["OPTOUT_DB"] = nil
        environment["COLUMNS"] = columns
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aTableOnATerminalFitsItsWidth() throws {
        let workspace = try campaign()
        let table = try onTerminal(workspace, ["recipient", "list"], columns: "60")
        let lines = table.split(separator: "\n")
        #expect(lines.count == 3, "\(table)")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(table)")
        #expect(table.contains("…"))
        // Off a terminal the cell is whole (up to its column's limit), and CSV keeps it whole anywhere.
        #expect(try workspace.ok("recipient", "list").contains("A firm whose name is far too long for a narrow …"))
        let csv = try onTerminal(workspace, ["recipient", "list", "--format", "csv"], columns: "60")
        #expect(csv.contains("A firm whose name is far too long for a narrow terminal"))
    }
}
