import ArgumentParser
import Foundation
import OptOutKit

/// `optout demo`: build a sample database modelled on the 2024 notice wave.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a sample database (two campaigns, 700+ recipients, a realistic mix of replies), print its status and what to try next.")

    @Option(help: ArgumentHelp("Where to build it; an existing file is never touched.", valueName: "path"))
    var db = "optout-demo.sqlite"

    func run() throws {
        guard !FileManager.default.fileExists(atPath: db) else { throw TrackerError.databaseExists(path: db) }
        // Built under a temporary name and linked into place, so a failure leaves nothing behind.
        let building = db + ".building-\(getpid())"
        defer { unlink(building) }
        let (summary, report, worksDisclosed) = try build(at: building)
        guard link(building, db) == 0 else {
            throw CommandError(description: "cannot create \(db): \(String(cString: strerror(errno))); name another file with --db")
        }
        let byState = CaseState.allCases.map { "\($0.rawValue) \(report.totals.byState[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        let asOf = summary.asOf
        let next = db == "optout-demo.sqlite" ? "--db optout-demo.sqlite" : "--db \(db)"
        let sample = summary.examples.first?.recipient ?? report.overdue.first?.recipient ?? "RECIPIENT"
        let stories = summary.examples.prefix(4).map { "  \($0.recipient) (\($0.campaign)): \($0.story)\n" }.joined()
        emit("""
            Built the demo database \(db): \(report.totals.recipients) recipients, \(report.campaigns.count) campaigns (\(summary.campaigns.joined(separator: "; "))).
            As of \(asOf): \(report.totals.cases) cases — \(byState).
            \(report.totals.overdue) cases are overdue; \(report.disclosures.works) works disclosed, \(report.disclosures.copiesStillHeld) copies still held.
            The catalogue holds \(summary.catalogueWorks) works; \(worksDisclosed) of them were disclosed.

            Cases worth a look:
            \(stories)
            Try next:
              optout campaign list \(next) --as-of \(asOf)
              optout overdue \(next) --as-of \(asOf)
              optout works \(next)
              optout report \(next) --as-of \(asOf)
              optout report \(next) --as-of \(asOf) --format json --output report.json
              optout history "\(sample)" \(next)
              optout recipient list \(next) --state incomplete

            """)
    }

    private func build(at path: String) throws -> (DemoSummary, StatusReport, Int) {
        let tracker = try Tracker.open(path: path, create: true, actor: DatabaseOptions.actor)
        let summary = try DemoGenerator.populate(tracker)
        return (summary, try tracker.report(asOf: summary.asOf), try tracker.worksListing().rows.count)
    }
}
