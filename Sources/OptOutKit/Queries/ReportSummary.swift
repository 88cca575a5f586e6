import GRDB

extension Tracker {
    /// The summary on `asOf` (`report --summary`) in memory: the figures, the overdue cases and
    /// the catalogue, without the cases (none is read).
    public func reportSummary(asOf: Day, campaign: String? = nil) throws -> StatusReport {
        try read { db in
            let figures = try reportFigures(db, asOf: asOf, campaign: campaign)
            var report = figures.report
            report.isSummary = true
            try overdue(db, asOf: asOf, campaignIds: figures.campaignIds, category: nil) { report.overdue.append($0) }
            return report
        }
    }

    /// The summary on `asOf` in `format`, written to `sink`: the figures are read with aggregate
    /// queries, the overdue cases as they are written (Markdown and HTML in chunks of rows), and
    /// no case of the table of every case is read at all.
    public func writeReportSummary(
        asOf: Day, campaign: String? = nil, as format: OutputFormat, renderer: ReportRenderer,
        to sink: @escaping TextSink
    ) throws {
        try read { db in
            let figures = try reportFigures(db, asOf: asOf, campaign: campaign)
            var report = figures.report
            report.isSummary = true
            let campaignIds = figures.campaignIds
            switch format {
            case .csv:
                try renderer.writeSummaryCSV(report, to: sink)
            case .json:
                try renderer.writeJSON(
                    report,
                    overdue: { body in
                        try self.overdue(db, asOf: asOf, campaignIds: campaignIds, category: nil, body)
                    }, cases: { _ in }, to: sink)
            default:
                try renderer.writeDocument(
                    report, as: format,
                    overdue: { try self.overdueCursor(db, asOf: asOf, campaignIds: campaignIds, category: nil) },
                    cases: ReportRenderer.pull([CaseStatus]()), to: sink)
            }
        }
    }
}
