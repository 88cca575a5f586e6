import Foundation

/// Renders a `StatusReport` as JSON, CSV or Markdown (from `Templates/report.md.mustache`).
public struct ReportRenderer: Sendable {
    public let templates: LetterRenderer

    public init(templates: LetterRenderer = LetterRenderer()) { self.templates = templates }

    public func render(_ report: StatusReport, as format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(report)
        case .csv: return try csv(report)
        case .markdown, .table: return try markdown(report)
        case .html: throw TrackerError.invalid("the HTML report is not built yet; use --format markdown, csv or json")
        }
    }

    public func json(_ report: StatusReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    public static let caseColumns = ["recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline",
                                     "days_overdue", "last_reply_on", "resolution", "missing"]

    /// One row per case.
    public func csv(_ report: StatusReport) throws -> String {
        try CSVExport.text(header: Self.caseColumns, rows: report.cases.map { item in
            [item.recipient, String(item.recipientId), item.category.rawValue, item.campaign, item.state.rawValue,
             item.sentOn?.description ?? "", item.deadline?.description ?? "", item.daysOverdue.map(String.init) ?? "",
             item.lastReplyOn?.description ?? "", item.resolution?.rawValue ?? "", item.missing.joined(separator: "; ")]
        })
    }

    public func markdown(_ report: StatusReport) throws -> String {
        func cell(_ text: String?) -> String {
            (text ?? "").replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        let values: [String: Any] = [
            "asOf": report.asOf.description,
            "campaigns": report.campaigns.enumerated().map { index, campaign in
                ["name": cell(campaign.name), "issuer": cell(campaign.issuer), "category": campaign.category.rawValue,
                 "deadlineRule": campaign.deadlineRule, "last": index == report.campaigns.count - 1] as [String: Any]
            },
            "totals": ["recipients": report.totals.recipients, "cases": report.totals.cases, "overdue": report.totals.overdue],
            "states": CaseState.allCases.map { ["state": $0.rawValue, "count": report.totals.byState[$0.rawValue] ?? 0] as [String: Any] },
            "overdueCount": report.overdue.count,
            "hasOverdue": !report.overdue.isEmpty,
            "overdue": report.overdue.map { item in
                ["recipient": cell(item.recipient), "category": item.category.rawValue, "campaign": cell(item.campaign),
                 "state": item.state.rawValue, "sentOn": item.sentOn?.description ?? "", "deadline": item.deadline.description,
                 "daysOverdue": item.daysOverdue] as [String: Any]
            },
            "disclosures": ["works": report.disclosures.works, "copies": report.disclosures.copies,
                            "copiesStillHeld": report.disclosures.copiesStillHeld],
            "hasMethods": report.disclosures.works > 0,
            "methods": report.disclosures.byAccessMethod.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { ["method": $0.key, "count": $0.value] as [String: Any] },
            "caseCount": report.cases.count,
            "cases": report.cases.map { item in
                ["recipient": cell(item.recipient), "category": item.category.rawValue, "campaign": cell(item.campaign),
                 "state": item.state.rawValue + (item.resolution.map { " (\($0.rawValue))" } ?? ""),
                 "sentOn": item.sentOn?.description ?? "", "deadline": item.deadline?.description ?? "",
                 "daysOverdue": item.daysOverdue.map(String.init) ?? "", "lastReplyOn": item.lastReplyOn?.description ?? "",
                 "missing": cell(item.missing.joined(separator: "; "))] as [String: Any]
            },
        ]
        return try templates.render("report.md", values, contentType: "TEXT")
    }
}
