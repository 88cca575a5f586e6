import Foundation
import Testing

/// `agenda run --deliver`: the due reminders go out as messages, each logged as `notice remind
/// --deliver` logs it, and a second run the same day sends nothing.
@Suite struct AgendaDeliveryCommandTests {
    @Test func dueRemindersAreDeliveredOnceAndVerify() throws {
        let workspace = try Workspace()
        let mail = ["OPTOUT_FROM": "rights@harmonia.example"]
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Reservation", "--issuer", "Harmonia", "--category", "ai-developer", "--response-days",
            "30")
        try workspace.ok(
            "recipient", "add", "Alpha Labs", "--category", "ai-developer", "--email", "legal@alpha.example")
        try workspace.ok("recipient", "add", "No Mail Ltd", "--category", "ai-developer")
        try workspace.ok(
            "recipient", "add", "Counsel Only", "--category", "ai-developer", "--email", "c@counsel.example")
        try workspace.ok("notice", "send", "--all", "--date", "2026-01-05")
        try workspace.ok("recipient", "set", "Counsel Only", "--do-not-contact")
        try workspace.ok("campaign", "follow-up", "Reservation", "--remind-before", "7", "--escalate-after", "21")

        let first = try workspace.run(
            ["agenda", "run", "--as-of", "2026-01-28", "--yes", "--deliver", "eml-dir:outbox"], environment: mail)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Delivered and logged 1 reminder"))
        #expect(first.stdout.contains("No Mail Ltd"))
        let files = try FileManager.default.contentsOfDirectory(
            atPath: workspace.folder.appendingPathComponent("outbox").path)
        #expect(files.count == 1 && files[0].contains("Alpha"))
        #expect(
            try workspace.sqlite(
                "SELECT COUNT(*) FROM notice WHERE kind = 'reminder'; SELECT COUNT(*) FROM delivery") == "1\n1")

        let again = try workspace.run(
            ["agenda", "run", "--as-of", "2026-01-28", "--yes", "--deliver", "eml-dir:outbox"], environment: mail)
        #expect(again.status == 0)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM delivery") == "1")

        let verified = try workspace.run("letter", "--verify", "outbox/\(files[0])")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try workspace.ok("verify").contains("intact"))

        // Without $OPTOUT_FROM: one error line, and nothing written, escalations included.
        let before = try workspace.sqlite("SELECT COUNT(*) FROM command")
        let refused = try workspace.run("agenda", "run", "--as-of", "2026-02-26", "--yes", "--deliver", "eml-dir:x")
        #expect(refused.status != 0)
        #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.split(separator: "\n").count == 1)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM command") == before)
    }
}
