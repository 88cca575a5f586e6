import Foundation
import Testing

/// The same campaign run through the built binary on a database file and on a team database:
/// every command prints the same, and the report, listings and history say the same.
@Suite(.postgres)
struct TeamScenarioTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")

    /// The scenario's commands, each run with `--db` added; the outputs compared across stores.
    static func scenario(_ examples: URL) -> [[String]] {
        let file = { (name: String) in examples.appendingPathComponent(name).path }
        return [
            [
                "campaign", "add", "AI Notice", "--issuer", "Harmonia", "--category", "ai-developer",
                "--response-business-days", "20", "--calendar", "GB-ENG",
            ],
            [
                "campaign", "add", "Streaming", "--issuer", "Harmonia", "--category", "streaming-service",
                "--deadline", "2024-07-31",
            ],
            ["recipient", "import", file("recipients.csv")],
            ["catalog", "import", file("catalogue.csv")],
            ["notice", "send", "--all", "--campaign", "AI Notice", "--date", "2024-05-14"],
            ["notice", "send", "--all", "--campaign", "Streaming", "--date", "2024-05-20"],
            [
                "reply", "Müller KI GmbH", "--campaign", "AI Notice", "--date", "2024-05-20", "--kind",
                "acknowledgement",
            ],
            [
                "reply", "Müller KI GmbH", "--campaign", "AI Notice", "--date", "2024-06-01", "--kind", "disclosure",
                "--disclosures", file("disclosures-partial.csv"),
            ],
            [
                "reply", "Müller KI GmbH", "--campaign", "AI Notice", "--date", "2024-06-05", "--kind", "disclosure",
                "--disclosures", file("disclosures-followup.csv"),
            ],
            ["extend", "Ærø Audio Intelligence ApS", "--campaign", "AI Notice", "--by", "5", "--business-days"],
            ["notice", "remind", "--all", "--campaign", "AI Notice", "--date", "2024-06-20"],
            ["escalate", "Streamwave", "--campaign", "Streaming", "--note", "no answer by the deadline"],
            ["resolve", "Ærø Audio Intelligence ApS", "--campaign", "AI Notice", "--reason", "settled"],
            ["undo", "--yes"],
            ["resolve", "Tidepool Music", "--campaign", "Streaming", "--reason", "licensed"],
            ["calendar", "add", "Court", "--from", "court-holidays.csv"],
            ["calendar", "list"],
            ["calendar", "show", "Court", "--year", "2024"],
            ["recipient", "set", "Cloudbeat", "--do-not-contact", "--reason", "write through counsel"],
            ["campaign", "follow-up", "AI Notice", "--remind-after", "3,10", "--escalate-after", "30"],
            ["campaign", "list"],
            ["agenda", "run", "--as-of", "2024-07-20", "--yes"],
            ["agenda", "run", "--as-of", "2024-07-20", "--yes"],
            ["letter", "--all", "--campaign", "AI Notice", "--output-dir", "letters"],
            ["delivery", "Müller KI GmbH"],
            ["report", "--format", "json", "--as-of", "2024-09-30"],
            ["overdue", "--format", "json", "--as-of", "2024-09-30"],
            ["due", "--format", "csv", "--as-of", "2024-06-01", "--within", "60"],
            ["agenda", "--as-of", "2024-09-30"],
            ["recipient", "list", "--format", "csv"],
            ["works", "--format", "csv"],
            ["disclosures", "Müller KI GmbH", "--format", "json"],
            ["deadline", "Ærø Audio Intelligence ApS", "--campaign", "AI Notice", "--format", "json"],
            ["history", "Müller KI GmbH", "--format", "csv"],
        ]
    }

    static func masked(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "<moment>", options: .regularExpression)
    }

    @Test func theCommandsPrintTheSameOnAFileAndOnAServer() throws {
        let server = try PostgresFixture.database(named: "scenario")
        let onFile = try Workspace()
        let onServer = try Workspace()
        // The file's actor is the server's login; on the server, $OPTOUT_ACTOR names someone else
        // and is ignored: the history, compared below, names the login on both.
        let fileEnvironment = ["OPTOUT_ACTOR": "postgres"]
        let serverEnvironment = ["OPTOUT_DB": server.url, "OPTOUT_ACTOR": "someone-else"]
        try onFile.ok("init")
        #expect(try onServer.run(["init"], environment: serverEnvironment).status == 0)
        for workspace in [onFile, onServer] {
            _ = try workspace.write(
                "court-holidays.csv", "date,name\n2024-12-24,Court closed\n2024-12-31,Court closed\n")
        }
        for command in Self.scenario(Self.examples) {
            let file = try onFile.run(command, environment: fileEnvironment)
            let team = try onServer.run(command, environment: serverEnvironment)
            // Every step of the story is one a user would run successfully.
            #expect(file.status == 0, "\(command): \(file.stderr)")
            #expect(file.status == team.status, "\(command): \(file.stderr) | \(team.stderr)")
            // The moment each command ran is not the same on the two runs.
            #expect(Self.masked(file.stdout) == Self.masked(team.stdout), "\(command)")
            #expect(Self.masked(file.stderr) == Self.masked(team.stderr), "\(command)")
        }
    }

    /// Commands a user gets wrong, each refused with the same line on both stores.
    @Test func theRefusalsReadTheSameOnAFileAndOnAServer() throws {
        let server = try PostgresFixture.database(named: "refusals")
        let onFile = try Workspace()
        let onServer = try Workspace()
        let fileEnvironment = ["OPTOUT_ACTOR": "postgres"]
        let serverEnvironment = ["OPTOUT_DB": server.url]
        try onFile.ok("init")
        #expect(try onServer.run(["init"], environment: serverEnvironment).status == 0)
        let examples = Self.examples.appendingPathComponent("recipients.csv").path
        let story: [[String]] = [
            [
                "campaign", "add", "AI Notice", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
                "2024-07-31",
            ],
            ["recipient", "import", examples],
            [
                "campaign", "add", "Court", "--issuer", "Harmonia", "--category", "other", "--response-business-days",
                "10", "--calendar", "NOPE",
            ],
            [
                "reply", "Müller KI GmbH", "--campaign", "AI Notice", "--date", "2024-05-20", "--kind",
                "acknowledgement",
            ],
            ["resolve", "Müller KI GmbH", "--campaign", "AI Notice", "--reason", "settled"],
            ["notice", "send", "Nobody Of That Name", "--campaign", "AI Notice", "--date", "2024-05-14"],
            ["notice", "send", "Müller KI GmbH", "--campaign", "No Such Campaign", "--date", "2024-05-14"],
            ["extend", "Müller KI GmbH", "--campaign", "AI Notice", "--until", "2024-02-30"],
            [
                "campaign", "add", "AI Notice", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
                "2024-07-31",
            ],
        ]
        for (index, command) in story.enumerated() {
            let file = try onFile.run(command, environment: fileEnvironment)
            let team = try onServer.run(command, environment: serverEnvironment)
            // The first two set the story up; every later one is refused.
            #expect((file.status == 0) == (index < 2), "\(command): \(file.stderr)")
            #expect(file.status == team.status, "\(command): \(file.stderr) | \(team.stderr)")
            #expect(Self.masked(file.stdout) == Self.masked(team.stdout), "\(command)")
            #expect(file.stderr == team.stderr, "\(command)")
        }
    }
}
