import Foundation
import Testing

/// A long command shows its progress on standard error when that is a terminal (a pseudo-terminal
/// made by `script`), and clears it; off a terminal it shows nothing.
@Suite struct ProgressCommandTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        let rows = (1...30).map { "Firm \($0),ai-developer" }.joined(separator: "\n")
        let file = try workspace.write("recipients.csv", "name,category\n\(rows)\n")
        try workspace.ok("recipient", "import", file)
        return workspace
    }

    /// Runs `optout` on a pseudo-terminal; what the terminal showed.
    func onTerminal(_ workspace: Workspace, _ arguments: [String]) throws -> (status: Int32, shown: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([Workspace.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = workspace.folder
        var environment = ProcessInfo.processInfo.environment
        environment["OPTOUT_DB"] = nil
        environment["OPTOUT_ACTOR"] = "paralegal"
        // Shown at once, so a small database shows it.
        environment["OPTOUT_PROGRESS_AFTER"] = "0"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let (stdout, _) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressIsShownOnATerminalAndCleared() throws {
        let workspace = try workspace()
        let verify = try onTerminal(workspace, ["verify"])
        #expect(verify.status == 0)
        #expect(verify.shown.contains("30 of 30 events checked, "), "\(verify.shown)")
        #expect(verify.shown.contains("left"), "\(verify.shown)")
        // Cleared before the result is printed: the line is erased, then the result follows.
        guard let drawn = verify.shown.range(of: "events checked") else { return }
        let after = verify.shown[drawn.upperBound...]
        #expect(after.contains("\r\u{1B}[K"), "\(verify.shown)")
        let sent = try onTerminal(workspace, ["notice", "send", "--all", "--date", "2024-05-14"])
        #expect(sent.status == 0)
        #expect(sent.shown.contains("30 of 30 notices logged"), "\(sent.shown)")
    }

    @Test func nothingIsShownOffATerminal() throws {
        let workspace = try workspace()
        let environment = ["OPTOUT_PROGRESS_AFTER": "0"]
        let sent = try workspace.run(["notice", "send", "--all", "--date", "2024-05-14"], environment: environment)
        #expect(sent.status == 0 && sent.stderr.isEmpty, "\(sent.stderr)")
        let verify = try workspace.run(["verify"], environment: environment)
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stderr)")
        #expect(!verify.stdout.contains("\u{1B}"))
    }
}
