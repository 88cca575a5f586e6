import Foundation
import Testing

/// Many people at once on one team database: nothing lost, one unbroken history.
@Suite(.postgres)
struct TeamConcurrencyTests {
    @Test func sixteenWritersAtOnceLoseNothingAndSealOneChain() throws {
        let server = try PostgresFixture.database(named: "writers")
        let workspace = try Workspace()
        let environment = ["OPTOUT_DB": server.url]
        func ok(_ arguments: [String]) throws {
            let run = try workspace.run(arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        try ok(["init"])
        try ok([
            "campaign", "add", "Notice", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
            "2024-12-31",
        ])
        var csv = "name,category\n"
        for writer in 0..<16 { for firm in 0..<5 { csv += "Firm \(writer)-\(firm),ai-developer\n" } }
        try ok(["recipient", "import", try workspace.write("firms.csv", csv)])

        // 16 processes, each logging notices and then replies for its own 5 firms, one command each.
        let group = DispatchGroup()
        let failures = NSLock()
        nonisolated(unsafe) var failed: [String] = []
        for writer in 0..<16 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for firm in 0..<5 {
                    for command in [
                        ["notice", "send", "Firm \(writer)-\(firm)", "--date", "2024-06-03"],
                        ["reply", "Firm \(writer)-\(firm)", "--date", "2024-06-10", "--kind", "acknowledgement"],
                    ] {
                        let run = try? workspace.run(command, environment: environment)
                        if run?.status != 0 {
                            failures.lock()
                            failed.append("\(command): \(run?.stderr ?? "did not run")")
                            failures.unlock()
                        }
                    }
                }
            }
        }
        group.wait()
        #expect(failed.isEmpty, "\(failed)")

        // Every case answered; 80 registrations, 80 notices and 80 replies, in one chain.
        let states = try PostgresFixture.psql(server.url, "SELECT state, count(*) FROM \"case\" GROUP BY state").check()
        #expect(states.lines == ["acknowledged|80"])
        let events = try PostgresFixture.psql(server.url, "SELECT count(*) FROM event").check()
        #expect(events.lines == ["240"])
        let breaks = try PostgresFixture.psql(
            server.url,
            """
            SELECT count(*) FROM event e JOIN event p ON p.id = e.id - 1 WHERE e.prev_hash <> p.hash;
            SELECT max(id) - min(id) + 1 FROM event;
            """
        ).check()
        #expect(breaks.lines == ["0", "240"])
    }
}
