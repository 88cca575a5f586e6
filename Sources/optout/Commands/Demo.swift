import ArgumentParser
import Foundation
import OptOutDemo
import OptOutKit

extension OptOut {
    /// `optout demo`: build a sample database modelled on the 2024 notice wave.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Build a sample database (two campaigns, 700+ recipients, a realistic mix of replies), print its status and what to try next."
        )

        @Option(help: ArgumentHelp("Where to build it; an existing file is never touched.", valueName: "path"))
        var db = "optout-demo.sqlite"

        func run() throws {
            try StoreError.checkPath(db)
            Self.removeLeftovers(of: db)
            guard !FileManager.default.fileExists(atPath: db) else { throw StoreError.databaseExists(path: db) }
            // Built under a temporary name and linked into place, so a failure leaves nothing behind
            // (and a run that was killed leaves files the next run removes).
            let building = db + Self.buildingMark + "\(getpid())"
            defer { Self.remove(building) }
            let (summary, report, worksDisclosed) = try build(at: building)
            guard link(building, db) == 0 else {
                throw CommandError.cannotPlaceDemo(path: db, reason: String(cString: strerror(errno)))
            }
            let byState = CaseState.allCases.map { "\($0.rawValue) \(report.totals.byState[$0.rawValue] ?? 0)" }.joined(
                separator: ", ")
            let asOf = summary.asOf
            let next = db == "optout-demo.sqlite" ? "--db optout-demo.sqlite" : "--db \(db)"
            let sample = summary.examples.first?.recipient ?? report.overdue.first?.recipient ?? "RECIPIENT"
            let stories = summary.examples.prefix(4).map { "  \($0.recipient) (\($0.campaign)): \($0.story)\n" }
                .joined()
            emit(
                """
                Built the demo database \(db): \(report.totals.recipients) recipients, \(report.campaigns.count) campaigns (\(summary.campaigns.joined(separator: "; "))).
                As of \(asOf): \(report.totals.cases) cases — \(byState).
                \(report.totals.overdue) cases are overdue; \(report.disclosures.works) works disclosed, \(report.disclosures.copiesStillHeld) copies still held.
                The catalogue holds \(summary.catalogueWorks) works; \(worksDisclosed) of them were disclosed.

                Cases worth a look:
                \(stories)
                Try next:
                  optout campaign list \(next) --as-of \(asOf)
                  optout overdue \(next) --as-of \(asOf)
                  optout agenda \(next) --as-of \(asOf)
                  optout works \(next)
                  optout report \(next) --as-of \(asOf) --summary
                  optout report \(next) --as-of \(asOf) --format json --output report.json
                  optout history "\(sample)" \(next)
                  optout recipient list \(next) --state incomplete

                """)
        }

        /// What a building file's name adds to the target's: `.building-` and the process id.
        static let buildingMark = ".building-"

        /// Removes what earlier runs that were killed left beside `target`: `TARGET.building-PID`
        /// (with its journal, WAL and shared-memory files) whose process is gone. The target itself,
        /// and the files of a run still going, are never touched.
        static func removeLeftovers(of target: String) {
            let url = URL(fileURLWithPath: target)
            let folder = url.deletingLastPathComponent()
            let prefix = url.lastPathComponent + buildingMark
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
            for name in names where name.hasPrefix(prefix) {
                var rest = Substring(name.dropFirst(prefix.count))
                for suffix in ["-journal", "-wal", "-shm"] where rest.hasSuffix(suffix) {
                    rest = rest.dropLast(suffix.count)
                }
                // This process's id on a file means an earlier process that had it is gone.
                guard let pid = pid_t(rest), pid > 0, pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else {
                    continue
                }
                unlink(folder.appendingPathComponent(name).path)
            }
        }

        /// Removes a building file and the files SQLite keeps beside it.
        static func remove(_ building: String) {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(building + suffix) }
        }

        private func build(at path: String) throws -> (DemoSummary, StatusReport, Int) {
            let tracker = try Tracker.open(
                path: path, access: .initialize, actor: DatabaseOptions.actor,
                clock: DatabaseOptions.clock)
            let summary = try DemoGenerator.populate(tracker)
            return (summary, try tracker.report(asOf: summary.asOf), try tracker.worksListing().rows.count)
        }
    }
}
