import Foundation
import OptOutKit
import Testing

/// SPEC 9: the roles are the server's privileges, enforced whatever program connects, and the
/// history's actor is the login, never `$OPTOUT_ACTOR`. Run end to end through the binary, as
/// each colleague would, with their own password in $PGPASSWORD.
@Suite(.postgres)
struct TeamRoleEnforcementTests {
    /// One line on standard error, `error: …`, and nothing on standard output.
    func expectOneErrorLine(
        _ run: Workspace.Run, mentioning words: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status != 0, "succeeded: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("error: "), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(words), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test func eachColleagueCanDoExactlyWhatTheirRoleAllows() throws {
        let server = try TeamServer()
        defer { server.drop() }
        let workspace = try Workspace()
        let owner = ["OPTOUT_DB": server.url()]
        func asOwner(_ arguments: String...) throws {
            let run = try workspace.run(arguments, environment: owner)
            #expect(run.status == 0, "optout \(arguments.joined(separator: " ")): \(run.stderr)")
        }
        try asOwner("init")
        try asOwner(
            "campaign", "add", "Spring", "--issuer", "Label", "--category", "ai-developer", "--deadline", "2024-06-30")
        for name in ["Acme AI", "Bolt AI", "Cogs AI"] {
            try asOwner("recipient", "add", name, "--category", "ai-developer")
        }
        try asOwner("notice", "send", "Acme AI", "--date", "2024-01-08")

        let alice = server.login("alice")
        let bob = server.login("bob")
        let vera = server.login("vera")
        let carol = server.login("carol")
        for (name, role) in [(alice, "clerk"), (bob, "counsel"), (vera, "viewer"), (carol, "admin")] {
            let added = try workspace.run(
                ["team", "add", name, "--role", role, "--password-stdin"], input: "\(name) secret\n", environment: owner
            )
            #expect(added.status == 0, "\(added.stderr)")
        }
        func login(_ name: String) -> [String: String] {
            ["OPTOUT_DB": server.url(as: name), "PGPASSWORD": "\(name) secret"]
        }
        func count(_ table: String) throws -> String { try server.value("SELECT count(*) FROM \(table)") }
        let acmeState =
            "SELECT c.state FROM \"case\" c JOIN recipient r ON r.id = c.recipient_id WHERE r.name = 'Acme AI'"

        // A clerk logs a notice, and the history names her, whatever $OPTOUT_ACTOR says.
        let sent = try workspace.run(
            ["notice", "send", "Bolt AI", "--date", "2024-01-09"],
            environment: login(alice).merging(["OPTOUT_ACTOR": bob]) { $1 })
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try server.value("SELECT actor FROM event ORDER BY id DESC LIMIT 1") == alice)
        #expect(try server.value("SELECT actor FROM command ORDER BY id DESC LIMIT 1") == alice)
        let history = try workspace.run(["history", "Bolt AI", "--format", "json"], environment: login(vera))
        #expect(history.status == 0, "\(history.stderr)")
        let events = try #require(try workspace.json(history.stdout) as? [[String: Any]])
        #expect(events.last?["actor"] as? String == alice)
        #expect(!history.stdout.contains(bob))

        // She may not resolve: the server refuses, one error line names the role she would need,
        // and nothing is written.
        var events0 = try count("event")
        var commands0 = try count("command")
        expectOneErrorLine(
            try workspace.run(["resolve", "Acme AI", "--reason", "licensed"], environment: login(alice)),
            mentioning: "counsel role")
        #expect(try count("event") == events0)
        #expect(try count("command") == commands0)
        #expect(try server.value(acmeState) == "notified")
        // Nor through psql, writing the row herself.
        let direct = try server.psql(
            as: alice, password: "\(alice) secret",
            "UPDATE \"case\" SET state = 'resolved', resolution = 'licensed' WHERE state = 'notified'")
        #expect(direct.status != 0)
        #expect(direct.stderr.contains("counsel role"), "\(direct.stderr)")
        #expect(try server.value(acmeState) == "notified")

        // A viewer reads, but may not log a notice.
        expectOneErrorLine(
            try workspace.run(["notice", "send", "Cogs AI", "--date", "2024-01-10"], environment: login(vera)),
            mentioning: "ask an admin")
        #expect(try count("event") == events0)
        #expect(try count("command") == commands0)
        #expect(
            try server.value(
                "SELECT c.state FROM \"case\" c JOIN recipient r ON r.id = c.recipient_id WHERE r.name = 'Cogs AI'")
                == "draft")
        let overdue = try workspace.run(["overdue", "--as-of", "2024-07-10"], environment: login(vera))
        #expect(overdue.status == 0, "\(overdue.stderr)")
        #expect(overdue.stdout.contains("Acme AI"))

        // Counsel resolves.
        events0 = try count("event")
        commands0 = try count("command")
        let resolved = try workspace.run(
            ["resolve", "Acme AI", "--reason", "licensed"],
            environment: login(bob).merging(["OPTOUT_ACTOR": alice]) { $1 })
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try server.value(acmeState) == "resolved")
        #expect(
            try server.value("SELECT actor || ' ' || action FROM event ORDER BY id DESC LIMIT 1") == "\(bob) resolved")
        #expect(Int(try count("event")) == Int(events0).map { $0 + 1 })
        #expect(Int(try count("command")) == Int(commands0).map { $0 + 1 })

        // Counsel undoes; a clerk may not (the server refuses, nothing written).
        let undone = try workspace.run(["undo", "--yes"], environment: login(bob))
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try server.value(acmeState) == "notified")
        #expect(
            try server.value("SELECT actor || ' ' || action FROM event ORDER BY id DESC LIMIT 1") == "\(bob) undone")
        events0 = try count("event")
        commands0 = try count("command")
        let clerkUndo = try workspace.run(["undo", "--yes"], environment: login(alice))
        #expect(clerkUndo.status != 0)
        #expect(clerkUndo.stderr.hasPrefix("error: ") && clerkUndo.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try count("event") == events0)
        #expect(try count("command") == commands0)

        // An admin marks a recipient do-not-contact, and changes the reason; a clerk may not.
        let doNotContact =
            "SELECT reason FROM do_not_contact JOIN recipient r ON r.id = recipient_id WHERE r.name = 'Cogs AI'"
        for reason in ["through counsel", "through counsel only"] {
            let marked = try workspace.run(
                ["recipient", "set", "Cogs AI", "--do-not-contact", "--reason", reason], environment: login(carol))
            #expect(marked.status == 0, "\(marked.stderr)")
            #expect(try server.value(doNotContact) == reason)
        }
        expectOneErrorLine(
            try workspace.run(["recipient", "set", "Cogs AI", "--contact-ok"], environment: login(alice)),
            mentioning: "ask an admin")
        #expect(try server.value(doNotContact) == "through counsel only")
    }
}
