import Foundation
import Testing

/// The README as a tested document: every ```console block is run, in order, in one temporary
/// folder that holds a copy of `Examples/`, by one `bash` (so `export` and the files a block
/// writes carry over to the blocks after it, as they do for a reader following along), with
/// `optout` the binary this build made. Each `$ ` line is a command; the lines after it, up to the
/// next `$ ` line, are what it prints (standard output and standard error together). A line that
/// is only `...` stands for any number of lines.
///
/// What changes from run to run is masked, on both sides, before they are compared:
/// - a moment, `2026-11-23T14:22:58Z`, becomes `<time>` (when a command was entered);
/// - a SHA-256, in full (64 hex digits) or shortened (`95da3d84…`), becomes `<sha256>` (seals and
///   heads cover those moments; a letter's digest is checked by `LetterCommandTests`);
/// - an event or command number, `#2197`, becomes `#<id>`;
/// - a Message-ID's random part (32 hex digits before `@`) becomes `<message-id>@`;
/// - an absolute path's folders, `/home/j.doe/`, become `<folder>/` (the test's folder is a new
///   temporary one).
/// Trailing spaces and trailing blank lines are ignored.
///
/// A block may be left out with `<!-- readme-test: skip: REASON -->` on the line before it (or
/// before the blank line before it); the reason is required.
@Suite struct ReadmeTests {
    struct Command {
        let line: String
        let expected: [String]
        /// Where the command is written in the README (1-based line).
        let readmeLine: Int
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The commands of every console block not marked to be skipped, in order.
    static func commands(in readme: String) throws -> [Command] {
        let lines = readme.components(separatedBy: "\n")
        var commands: [Command] = []
        var index = 0
        while index < lines.count {
            guard lines[index].trimmingCharacters(in: .whitespaces) == "```console" else {
                index += 1
                continue
            }
            let opening = index
            var before = opening - 1
            if before >= 0 && lines[before].trimmingCharacters(in: .whitespaces).isEmpty { before -= 1 }
            let marker = before >= 0 ? lines[before].trimmingCharacters(in: .whitespaces) : ""
            let skipped = marker.hasPrefix("<!-- readme-test: skip")
            if skipped {
                let reason = marker.dropFirst("<!-- readme-test: skip".count).drop { $0 == ":" || $0 == " " }
                    .replacingOccurrences(of: "-->", with: "").trimmingCharacters(in: .whitespaces)
                #expect(!reason.isEmpty, "README line \(opening + 1): a skipped block must say why")
            }
            index += 1
            var current: (line: String, expected: [String], at: Int)?
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                let line = lines[index]
                if line.hasPrefix("$ ") {
                    if let current, !skipped {
                        commands.append(Command(line: current.line, expected: current.expected, readmeLine: current.at))
                    }
                    current = (String(line.dropFirst(2)), [], index + 1)
                } else if current != nil {
                    current?.expected.append(line)
                }
                index += 1
            }
            if let current, !skipped {
                commands.append(Command(line: current.line, expected: current.expected, readmeLine: current.at))
            }
            index += 1
        }
        return commands
    }

    /// The masks the comparison applies to both sides (documented above).
    static func masked(_ line: String) -> String {
        var text = line
        let rules: [(String, String)] = [
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#, "<time>"),
            (#"[0-9a-f]{64}"#, "<sha256>"),
            (#"[0-9a-f]{8}…"#, "<sha256>…"),
            (#"#\d+"#, "#<id>"),
            (#"[0-9a-f]{32}@"#, "<message-id>@"),
            (#"(?<=^|[\s(])/[^\s]*/"#, "<folder>/"),
        ]
        for (pattern, replacement) in rules {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// Lines with their masks applied, trailing blank lines dropped.
    static func normalised(_ lines: [String]) -> [String] {
        var lines = lines.map(masked)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Whether `actual` is `expected`, where an expected `...` line stands for any lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "..." {
            let rest = expected.dropFirst()
            var tail = actual
            while true {
                if matches(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let line = actual.first, line == first else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    @Test func everyConsoleBlockPrintsWhatItShows() throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = try Self.commands(in: readme)
        #expect(commands.count > 30)

        let workspace = try Workspace()
        let folder = workspace.folder
        try FileManager.default.copyItem(
            at: Self.packageRoot.appendingPathComponent("Examples"),
            to: folder.appendingPathComponent("Examples"))
        let bin = folder.appendingPathComponent(".bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: bin.appendingPathComponent("optout"),
            withDestinationURL: Workspace.binary)

        let marker = "@@readme-command@@"
        var script = "cd \"$READMETEST_FOLDER\" || exit 1\nexport PATH=\"$READMETEST_FOLDER/.bin:$PATH\"\n"
        for command in commands {
            script += "printf '\\n%s\\n' '\(marker)'\n{\n\(command.line)\n} </dev/null 2>&1\n"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPTOUT_DB", "OPTOUT_ACTOR", "OPTOUT_TEMPLATES"] { environment[name] = nil }
        environment["READMETEST_FOLDER"] = folder.path
        // A reader's terminal is wide enough; tables are compared as a file would get them.
        environment["COLUMNS"] = "400"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        var pieces = output.components(separatedBy: "\n\(marker)\n")
        pieces.removeFirst()
        #expect(pieces.count == commands.count)

        for (command, printed) in zip(commands, pieces) {
            let expected = Self.normalised(command.expected)
            let actual = Self.normalised(printed.components(separatedBy: "\n"))
            #expect(
                Self.matches(expected[...], actual[...]),
                """
                README line \(command.readmeLine): `\(command.line)`
                --- the README shows (masked):
                \(expected.joined(separator: "\n"))
                --- optout printed (masked):
                \(actual.joined(separator: "\n"))
                """)
        }
    }

    @Test func theMasksAndTheEllipsisDoWhatTheyClaim() {
        #expect(
            Self.masked("2026-11-23T14:22:58Z  j.doe  sha256 95da3d84… #2197")
                == "<time>  j.doe  sha256 <sha256>… #<id>")
        #expect(
            Self.masked("Created the database at /home/j.doe/campaign.sqlite (x).")
                == "Created the database at <folder>/campaign.sqlite (x).")
        #expect(Self.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(Self.matches(["a", "..."], ["a"]))
        #expect(!Self.matches(["a", "...", "d"], ["a", "b", "c"]))
        #expect(!Self.matches(["a"], ["a", "b"]))
    }
}
