import Foundation
import Mustache

/// Renders a `StatusReport` as JSON, CSV, Markdown (from `Templates/report.md.mustache`) or HTML
/// (from `Templates/report.html.mustache`).
public struct ReportRenderer: Sendable {
    public let templates: LetterRenderer

    public init(templates: LetterRenderer = LetterRenderer()) { self.templates = templates }

    public func render(_ report: StatusReport, as format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(report)
        case .csv: return try csv(report)
        case .markdown, .table: return try markdown(report)
        case .html: return try html(report)
        }
    }

    /// Rows read one by one: called with a body, it calls the body with each row in order.
    public typealias Rows<Row> = ((Row) throws -> Void) throws -> Void

    /// The report as JSON (`Schema/report.schema.json`): keys in the order of SPEC section 4,
    /// every state and every access method present, `null` where a case has no value.
    public func json(_ report: StatusReport) throws -> String {
        var out = ""
        try writeJSON(
            report, overdue: { body in try report.overdue.forEach(body) },
            cases: { body in try report.cases.forEach(body) },
            to: { out += $0 })
        return out
    }

    /// `json`, written to `sink` with the overdue cases and the cases read as they are written
    /// (`report`'s own lists are not used).
    public func writeJSON(
        _ report: StatusReport, overdue: Rows<OverdueCase>, cases: Rows<CaseStatus>,
        to sink: @escaping TextSink
    ) throws {
        try writeJSON(report, overdue: overdue, cases: cases, items: { _ in }, streamed: false, to: sink)
    }

    /// `writeJSON`, each case's `missing` array written as its items are read (`status.missing`
    /// is not used), so a case lacking something for 100,000s of works is not held whole.
    func writeJSON(
        _ report: StatusReport, overdue: Rows<OverdueCase>, items: Rows<CaseItem>, to sink: @escaping TextSink
    ) throws {
        try writeJSON(report, overdue: overdue, cases: { _ in }, items: items, streamed: true, to: sink)
    }

    /// The members of a case's object in the JSON report, `missing` (given as an array) second to last.
    static func caseMembers(_ item: CaseStatus, missing: JSONValue) -> [(String, JSONValue)] {
        [
            ("recipient", .string(item.recipient)), ("recipient_id", .number(Int(item.recipientId))),
            ("parent", .text(item.parent)),
            ("category", .string(item.category.rawValue)), ("campaign", .string(item.campaign)),
            ("state", .string(item.state.rawValue)), ("sent_on", .text(item.sentOn?.description)),
            ("deadline", .text(item.deadline?.description)), ("days_overdue", .number(item.daysOverdue)),
            ("last_reply_on", .text(item.lastReplyOn?.description)), ("missing", missing),
            ("resolution", .text(item.resolution?.rawValue)),
        ]
    }

    private func writeJSON(
        _ report: StatusReport, overdue: Rows<OverdueCase>, cases: Rows<CaseStatus>, items: Rows<CaseItem>,
        streamed: Bool, to sink: @escaping TextSink
    ) throws {
        func states(_ counts: [String: Int]) -> JSONValue {
            .object(CaseState.allCases.map { ($0.rawValue, .number(counts[$0.rawValue] ?? 0)) })
        }
        let methods =
            AccessMethod.allCases.map(\.rawValue)
            + report.disclosures.byAccessMethod.keys.filter { AccessMethod(rawValue: $0) == nil }.sorted()
        /// One member of the top object (not the last), as `JSONValue.text` writes it.
        func member(_ key: String, _ value: JSONValue) throws {
            var out = "  " + JSON.string(key) + ": "
            value.write(to: &out, indent: "  ")
            try sink(out + ",\n")
        }
        /// A member whose value is an array of objects, each written as it is read.
        func array<Row>(_ key: String, _ rows: Rows<Row>, last: Bool, _ value: @escaping (Row) -> JSONValue) throws {
            try sink("  " + JSON.string(key) + ": ")
            var count = 0
            try rows { row in
                var out = count == 0 ? "[\n    " : ",\n    "
                value(row).write(to: &out, indent: "    ")
                try sink(out)
                count += 1
            }
            try sink((count == 0 ? "[]" : "\n  ]") + (last ? "\n" : ",\n"))
        }
        try sink("{\n")
        try member("as_of", .string(report.asOf.description))
        try member(
            "campaigns",
            .array(
                report.campaigns.map { campaign in
                    .object([
                        ("name", .string(campaign.name)), ("issuer", .string(campaign.issuer)),
                        ("category", .string(campaign.category.rawValue)),
                        ("requests", .string(campaign.requests.rawValue)),
                        ("deadline_rule", .string(campaign.deadlineRule)), ("cases", .number(campaign.cases)),
                        ("by_state", states(campaign.byState)), ("overdue", .number(campaign.overdue)),
                    ])
                }))
        try member(
            "totals",
            .object([
                ("recipients", .number(report.totals.recipients)), ("cases", .number(report.totals.cases)),
                ("by_state", states(report.totals.byState)), ("overdue", .number(report.totals.overdue)),
            ]))
        try member("responses", Self.responses(report))
        try array("overdue", overdue, last: false) { item in
            .object([
                ("recipient", .string(item.recipient)), ("recipient_id", .number(Int(item.recipientId))),
                ("category", .string(item.category.rawValue)), ("campaign", .string(item.campaign)),
                ("state", .string(item.state.rawValue)), ("sent_on", .text(item.sentOn?.description)),
                ("deadline", .string(item.deadline.description)), ("days_overdue", .number(item.daysOverdue)),
            ])
        }
        try member(
            "disclosures",
            .object([
                ("works", .number(report.disclosures.works)), ("copies", .number(report.disclosures.copies)),
                ("copies_still_held", .number(report.disclosures.copiesStillHeld)),
                (
                    "by_access_method",
                    .object(methods.map { ($0, .number(report.disclosures.byAccessMethod[$0] ?? 0)) })
                ),
            ]))
        try member(
            "catalogue",
            .object([
                ("works_owned", .number(report.catalogue.worksOwned)),
                ("works_disclosed", .number(report.catalogue.worksDisclosed)),
                (
                    "matched",
                    .object([
                        ("isrc", .number(report.catalogue.matchedByISRC)),
                        ("title-artist", .number(report.catalogue.matchedByTitleArtist)),
                    ])
                ),
                ("unknown_works", .number(report.catalogue.unknownWorks)),
                ("unknown_work_disclosures", .number(report.catalogue.unknownWorkDisclosures)),
                (
                    "most_disclosed",
                    .array(
                        report.catalogue.mostDisclosed.map { work in
                            .object([
                                ("work_id", .number(Int(work.workId))), ("title", .string(work.title)),
                                ("artist", .string(work.artist)),
                                ("isrc", .text(work.isrc)), ("iswc", .text(work.iswc.map(Validation.formattedISWC))),
                                ("recipients", .number(work.recipients)), ("copies", .number(work.copies)),
                                ("copies_still_held", .number(work.copiesStillHeld)),
                            ])
                        })
                ),
                (
                    "copies_still_held_by_recipient",
                    .array(
                        report.catalogue.copiesStillHeld.map { holder in
                            .object([
                                ("recipient", .string(holder.recipient)),
                                ("recipient_id", .number(Int(holder.recipientId))),
                                ("parent", .text(holder.parent)), ("works", .number(holder.works)),
                                ("copies", .number(holder.copies)),
                            ])
                        })
                ),
            ]))
        if report.isSummary {
            // The summary leaves out the table of every case, and says it is the summary.
            try sink("  " + JSON.string("summary") + ": true\n")
        } else if streamed {
            // As `array` and `JSONValue.write` write them, the missing items as they are read.
            try sink("  " + JSON.string("cases") + ": ")
            var count = 0
            try items { item in
                var out = count == 0 ? "[\n    {\n" : ",\n    {\n"
                let members = Self.caseMembers(item.status, missing: .array([]))
                for (index, (key, value)) in members.enumerated() {
                    out += "      " + JSON.string(key) + ": "
                    if key == "missing" {
                        var written = 0
                        try item.missing { text in
                            out += written == 0 ? "[\n        " : ",\n        "
                            out += JSON.string(text)
                            written += 1
                            if out.utf8.count >= 1 << 16 {
                                try sink(out)
                                out = ""
                            }
                            return true
                        }
                        out += written == 0 ? "[]" : "\n      ]"
                    } else {
                        value.write(to: &out, indent: "      ")
                    }
                    out += index == members.count - 1 ? "\n" : ",\n"
                }
                out += "    }"
                try sink(out)
                count += 1
            }
            try sink((count == 0 ? "[]" : "\n  ]") + "\n")
        } else {
            try array("cases", cases, last: true) { item in
                .object(Self.caseMembers(item, missing: .array(item.missing.map(JSONValue.string))))
            }
        }
        try sink("}\n")
    }

    /// The JSON report's `responses`: the notified cases, those replied to and those answered in
    /// full, with the definitions of each.
    static func responses(_ report: StatusReport) -> JSONValue {
        .object([
            ("notified", .number(report.notified)), ("replied", .number(report.replied)),
            ("answered_in_full", .number(report.answeredInFull)),
            (
                "definitions",
                .object([
                    ("notified", .string(StatusReport.Definition.notified)),
                    ("replied", .string(StatusReport.Definition.replied)),
                    ("answered_in_full", .string(StatusReport.Definition.answeredInFull)),
                ])
            ),
        ])
    }

    public static let caseColumns = [
        "recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline",
        "days_overdue", "last_reply_on", "resolution", "missing", "parent",
    ]

    /// One row per case.
    public func csv(_ report: StatusReport) throws -> String {
        var out = ""
        if report.isSummary {
            try writeSummaryCSV(report, to: { out += $0 })
            return out
        }
        try writeCSV(cases: { body in try report.cases.forEach(body) }, to: { out += $0 })
        return out
    }

    /// `csv`, written to `sink` with the cases read as they are written.
    public func writeCSV(cases: Rows<CaseStatus>, to sink: @escaping TextSink) throws {
        try sink(CSVExport.line(Self.caseColumns))
        try cases { item in
            try sink(
                CSVExport.line([
                    item.recipient, String(item.recipientId), item.category.rawValue, item.campaign,
                    item.state.rawValue,
                    item.sentOn?.description ?? "", item.deadline?.description ?? "",
                    item.daysOverdue.map(String.init) ?? "",
                    item.lastReplyOn?.description ?? "", item.resolution?.rawValue ?? "",
                    item.missing.joined(separator: "; "),
                    item.parent ?? "",
                ]))
        }
    }

    /// A case and its missing items, read as they are written: the function calls its body with
    /// each item in order until the body returns false; it may be called more than once.
    typealias CaseItem = (status: CaseStatus, missing: ((String) throws -> Bool) throws -> Void)

    /// `writeCSV`, each case's `missing` cell written as its items are read (`status.missing` is
    /// not used), so a case lacking something for 100,000s of works is not held whole: the same
    /// bytes. The items are read twice when the cell needs quotes only once it is long.
    func writeCSV(items: Rows<CaseItem>, to sink: @escaping TextSink) throws {
        try sink(CSVExport.line(Self.caseColumns))
        var out = ""
        func flush(_ limit: Int) throws {
            if out.utf8.count >= limit {
                try sink(out)
                out = ""
            }
        }
        try items { item in
            let status = item.status
            let before = [
                status.recipient, String(status.recipientId), status.category.rawValue, status.campaign,
                status.state.rawValue,
                status.sentOn?.description ?? "", status.deadline?.description ?? "",
                status.daysOverdue.map(String.init) ?? "",
                status.lastReplyOn?.description ?? "", status.resolution?.rawValue ?? "",
            ]
            for cell in before { out += CSVExport.field(CSVExport.neutralised(cell)) + "," }
            // The cell is the items joined with "; ": its first character (a formula's start is
            // neutralised) and whether it needs quotes, found by reading as few items as it takes.
            var first: Unicode.Scalar?
            var firstKnown = false
            var quoted = false
            var count = 0
            try item.missing { text in
                count += 1
                if !firstKnown {
                    if count == 1, let scalar = text.unicodeScalars.first {
                        first = scalar
                        firstKnown = true
                    } else if count > 1 {
                        first = ";"  // the first item was empty: the cell starts with the separator
                        firstKnown = true
                    }
                }
                if !quoted { quoted = Self.needsQuotes(text) }
                return !(quoted && firstKnown)
            }
            if quoted { out += "\"" }
            if let first, CSVExport.formulaStarts.contains(first) { out += "'" }
            var index = 0
            try item.missing { text in
                if index > 0 { out += "; " }
                if quoted && text.utf8.contains(0x22) {
                    for scalar in text.unicodeScalars {
                        if scalar == "\"" { out.unicodeScalars.append("\"") }
                        out.unicodeScalars.append(scalar)
                    }
                } else {
                    out += text
                }
                index += 1
                try flush(1 << 16)
                return true
            }
            if quoted { out += "\"" }
            out += "," + CSVExport.field(CSVExport.neutralised(status.parent ?? "")) + "\r\n"
            try flush(1)  // a row at a time, as `writeCSV(cases:)` (a long cell in pieces of 64 KiB)
        }
    }

    /// Whether a CSV cell holding `text` is quoted (`CSVExport.field`'s rule).
    static func needsQuotes(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
    }

    /// Rows read on demand: each call starts a new reading and gives its `next` (nil at the end).
    public typealias Pull<Row> = () throws -> (() throws -> Row?)

    /// The rows of an array, as `Pull` gives them.
    static func pull<Row>(_ rows: [Row]) -> Pull<Row> {
        {
            var iterator = rows.makeIterator()
            return { iterator.next() }
        }
    }

    public func markdown(_ report: StatusReport) throws -> String {
        try markdown(report, overdue: Self.pull(report.overdue), cases: Self.pull(report.cases))
    }

    /// `markdown`, with the overdue cases and the cases read as the template goes through them
    /// (a new reading each time it does), not from `report`'s lists.
    public func markdown(
        _ report: StatusReport, overdue: @escaping Pull<OverdueCase>, cases: @escaping Pull<CaseStatus>
    ) throws -> String {
        let failure = RenderFailure()
        func cell(_ text: String?) -> String {
            // Most cells hold none of the characters replaced: looked for byte by byte first.
            guard let text, text.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x0D || $0 == 0x0A }) else {
                return text ?? ""
            }
            return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        let values: [String: Any] = [
            "asOf": report.asOf.description,
            "campaigns": report.campaigns.enumerated().map { index, campaign in
                [
                    "name": cell(campaign.name), "issuer": cell(campaign.issuer),
                    "category": campaign.category.rawValue,
                    "deadlineRule": campaign.deadlineRule, "last": index == report.campaigns.count - 1,
                ] as [String: Any]
            },
            "totals": [
                "recipients": report.totals.recipients, "cases": report.totals.cases, "overdue": report.totals.overdue,
            ],
            "states": CaseState.allCases.map {
                ["state": $0.rawValue, "count": report.totals.byState[$0.rawValue] ?? 0] as [String: Any]
            },
            "responses": Self.responseRows(report, number: String.init),
            "isSummary": report.isSummary,
            "overdueCount": report.totals.overdue,
            "hasOverdue": report.totals.overdue > 0,
            "overdue": LazyRows(failure, overdue) { item in
                [
                    "recipient": cell(item.recipient), "category": item.category.rawValue,
                    "campaign": cell(item.campaign),
                    "state": item.state.rawValue, "sentOn": item.sentOn?.description ?? "",
                    "deadline": item.deadline.description,
                    "daysOverdue": item.daysOverdue,
                ] as [String: Any]
            },
            "disclosures": [
                "works": report.disclosures.works, "copies": report.disclosures.copies,
                "copiesStillHeld": report.disclosures.copiesStillHeld,
            ],
            "hasMethods": report.disclosures.works > 0,
            "methods": report.disclosures.byAccessMethod.filter { $0.value > 0 }.sorted {
                ($1.value, $0.key) < ($0.value, $1.key)
            }
            .map { ["method": $0.key, "count": $0.value] as [String: Any] },
            "catalogue": catalogueValues(report.catalogue, text: cell, number: String.init),
            "caseCount": report.totals.cases,
            "cases": LazyRows(failure, cases) { item in
                [
                    "recipient": cell(Self.grouped(item.recipient, parent: item.parent, isAffiliate: item.isAffiliate)),
                    "category": item.category.rawValue, "campaign": cell(item.campaign),
                    "state": item.state.rawValue + (item.resolution.map { " (\($0.rawValue))" } ?? ""),
                    "sentOn": item.sentOn?.description ?? "", "deadline": item.deadline?.description ?? "",
                    "daysOverdue": item.daysOverdue.map(String.init) ?? "",
                    "lastReplyOn": item.lastReplyOn?.description ?? "",
                    "missing": cell(item.missing.joined(separator: "; ")),
                ] as [String: Any]
            },
        ]
        let text = try templates.render("report.md", values, contentType: "TEXT")
        if let error = failure.error { throw error }
        return text
    }

    /// The Markdown or HTML report written to `sink` in parts, the lists read as they are
    /// written. With the built-in templates, whose rows do not depend on their neighbours, the
    /// page is rendered once with no overdue case and no case (`empty`), then with each chunk of
    /// rows alone: each rendering is `empty` with the chunk's rows at one place, which is found
    /// from the first chunk and checked on every one; the rows are written between `empty`'s parts.
    /// Other templates are rendered whole (their lists still read as the template goes through them).
    public func writeDocument(
        _ report: StatusReport, as format: OutputFormat, overdue: @escaping Pull<OverdueCase>,
        cases: @escaping Pull<CaseStatus>, to sink: @escaping TextSink, chunk: Int = 1_000
    ) throws {
        func render(_ overdue: @escaping Pull<OverdueCase>, _ cases: @escaping Pull<CaseStatus>) throws -> String {
            format == .html
                ? try html(report, overdue: overdue, cases: cases)
                : try markdown(report, overdue: overdue, cases: cases)
        }
        guard templates.directory == nil else { return try sink(try render(overdue, cases)) }
        let empty = Array(try render(Self.pull([OverdueCase]()), Self.pull([CaseStatus]())).utf8)
        var written = 0
        func write(_ bytes: ArraySlice<UInt8>) throws {
            if !bytes.isEmpty { try sink(String(decoding: bytes, as: UTF8.self)) }
        }
        /// Writes the rows of every chunk `next` gives, rendered by `page`, at their place in `empty`.
        func rows<Row>(_ next: () throws -> Row?, _ page: ([Row]) throws -> String) throws {
            var split: Int?
            while true {
                var rows: [Row] = []
                while rows.count < chunk, let row = try next() { rows.append(row) }
                guard !rows.isEmpty else { return }
                let text = Array(try page(rows).utf8)
                if split == nil {
                    var common = 0
                    while common < empty.count && common < text.count && empty[common] == text[common] { common += 1 }
                    // At the start of a character, so that every part is whole UTF-8.
                    while common > 0 && common < empty.count && empty[common] & 0xC0 == 0x80 { common -= 1 }
                    guard common >= written else { throw TemplateError.reportListsOutOfOrder }
                    try write(empty[written..<common])
                    written = common
                    split = common
                }
                let at = split ?? 0
                let tail = empty.count - at
                guard text.count >= empty.count, text[..<at].elementsEqual(empty[..<at]),
                    text[(text.count - tail)...].elementsEqual(empty[at...])
                else {
                    throw TemplateError.reportNotWritableInParts
                }
                try write(text[at..<(text.count - tail)])
            }
        }
        let nextOverdue = try overdue()
        try rows(nextOverdue) { chunk in try render(Self.pull(chunk), Self.pull([CaseStatus]())) }
        let nextCase = try cases()
        try rows(nextCase) { chunk in try render(Self.pull([OverdueCase]()), Self.pull(chunk)) }
        try write(empty[written...])
    }

    // MARK: - HTML

    /// One self-contained HTML page (no script, and nothing loaded from anywhere): the headline
    /// figures, the cases by state and the replies per week as SVG charts, the overdue cases, the
    /// disclosures and every case. Mustache escapes every value; see `escapable(_:)`.
    public func html(_ report: StatusReport) throws -> String {
        try html(report, overdue: Self.pull(report.overdue), cases: Self.pull(report.cases))
    }

    /// `html`, with the overdue cases and the cases read as the template goes through them.
    public func html(_ report: StatusReport, overdue: @escaping Pull<OverdueCase>, cases: @escaping Pull<CaseStatus>)
        throws -> String
    {
        let failure = RenderFailure()
        let text = Self.escapable
        let notified = report.notified
        let replied = report.replied
        let (year, month, day) = report.asOf.components
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ]
        var issuers: [String] = []
        for campaign in report.campaigns where !issuers.contains(campaign.issuer) { issuers.append(campaign.issuer) }
        let methods = report.disclosures.byAccessMethod.filter { $0.value > 0 }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let mostWorks = max(methods.first?.value ?? 0, 1)
        let everything = Disclosure.Item.allCases.map(\.rawValue)

        let values: [String: Any] = [
            "asOf": report.asOf.description,
            "asOfInWords": "\(day) \(months[month - 1]) \(year)",
            "issuers": text(issuers.joined(separator: ", ")),
            "campaigns": report.campaigns.map { campaign in
                [
                    "name": text(campaign.name), "issuer": text(campaign.issuer),
                    "category": campaign.category.rawValue,
                    "deadlineRule": campaign.deadlineRule, "cases": Figures.grouped(campaign.cases),
                    "notified": Figures.grouped(campaign.cases - (campaign.byState[CaseState.draft.rawValue] ?? 0)),
                    "overdue": Figures.grouped(campaign.overdue),
                ] as [String: Any]
            },
            "headline": [
                "cases": Figures.grouped(report.totals.cases), "recipients": Figures.grouped(report.totals.recipients),
                "notified": Figures.grouped(notified), "replied": Figures.grouped(replied),
                "answeredInFull": Figures.grouped(report.answeredInFull), "hasNotified": notified > 0,
                "repliedShare": Self.share(replied, of: notified),
                "answeredShare": Self.share(report.answeredInFull, of: notified),
                "notifiedDefinition": StatusReport.Definition.notified,
                "repliedDefinition": StatusReport.Definition.replied,
                "answeredDefinition": StatusReport.Definition.answeredInFull,
                "overdue": Figures.grouped(report.totals.overdue),
                "overdueShare": Figures.percent(report.totals.overdue, of: notified),
                "hasOverdue": report.totals.overdue > 0,
            ] as [String: Any],
            "isSummary": report.isSummary,
            "stateChart": StateChart(byState: report.totals.byState),
            "replyChart": ReplyChart(repliesByWeek: report.repliesByWeek, campaigns: report.campaigns),
            "overdueCount": Figures.grouped(report.totals.overdue),
            "hasOverdue": report.totals.overdue > 0,
            "overdue": LazyRows(failure, overdue) { item in
                [
                    "recipient": text(item.recipient), "category": item.category.rawValue,
                    "campaign": text(item.campaign),
                    "state": item.state.rawValue, "sentOn": item.sentOn?.description ?? "",
                    "deadline": item.deadline.description, "daysOverdue": Figures.grouped(item.daysOverdue),
                ] as [String: Any]
            },
            "disclosures": [
                "works": Figures.grouped(report.disclosures.works),
                "copies": Figures.grouped(report.disclosures.copies),
                "copiesStillHeld": Figures.grouped(report.disclosures.copiesStillHeld),
                "hasMethods": !methods.isEmpty,
                "methods": methods.map { method, works in
                    [
                        "method": text(method), "works": Figures.grouped(works),
                        "share": Figures.percent(works, of: report.disclosures.works),
                        "barPercent": Int((Double(works) / Double(mostWorks) * 100).rounded()),
                    ] as [String: Any]
                },
            ] as [String: Any],
            "catalogue": catalogueValues(report.catalogue, text: text, number: Figures.grouped),
            "caseCount": Figures.grouped(report.totals.cases),
            "cases": LazyRows(failure, cases) { item in
                [
                    "recipient": text(item.recipient), "isAffiliate": item.isAffiliate,
                    "parent": text(item.parent ?? ""),
                    "category": item.category.rawValue, "campaign": text(item.campaign),
                    "state": item.state.rawValue, "resolution": item.resolution?.rawValue ?? "",
                    "hasResolution": item.resolution != nil, "sentOn": item.sentOn?.description ?? "",
                    "deadline": item.deadline?.description ?? "",
                    "daysOverdue": item.daysOverdue.map(Figures.grouped) ?? "",
                    "isOverdue": item.daysOverdue != nil, "lastReplyOn": item.lastReplyOn?.description ?? "",
                    "missing": (item.missing == everything ? ["everything requested"] : item.missing).map {
                        ["item": text($0)]
                    },
                ]
                    as [String: Any]
            },
        ]
        let page = try templates.render("report.html", values, contentType: "HTML")
        if let error = failure.error { throw error }
        return page
    }

    // MARK: - The catalogue section

    /// How a case or a holder of copies is named in a table grouped by parent: an affiliate as
    /// `↳ Name (of Parent)`, under its group's head.
    static func grouped(_ name: String, parent: String?, isAffiliate: Bool) -> String {
        guard isAffiliate else { return name }
        return "↳ " + name + (parent.map { " (of \($0))" } ?? "")
    }

    /// The catalogue section's values for the Markdown and HTML templates; `text` makes a name
    /// safe for the format.
    func catalogueValues(
        _ catalogue: CatalogueStatus, text: (String) -> String,
        number: (Int) -> String
    ) -> [String: Any] {
        [
            "hasCatalogue": catalogue.worksOwned > 0,
            "worksOwned": number(catalogue.worksOwned),
            "worksDisclosed": number(catalogue.worksDisclosed),
            "disclosedShare": Figures.percent(catalogue.worksDisclosed, of: catalogue.worksOwned),
            "matchedByISRC": number(catalogue.matchedByISRC),
            "matchedByTitleArtist": number(catalogue.matchedByTitleArtist),
            "unknownWorks": number(catalogue.unknownWorks),
            "unknownWorkDisclosures": number(catalogue.unknownWorkDisclosures),
            "hasMostDisclosed": !catalogue.mostDisclosed.isEmpty,
            "mostDisclosed": catalogue.mostDisclosed.enumerated().map { index, work in
                [
                    "rank": index + 1, "title": text(work.title), "artist": text(work.artist), "isrc": work.isrc ?? "",
                    "recipients": number(work.recipients), "copies": number(work.copies),
                    "copiesStillHeld": number(work.copiesStillHeld),
                ] as [String: Any]
            },
            "hasCopiesStillHeld": !catalogue.copiesStillHeld.isEmpty,
            "copiesStillHeld": catalogue.copiesStillHeld.map { holder in
                [
                    "label": text(Self.beneath(holder)),
                    "recipient": text(holder.recipient), "isAffiliate": holder.isAffiliate,
                    "parent": text(holder.beneath ?? holder.parent ?? ""),
                    "indent": max(holder.depth - 1, 0), "hasIndent": holder.depth > 1,
                    "works": number(holder.works), "copies": number(holder.copies),
                ] as [String: Any]
            },
        ]
    }

    /// `text` made safe for Mustache's HTML escaping, which goes character by character: a `<`
    /// that shares its character with a mark (`\u{600}<` is one character) would pass unescaped.
    /// Each of `<`, `>`, `&`, `"` and `'` in such a character is set apart by zero-width spaces, so
    /// it is a character of its own and escaped; any other text is returned as it is.
    static func escapable(_ text: String) -> String {
        func isMarkup(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "<" || scalar == ">" || scalar == "&" || scalar == "\"" || scalar == "'"
        }
        guard text.unicodeScalars.contains(where: isMarkup) else { return text }
        var out = String.UnicodeScalarView()
        for character in text {
            let scalars = character.unicodeScalars
            guard scalars.count > 1, scalars.contains(where: isMarkup) else {
                out.append(contentsOf: scalars)
                continue
            }
            for scalar in scalars {
                if isMarkup(scalar) {
                    out.append(contentsOf: ["\u{200B}", scalar, "\u{200B}"])
                } else {
                    out.append(scalar)
                }
            }
        }
        return String(out)
    }
}

/// The first error met while a template read its rows (a template cannot throw): thrown once it is rendered.
final class RenderFailure {
    var error: (any Error)?
}

/// Rows for a template's section, read when the template goes through them, each made into the
/// template's values then; every pass of the template is a new reading. Nothing is kept.
struct LazyRows: MustacheSequence {
    let failure: RenderFailure
    let start: () throws -> (() throws -> Any?)

    init<Row>(_ failure: RenderFailure, _ rows: @escaping ReportRenderer.Pull<Row>, _ values: @escaping (Row) -> Any) {
        self.failure = failure
        start = {
            let next = try rows()
            return { try next().map(values) }
        }
    }

    func makeIterator() -> AnyIterator<Any> {
        let failure = failure
        guard failure.error == nil else { return AnyIterator { nil } }
        do {
            let next = try start()
            return AnyIterator {
                guard failure.error == nil else { return nil }
                do { return try next() } catch {
                    failure.error = error
                    return nil
                }
            }
        } catch {
            failure.error = error
            return AnyIterator { nil }
        }
    }
}
