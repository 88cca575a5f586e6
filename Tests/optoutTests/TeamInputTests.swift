import Foundation
import OptOutKit
import Testing

/// `optout team …` refuses bad input before it connects anywhere (no server needed): an SQLite
/// database, a login name the server would cut, reserve or make look like another, and a
/// password that is not one line of text.
@Suite struct TeamInputTests {
    /// A team database nobody listens at: reaching it would be a connection error, so each
    /// refusal below was made before connecting.
    static let unreachable = "postgresql://nobody@127.0.0.1:1/nothing"

    func expectRefused(
        _ run: Workspace.Run, _ error: any OptOutError, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status != 0, "succeeded: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stderr == "error: \(error.errorLine)\n", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func teamModeNeedsAServerDatabase() throws {
        let workspace = try Workspace()
        expectRefused(try workspace.run("team", "list"), TeamError.needsServer(location: "optout.sqlite"))
        expectRefused(
            try workspace.run("team", "add", "alice", "--role", "clerk", "--db", "team.sqlite"),
            TeamError.needsServer(location: "team.sqlite"))
        expectRefused(
            try workspace.run("team", "remove", "alice", environment: ["OPTOUT_DB": "x.sqlite"]),
            TeamError.needsServer(location: "x.sqlite"))
        // No file was made for it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).isEmpty)

        // An existing SQLite database is left as it was.
        try workspace.ok("init")
        let before = try workspace.sqlite(".dump")
        expectRefused(
            try workspace.run(["team", "add", "bob", "--role", "admin", "--password-stdin"], input: "pw\n"),
            TeamError.needsServer(location: "optout.sqlite"))
        #expect(try workspace.sqlite(".dump") == before)
    }

    @Test func loginNamesTheServerWouldCutReserveOrConfuseAreRefused() throws {
        let workspace = try Workspace()
        let long = String(repeating: "é", count: 32)  // 64 bytes: the server would keep 63 of them
        let cases: [(String, TeamNameProblem)] = [
            ("postgres", .reserved), ("Postgres", .reserved), ("public", .reserved), ("pg_monitor", .reserved),
            ("optout_admin", .reserved), ("OPTOUT_clerk", .reserved), ("current_user", .reserved),
            (long, .tooLong(bytes: 64)), (" alice", .surroundingSpace), ("alice ", .surroundingSpace),
        ]
        for (name, problem) in cases {
            for arguments in [["team", "add", name, "--role", "viewer"], ["team", "remove", name]] {
                expectRefused(
                    try workspace.run(arguments + ["--db", TeamInputTests.unreachable]),
                    TeamError.invalidName(name: name, problem: problem))
            }
        }
        // 63 bytes is the longest name: it goes on to connect (and fails there).
        let run = try workspace.run(
            "team", "add", String(repeating: "a", count: 63), "--role", "viewer", "--db", TeamInputTests.unreachable)
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("error: cannot connect to"))
    }

    @Test func aPasswordIsOneNonEmptyLineOfText() throws {
        let workspace = try Workspace()
        let add = ["team", "add", "alice", "--role", "clerk", "--password-stdin", "--db", TeamInputTests.unreachable]
        let cases: [(String, TeamPasswordProblem)] = [
            ("", .empty), ("\n", .empty), ("\r\n", .empty), ("one\ntwo\n", .severalLines), ("one\ntwo", .severalLines),
            ("a\0b\n", .notText),
            (String(repeating: "x", count: 5_000), .tooLong(bytes: TeamMember.longestPassword + 3)),
        ]
        for (input, problem) in cases {
            expectRefused(try workspace.run(add, input: input), TeamError.invalidPassword(problem: problem))
        }
        // A terminal: the password would be typed in view, with nothing asking for it.
        if Workspace.runs(["script", "--version"]) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let command = ([Workspace.binary.path] + add).map {
                "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
            }
            process.arguments = ["script", "-qec", command.joined(separator: " "), "/dev/null"]
            process.currentDirectoryURL = workspace.folder
            process.standardInput = FileHandle.nullDevice
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus != 0)
            #expect(printed.contains("error: \(TeamError.invalidPassword(problem: .terminal).errorLine)"), "\(printed)")
        }
        // Bytes that are not UTF-8.
        let process = Process()
        process.executableURL = Workspace.binary
        process.arguments = add
        process.currentDirectoryURL = workspace.folder
        let stdin = Pipe()
        let err = Pipe()
        try stdin.fileHandleForWriting.write(contentsOf: Data([0x66, 0xff, 0xfe, 0x0a]))
        try stdin.fileHandleForWriting.close()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(
            String(decoding: stderr, as: UTF8.self)
                == "error: \(TeamError.invalidPassword(problem: .notText).errorLine)\n")
    }
}
