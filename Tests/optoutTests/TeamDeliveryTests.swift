import Crypto
import Foundation
import Testing

/// `notice send|remind --deliver` on a team database: each delivery names the notice it delivered
/// (a server gives no row id without being asked), `delivery` lists it, and `letter --verify`
/// accepts the message written.
@Suite(.postgres)
struct TeamDeliveryTests {
    @Test func aDeliveredNoticeAndReminderAreLoggedWithTheirMessagesOnAServer() throws {
        let server = try PostgresFixture.database(named: "deliver")
        let workspace = try Workspace()
        let environment = ["OPTOUT_DB": server.url, "OPTOUT_FROM": "rights@harmonia.example"]
        let run = { (arguments: [String]) in try workspace.run(arguments, environment: environment) }
        #expect(try run(["init"]).status == 0)
        #expect(
            try run([
                "campaign", "add", "AI", "--issuer", "Harmonia", "--category", "ai-developer", "--response-days", "30",
            ])
            .status == 0)
        #expect(
            try run([
                "recipient", "add", "Vector Lyre Labs", "--category", "ai-developer", "--email", "legal@vl.example",
            ])
            .status == 0)

        let sent = try run([
            "notice", "send", "Vector Lyre Labs", "--campaign", "AI", "--date", "2024-05-14", "--deliver",
            "eml-dir:out",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        let reminded = try run([
            "notice", "remind", "Vector Lyre Labs", "--campaign", "AI", "--date", "2024-06-20", "--deliver",
            "eml-dir:out",
        ])
        #expect(reminded.status == 0, "\(reminded.stderr)")

        let files = try FileManager.default.contentsOfDirectory(
            atPath: workspace.folder.appendingPathComponent("out").path
        )
        .filter { $0.hasSuffix(".eml") }.sorted()
        #expect(files.count == 2)
        let listing = try run(["delivery", "Vector Lyre Labs", "--format", "csv"])
        #expect(listing.status == 0, "\(listing.stderr)")
        for file in files {
            let bytes = try workspace.read("out/" + file)
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(listing.stdout.contains(digest), "\(file) not listed: \(listing.stdout)")
            let verified = try run(["letter", "Vector Lyre Labs", "--verify", "out/" + file])
            #expect(verified.status == 0, "\(file): \(verified.stderr)")
        }
        // Each delivery names its own notice: the notice and the reminder.
        let pairs = try server.psql(
            "SELECT n.kind FROM delivery d JOIN notice n ON n.id = d.notice_id ORDER BY d.id"
        ).check().lines
        #expect(pairs == ["notice", "reminder"])
        #expect(try run(["verify"]).status == 0)
    }
}
