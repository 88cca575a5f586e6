import GRDB

extension Tracker {
    /// Overdue cases on `asOf`, most days overdue first.
    public func overdue(asOf: Day, campaign: String? = nil, category: Category? = nil) throws -> [OverdueCase] {
        try read { db in
            let campaignIds = try campaigns(campaign, db).compactMap(\.id)
            return try overdue(db, asOf: asOf, campaignIds: campaignIds, category: category)
        }
    }

    func overdue(_ db: Database, asOf: Day, campaignIds: [Int64], category: Category?) throws -> [OverdueCase] {
        var cases: [OverdueCase] = []
        try overdue(db, asOf: asOf, campaignIds: campaignIds, category: category) { cases.append($0) }
        return cases
    }

    /// Calls `body` with each overdue case on `asOf`, most days overdue first, as it is read.
    func overdue(_ db: Database, asOf: Day, campaignIds: [Int64], category: Category?, _ body: (OverdueCase) throws -> Void) throws {
        var sql = """
            SELECT r.name, r.id, r.category, c.name, k.state, k.sent_on, k.deadline
            FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
            WHERE \(Self.isOverdue) AND k.campaign_id IN (\(campaignIds.map(String.init).joined(separator: ",")))
            """
        var arguments: StatementArguments = [asOf]
        if let category { sql += " AND r.category = ?"; arguments += [category] }
        sql += " ORDER BY k.deadline, r.name_key, c.id"
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            guard let deadline = (try row.decode(Day?.self, atIndex: 6)) else { continue }
            try body(OverdueCase(recipient: (try row.decode(atIndex: 0)), recipientId: (try row.decode(atIndex: 1)), category: (try row.decode(atIndex: 2)), campaign: (try row.decode(atIndex: 3)),
                                 state: (try row.decode(atIndex: 4)), sentOn: (try row.decode(atIndex: 5)), deadline: deadline, daysOverdue: asOf.days(since: deadline)))
        }
    }

    /// Whether case `k` is overdue on the date bound to the statement's first `?`.
    static let isOverdue = "k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline < ?"

    /// The status report on `asOf`, for one campaign or all of them.
    public func report(asOf: Day, campaign: String? = nil) throws -> StatusReport {
        try read { db in
            let campaigns = try campaigns(campaign, db)
            let ids = campaigns.compactMap(\.id).map(String.init).joined(separator: ",")
            let inCampaigns = "k.campaign_id IN (\(ids))"
            let overdue = try overdue(db, asOf: asOf, campaignIds: campaigns.compactMap(\.id), category: nil)

            // Disclosures after superseding: totals, and per case.
            var totals = StatusReport.DisclosureTotals(works: 0, copies: 0, copiesStillHeld: 0, byAccessMethod: [:])
            for method in AccessMethod.allCases { totals.byAccessMethod[method.rawValue] = 0 }
            let join = campaign == nil ? "" : "JOIN \"case\" k ON k.id = d.case_id AND \(inCampaigns)"
            for row in try Row.fetchAll(db, sql: """
                SELECT d.access_method, COUNT(*), IFNULL(SUM(CASE WHEN \(Self.ownCopies) THEN d.copies_made END), 0),
                       IFNULL(SUM(CASE WHEN \(Self.ownCopies) AND d.copies_exist = 1 THEN d.copies_made END), 0)
                FROM disclosure d \(join) WHERE d.superseded_by IS NULL GROUP BY d.access_method
                """) {
                let works: Int = try row.decode(atIndex: 1)
                totals.works += works
                totals.copies += try row.decode(Int.self, atIndex: 2)
                totals.copiesStillHeld += try row.decode(Int.self, atIndex: 3)
                totals.byAccessMethod[(try row.decode(String?.self, atIndex: 0)) ?? "unknown", default: 0] += works
            }
            var worksByCase: [Int64: Int] = [:]
            let counts = try Row.fetchCursor(db, sql: """
                SELECT d.case_id, COUNT(*) FROM disclosure d \(join) WHERE d.superseded_by IS NULL GROUP BY d.case_id
                """)
            while let row = try counts.next() {
                worksByCase[(try row.decode(atIndex: 0))] = try row.decode(atIndex: 1)
            }
            var missingByCase: [Int64: [String]] = [:]
            let incomplete = try Disclosure.fetchCursor(db, sql: """
                SELECT d.* FROM disclosure d \(join) WHERE d.superseded_by IS NULL AND d.missing <> '' ORDER BY d.id
                """)
            while let disclosure = try incomplete.next() {
                missingByCase[disclosure.caseId, default: []].append(
                    "\(disclosure.workLabel): \(disclosure.missing.replacingOccurrences(of: ",", with: ", "))")
            }
            let attestedNoUse = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT case_id FROM reply WHERE kind = 'no-use'"))
            let requests = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.id ?? 0, $0.requests) })
            let everything = Disclosure.Item.allCases.map(\.rawValue)

            var cases: [CaseStatus] = []
            var order: [(campaign: Int, group: RecipientGroup)] = []
            let groups = try recipientGroups(db)
            var byState: [Int64: [String: Int]] = [:]
            var recipients = Set<Int64>()
            var lastCampaign: Int64 = -1
            let caseRows = try Row.fetchCursor(db, sql: """
                SELECT k.id, k.campaign_id, r.name, r.id, r.category, c.name, k.state, k.sent_on, k.deadline,
                       k.last_reply_on, k.resolution, r.parent, r.name_key
                FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
                WHERE \(inCampaigns) ORDER BY c.id, r.name_key
                """)
            while let row = try caseRows.next() {
                let caseId: Int64 = try row.decode(atIndex: 0)
                let campaignId: Int64 = try row.decode(atIndex: 1)
                let state: CaseState = try row.decode(atIndex: 6)
                let deadline: Day? = try row.decode(atIndex: 8)
                var missing: [String] = []
                if requests[campaignId] == .all && state != .responded {
                    if worksByCase[caseId, default: 0] > 0 {
                        missing = missingByCase[caseId] ?? []
                    } else if !attestedNoUse.contains(caseId) {
                        missing = everything
                    }
                }
                let overdue = StateMachine.isOverdue(state: state, deadline: deadline, on: asOf)
                let group = try groups[(row.decode(atIndex: 12))] ?? RecipientGroup(head: (try row.decode(atIndex: 12)), depth: 0)
                cases.append(CaseStatus(
                    recipient: (try row.decode(atIndex: 2)), recipientId: (try row.decode(atIndex: 3)), parent: (try row.decode(atIndex: 11)), isAffiliate: group.depth > 0, category: (try row.decode(atIndex: 4)),
                    campaign: (try row.decode(atIndex: 5)), state: state,
                    sentOn: (try row.decode(atIndex: 7)), deadline: deadline, daysOverdue: overdue ? deadline.map { asOf.days(since: $0) } : nil,
                    lastReplyOn: (try row.decode(atIndex: 9)), missing: missing, resolution: (try row.decode(atIndex: 10))))
                order.append((campaign: order.last.map { $0.campaign + (campaignId == lastCampaign ? 0 : 1) } ?? 0, group: group))
                lastCampaign = campaignId
                byState[campaignId, default: [:]][state.rawValue, default: 0] += 1
                recipients.insert(try row.decode(atIndex: 3))
            }

            // Each group of affiliates together, its head first (the fetch's order, by campaign and name, otherwise).
            cases = zip(order, cases).enumerated().sorted { a, b in
                (a.element.0.campaign, a.element.0.group.head, a.element.0.group.depth, a.offset)
                    < (b.element.0.campaign, b.element.0.group.head, b.element.0.group.depth, b.offset)
            }.map(\.element.1)

            // For the HTML report's charts: each campaign's span of case deadlines, and replies per
            // week (the Monday it starts on: back six days, then on to the next Monday).
            var caseDeadlines: [Int64: ClosedRange<Day>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT k.campaign_id, MIN(k.deadline), MAX(k.deadline) FROM "case" k
                WHERE \(inCampaigns) AND k.deadline IS NOT NULL GROUP BY k.campaign_id
                """) {
                if let first = (try row.decode(Day?.self, atIndex: 1)), let last = (try row.decode(Day?.self, atIndex: 2)), first <= last {
                    caseDeadlines[(try row.decode(atIndex: 0))] = first...last
                }
            }
            let repliesByWeek = try Row.fetchAll(db, sql: """
                SELECT date(p.received_on, '-6 days', 'weekday 1') AS week, COUNT(*)
                FROM reply p JOIN "case" k ON k.id = p.case_id
                WHERE \(inCampaigns) GROUP BY week HAVING week IS NOT NULL ORDER BY week
                """).compactMap { row in try (row.decode(Day?.self, atIndex: 0)).map { (week: $0, count: (try row.decode(Int.self, atIndex: 1))) } }

            func allStates(_ counts: [String: Int]) -> [String: Int] {
                Dictionary(uniqueKeysWithValues: CaseState.allCases.map { ($0.rawValue, counts[$0.rawValue] ?? 0) })
            }
            let campaignStatuses = campaigns.map { campaign in
                let counts = allStates(byState[campaign.id ?? 0] ?? [:])
                return CampaignStatus(
                    name: campaign.name, issuer: campaign.issuer, category: campaign.category, requests: campaign.requests,
                    deadlineRule: campaign.deadlineRule, deadline: campaign.deadline,
                    caseDeadlines: caseDeadlines[campaign.id ?? 0], cases: counts.values.reduce(0, +), byState: counts,
                    overdue: overdue.filter { $0.campaign == campaign.name }.count)
            }
            let recipientCount = campaign == nil ? try Recipient.fetchCount(db) : recipients.count
            var stateTotals: [String: Int] = [:]
            for counts in byState.values { stateTotals.merge(counts, uniquingKeysWith: +) }
            return StatusReport(
                asOf: asOf, campaigns: campaignStatuses,
                totals: .init(recipients: recipientCount, cases: cases.count, byState: allStates(stateTotals), overdue: overdue.count),
                overdue: overdue, disclosures: totals, catalogue: try catalogueStatus(db, campaignIds: campaigns.compactMap(\.id)),
                cases: cases, repliesByWeek: repliesByWeek)
        }
    }
}
