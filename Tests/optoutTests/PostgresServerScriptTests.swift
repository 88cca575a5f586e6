import Foundation
import Testing

/// `scripts/postgres-server.sh`, which `.ci/run` uses to start the team-mode tests' server: a
/// whole start / url / stop cycle on a server of its own, and the folders it must never touch.
struct PostgresServerScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres-server.sh")

    /// Debian's server programs, and a user to run them as when the tests run as root.
    static var canStart: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/15/bin/initdb")
            && (getuid() != 0 || Workspace.runs(["id", "-u", "postgres"])) && Workspace.runs(["psql", "--version"])
    }

    static func run(_ arguments: String...) throws -> PostgresFixture.Run {
        try PostgresFixture.execute(["bash", script.path] + arguments)
    }

    /// One line on standard error, beginning `error:`, and a non-zero exit.
    static func isOneErrorLine(_ run: PostgresFixture.Run) -> Bool {
        run.status != 0 && run.stderr.hasPrefix("error: ") && run.stderr.filter { $0 == "\n" }.count == 1
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.enabled(if: canStart, "needs postgresql-15 and psql (apt-get install postgresql-15); CI installs them"))
    func startsAServerThatTakesItsPasswordOnlyAndStopRemovesIt() throws {
        let folder = try Self.folder()
        defer { _ = try? Self.run("stop", folder.path) }
        try FileManager.default.removeItem(at: folder)  // `start` makes the folder

        let started = try Self.run("start", folder.path)
        #expect(started.status == 0, "\(started.stderr)")
        let url = try Self.run("url", folder.path).stdout.trimmingCharacters(in: .newlines)
        #expect(
            url.range(
                of: #"^postgresql://postgres:[0-9a-f]{32}@127\.0\.0\.1:[0-9]+/postgres$"#, options: .regularExpression)
                != nil)
        #expect(try PostgresFixture.psql(url, "SHOW listen_addresses;").check().lines == ["127.0.0.1"])
        let wrong = try PostgresFixture.url(url, password: "not-the-password")
        #expect(try PostgresFixture.psql(wrong, "SELECT 1;").connectionFailed)

        // Starting it again leaves the running server as it is.
        #expect(try Self.run("start", folder.path).status == 0)
        #expect(try Self.run("url", folder.path).stdout.trimmingCharacters(in: .newlines) == url)

        #expect(try Self.run("stop", folder.path).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        #expect(try PostgresFixture.psql(url, "SELECT 1;").connectionFailed)
        #expect(try Self.run("stop", folder.path).status == 0)  // nothing left to stop
    }

    @Test func stopAndStartRefuseAFolderTheScriptDidNotMake() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let precious = folder.appendingPathComponent("contract.pdf")
        try Data("signed".utf8).write(to: precious)

        #expect(Self.isOneErrorLine(try Self.run("stop", folder.path)))
        #expect(Self.isOneErrorLine(try Self.run("start", folder.path)))
        #expect(Self.isOneErrorLine(try Self.run("url", folder.path)))
        #expect(try Data(contentsOf: precious) == Data("signed".utf8))
    }

    @Test func aFolderPostgresCannotNameIsRefusedAndNotLeftBehind() throws {
        let parent = try Self.folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        for name in ["with space", "it's", "a,b"] {
            let folder = parent.appendingPathComponent(name)
            #expect(Self.isOneErrorLine(try Self.run("start", folder.path)), "\(name)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "\(name)")
        }
    }

    @Test func usageErrorsAreOneLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.isOneErrorLine(try Self.run("restart", folder.path)))
        #expect(Self.isOneErrorLine(try Self.run("start")))
        #expect(Self.isOneErrorLine(try Self.run("url", folder.appendingPathComponent("none").path)))
        #expect(try Self.run("stop", folder.appendingPathComponent("none").path).status == 0)
    }
}
