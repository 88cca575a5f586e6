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

    /// The report as JSON (`Schema/report.schema.json`): keys in the order of SPEC section 4,
    /// every state and every access method present, `null` where a case has no value.
    public func json(_ report: StatusReport) throws -> String {
        func states(_ counts: [String: Int]) -> JSONValue {
            .object(CaseState.allCases.map { ($0.rawValue, .number(counts[$0.rawValue] ?? 0)) })
        }
        let methods = AccessMethod.allCases.map(\.rawValue)
            + report.disclosures.byAccessMethod.keys.filter { AccessMethod(rawValue: $0) == nil }.sorted()
        let value = JSONValue.object([
            ("as_of", .string(report.asOf.description)),
            ("campaigns", .array(report.campaigns.map { campaign in
                .object([
                    ("name", .string(campaign.name)), ("issuer", .string(campaign.issuer)),
                    ("category", .string(campaign.category.rawValue)), ("requests", .string(campaign.requests.rawValue)),
                    ("deadline_rule", .string(campaign.deadlineRule)), ("cases", .number(campaign.cases)),
                    ("by_state", states(campaign.byState)), ("overdue", .number(campaign.overdue)),
                ])
            })),
            ("totals", .object([
                ("recipients", .number(report.totals.recipients)), ("cases", .number(report.totals.cases)),
                ("by_state", states(report.totals.byState)), ("overdue", .number(report.totals.overdue)),
            ])),
            ("overdue", .array(report.overdue.map { item in
                .object([
                    ("recipient", .string(item.recipient)), ("recipient_id", .number(Int(item.recipientId))),
                    ("category", .string(item.category.rawValue)), ("campaign", .string(item.campaign)),
                    ("state", .string(item.state.rawValue)), ("sent_on", .text(item.sentOn?.description)),
                    ("deadline", .string(item.deadline.description)), ("days_overdue", .number(item.daysOverdue)),
                ])
            })),
            ("disclosures", .object([
                ("works", .number(report.disclosures.works)), ("copies", .number(report.disclosures.copies)),
                ("copies_still_held", .number(report.disclosures.copiesStillHeld)),
                ("by_access_method", .object(methods.map { ($0, .number(report.disclosures.byAccessMethod[$0] ?? 0)) })),
            ])),
            ("cases", .array(report.cases.map { item in
                .object([
                    ("recipient", .string(item.recipient)), ("recipient_id", .number(Int(item.recipientId))),
                    ("category", .string(item.category.rawValue)), ("campaign", .string(item.campaign)),
                    ("state", .string(item.state.rawValue)), ("sent_on", .text(item.sentOn?.description)),
                    ("deadline", .text(item.deadline?.description)), ("days_overdue", .number(item.daysOverdue)),
                    ("last_reply_on", .text(item.lastReplyOn?.description)), ("missing", .array(item.missing.map(JSONValue.string))),
                    ("resolution", .text(item.resolution?.rawValue)),
                ])
            })),
        ])
        return value.text
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
