extension ReportRenderer {
    /// The columns of the CSV summary: one row per figure.
    public static let summaryColumns = ["figure", "value", "definition"]

    /// The CSV summary (`report --summary --format csv`): one row per headline figure, named by
    /// its place in the JSON report (`totals.cases`, `responses.replied`, …), its value, and its
    /// one-line definition where it has one. The overdue cases and the catalogue's works are
    /// lists, not figures: `overdue --format csv` and `works --format csv` give them.
    public func writeSummaryCSV(_ report: StatusReport, to sink: @escaping TextSink) throws {
        try sink(CSVExport.line(Self.summaryColumns))
        for (figure, value, definition) in Self.summaryFigures(report) {
            try sink(CSVExport.line([figure, value, definition]))
        }
    }

    /// The figures of the CSV summary, in order: name, value, definition (empty when none).
    static func summaryFigures(_ report: StatusReport) -> [(String, String, String)] {
        var rows: [(String, String, String)] = [
            ("as_of", report.asOf.description, "the day the report is as of"),
            ("campaigns", String(report.campaigns.count), ""),
            ("totals.recipients", String(report.totals.recipients), ""),
            ("totals.cases", String(report.totals.cases), ""),
        ]
        for state in CaseState.allCases {
            rows.append(("totals.by_state.\(state.rawValue)", String(report.totals.byState[state.rawValue] ?? 0), ""))
        }
        rows += [
            ("totals.overdue", String(report.totals.overdue), StatusReport.Definition.overdue),
            ("responses.notified", String(report.notified), StatusReport.Definition.notified),
            ("responses.replied", String(report.replied), StatusReport.Definition.replied),
            ("responses.answered_in_full", String(report.answeredInFull), StatusReport.Definition.answeredInFull),
            ("disclosures.works", String(report.disclosures.works), "disclosed works after superseding"),
            ("disclosures.copies", String(report.disclosures.copies), "the sum of copies made"),
            (
                "disclosures.copies_still_held", String(report.disclosures.copiesStillHeld),
                "the sum of copies made where copies still exist"
            ),
        ]
        let methods =
            AccessMethod.allCases.map(\.rawValue)
            + report.disclosures.byAccessMethod.keys.filter { AccessMethod(rawValue: $0) == nil }.sorted()
        for method in methods {
            rows.append(
                ("disclosures.by_access_method.\(method)", String(report.disclosures.byAccessMethod[method] ?? 0), ""))
        }
        let catalogue = report.catalogue
        rows += [
            ("catalogue.works_owned", String(catalogue.worksOwned), ""),
            ("catalogue.works_disclosed", String(catalogue.worksDisclosed), ""),
            ("catalogue.matched.isrc", String(catalogue.matchedByISRC), ""),
            ("catalogue.matched.title-artist", String(catalogue.matchedByTitleArtist), ""),
            ("catalogue.unknown_works", String(catalogue.unknownWorks), ""),
            ("catalogue.unknown_work_disclosures", String(catalogue.unknownWorkDisclosures), ""),
        ]
        return rows
    }

    /// `part` as a share of `whole` for the headline figures ("–" when nothing was notified).
    static func share(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : part == 0 ? "0%" : Figures.percent(part, of: whole)
    }

    /// The rows of the Markdown report's responses table: notified, replied and answered in full,
    /// each with its share of the notified cases and its definition.
    static func responseRows(_ report: StatusReport, number: (Int) -> String) -> [[String: Any]] {
        [
            ("notified", report.notified, "", StatusReport.Definition.notified),
            ("replied", report.replied, share(report.replied, of: report.notified), StatusReport.Definition.replied),
            (
                "answered in full", report.answeredInFull, share(report.answeredInFull, of: report.notified),
                StatusReport.Definition.answeredInFull
            ),
        ].map { name, count, share, definition in
            ["name": name, "count": number(count), "share": share, "definition": definition] as [String: Any]
        }
    }

    /// How a holder of copies is named in the Markdown table: a row beneath another as
    /// `↳ Name (of Parent)`, indented one step more for each row further down.
    static func beneath(_ holder: CatalogueStatus.CopiesHeld) -> String {
        guard holder.depth > 0 else { return holder.recipient }
        let indent = String(repeating: "\u{00A0}\u{00A0}", count: holder.depth - 1)
        return indent + "↳ " + holder.recipient + (holder.beneath.map { " (of \($0))" } ?? "")
    }
}
