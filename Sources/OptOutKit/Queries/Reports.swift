import GRDB

extension Tracker {
    /// Overdue cases on `asOf`, most days overdue first.
    public func overdue(asOf: Day, campaign: String? = nil, category: Category? = nil) throws -> [OverdueCase] {
        try read { db in
            let campaignIds = try campaigns(campaign, db).compactMap(\.id)
            return try overdue(db, asOf: asOf, campaignIds: campaignIds, category: category)
        }
    }

    func overdue(_ db: Store, asOf: Day, campaignIds: [Int64], category: Category?) throws -> [OverdueCase] {
        var cases: [OverdueCase] = []
        try overdue(db, asOf: asOf, campaignIds: campaignIds, category: category) { cases.append($0) }
        return cases
    }

    /// Calls `body` with each overdue case on `asOf`, most days overdue first, as it is read.
    func overdue(
        _ db: Store, asOf: Day, campaignIds: [Int64], category: Category?, _ body: (OverdueCase) throws -> Void
    ) throws {
        let next = try overdueCursor(db, asOf: asOf, campaignIds: campaignIds, category: category)
        while let item = try next() { try body(item) }
    }

    /// The overdue cases on `asOf`, most days overdue first: each call of the function returned reads the next.
    func overdueCursor(_ db: Store, asOf: Day, campaignIds: [Int64], category: Category?) throws -> () throws ->
        OverdueCase?
    {
        let rows = try SQLRequest<Row>(literal: overdueSQL(asOf: asOf, campaignIds: campaignIds, category: category))
            .fetchCursor(db)
        return {
            while let row = try rows.next() {
                if let item = try Self.overdueCase(row, asOf: asOf) { return item }
            }
            return nil
        }
    }

    /// The overdue case a row of `overdueSQL` holds; nil for a case without a deadline.
    static func overdueCase(_ row: Row, asOf: Day) throws -> OverdueCase? {
        guard let deadline = try row.decode(Day?.self, forColumn: "deadline") else { return nil }
        return OverdueCase(
            recipient: try row.decode(forColumn: "recipient"), recipientId: try row.decode(forColumn: "recipient_id"),
            category: try row.decode(forColumn: "category"), campaign: try row.decode(forColumn: "campaign"),
            state: try row.decode(forColumn: "state"), sentOn: try row.decode(forColumn: "sent_on"), deadline: deadline,
            daysOverdue: asOf.days(since: deadline))
    }

    /// The query of the overdue cases on `asOf`, most days overdue first: recipient name, id and
    /// category, campaign name, state, sent_on, deadline.
    func overdueSQL(asOf: Day, campaignIds: [Int64], category: Category?) -> SQL {
        let ofCategory: SQL = category.map { "AND r.category = \($0)" } ?? ""
        return """
            SELECT r.name AS recipient, r.id AS recipient_id, r.category, c.name AS campaign, k.state, k.sent_on,
                   k.deadline
            FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
            WHERE \(Self.isOverdue(on: asOf)) AND \(SharedSQL.inCampaigns(campaignIds)) \(ofCategory)
            ORDER BY k.deadline, r.name_key, c.id
            """
    }

    /// Whether case `k` is overdue on `day`.
    static func isOverdue(on day: Day) -> SQL {
        "k.state IN ('notified', 'acknowledged', 'incomplete') AND k.deadline < \(day)"
    }

    /// The status report on `asOf`, for one campaign or all of them, in memory.
    public func report(asOf: Day, campaign: String? = nil) throws -> StatusReport {
        try read { db in
            let figures = try reportFigures(db, asOf: asOf, campaign: campaign)
            var report = figures.report
            try overdue(db, asOf: asOf, campaignIds: figures.campaignIds, category: nil) { report.overdue.append($0) }
            try withGroupOrder(db, figures) {
                let next = try reportCaseCursor(db, figures)
                while let item = try next() { report.cases.append(item) }
            }
            return report
        }
    }

    /// The status report on `asOf` in `format`, written to `sink` as the overdue cases and the
    /// cases are read (only the figures are held): CSV and JSON row by row, Markdown and HTML
    /// in chunks of rows (see `ReportRenderer.writeDocument`).
    public func writeReport(
        asOf: Day, campaign: String? = nil, as format: OutputFormat, renderer: ReportRenderer,
        to sink: @escaping TextSink
    ) throws {
        try read { db in
            let figures = try reportFigures(db, asOf: asOf, campaign: campaign)
            let overdue: ReportRenderer.Rows<OverdueCase> = { body in
                try self.overdue(db, asOf: asOf, campaignIds: figures.campaignIds, category: nil, body)
            }
            let pullOverdue: ReportRenderer.Pull<OverdueCase> = {
                try self.overdueCursor(db, asOf: asOf, campaignIds: figures.campaignIds, category: nil)
            }
            let pullCases: ReportRenderer.Pull<CaseStatus> = { try self.reportCaseCursor(db, figures) }
            try withGroupOrder(db, figures) {
                switch format {
                case .csv:
                    try renderer.writeCSV(
                        items: { body in
                            let next = try self.reportCaseItemCursor(db, figures)
                            while let item = try next() { try body((item.status, item.missing)) }
                        }, to: sink)
                case .json:
                    try renderer.writeJSON(
                        figures.report, overdue: overdue,
                        items: { body in
                            let next = try self.reportCaseItemCursor(db, figures)
                            while let item = try next() { try body((item.status, item.missing)) }
                        }, to: sink)
                default:
                    try renderer.writeDocument(
                        figures.report, as: format, overdue: pullOverdue, cases: pullCases, to: sink)
                }
            }
        }
    }

    /// What the report's cases are read with: its figures (no overdue case and no case in them),
    /// the campaigns, and each recipient's place in its group of affiliates.
    struct ReportFigures {
        var report: StatusReport
        var campaigns: [Campaign]
        var campaignIds: [Int64]
        var asOf: Day
        /// For each recipient's name key: the rank of its group's head (heads in order) and its depth in the group.
        var groupOrder: [String: (rank: Int, depth: Int)]
    }

    func reportFigures(_ db: Store, asOf: Day, campaign: String?) throws -> ReportFigures {
        let campaigns = try campaigns(campaign, db)
        let campaignIds = campaigns.compactMap(\.id)
        let inCampaigns = SharedSQL.inCampaigns(campaignIds)

        // Overdue cases, counted per campaign (each read, its stored dates checked, none kept).
        var overdueByCampaign: [String: Int] = [:]
        var overdueCount = 0
        try overdue(db, asOf: asOf, campaignIds: campaignIds, category: nil) { item in
            overdueByCampaign[item.campaign, default: 0] += 1
            overdueCount += 1
        }

        // Disclosures after superseding: totals (and the catalogue's matches) in one pass when
        // every stored access method and match is a known one, else by group.
        let join: SQL = campaign == nil ? "" : "JOIN \"case\" k ON k.id = d.case_id AND \(inCampaigns)"
        let current = try currentDisclosures(db, join: join)
        var totals =
            current?.totals
            ?? StatusReport.DisclosureTotals(works: 0, copies: 0, copiesStillHeld: 0, byAccessMethod: [:])
        for method in AccessMethod.allCases where current == nil { totals.byAccessMethod[method.rawValue] = 0 }
        for row in try current != nil
            ? []
            : SQLRequest<Row>(
                """
                SELECT d.access_method, COUNT(*) AS works, \(SharedSQL.copiesMade) AS copies,
                       \(SharedSQL.copiesStillHeld) AS held
                FROM disclosure d \(join) WHERE d.superseded_by IS NULL GROUP BY d.access_method
                """
            ).fetchAll(db)
        {
            let works: Int = try row.decode(forColumn: "works")
            totals.works += works
            totals.copies += try row.decode(Int.self, forColumn: "copies")
            totals.copiesStillHeld += try row.decode(Int.self, forColumn: "held")
            totals.byAccessMethod[try row.decode(String?.self, forColumn: "access_method") ?? "unknown", default: 0] +=
                works
        }

        // Cases by campaign and state, the recipients they concern, and those with a reply.
        var byState: [Int64: [String: Int]] = [:]
        for row in try SQLRequest<Row>(
            """
            SELECT k.campaign_id, k.state, COUNT(*) AS count FROM "case" k WHERE \(inCampaigns)
            GROUP BY k.campaign_id, k.state
            """
        ).fetchAll(db) {
            let state = try row.decode(CaseState.self, forColumn: "state")
            byState[try row.decode(forColumn: "campaign_id"), default: [:]][state.rawValue] =
                try row.decode(forColumn: "count")
        }
        let recipientCount =
            campaign == nil
            ? try Recipient.fetchCount(db)
            : try SQLRequest<Int>("SELECT COUNT(DISTINCT k.recipient_id) FROM \"case\" k WHERE \(inCampaigns)")
                .fetchOne(db) ?? 0
        let replied =
            try SQLRequest<Int>(
                """
                SELECT COUNT(*) FROM "case" k WHERE \(inCampaigns) AND k.last_reply_on IS NOT NULL AND k.state <> 'draft'
                """
            ).fetchOne(db) ?? 0

        // For the HTML report's charts: each campaign's span of case deadlines, and replies per
        // week (the Monday it starts on: back six days, then on to the next Monday).
        var caseDeadlines: [Int64: ClosedRange<Day>] = [:]
        for row in try SQLRequest<Row>(
            """
            SELECT k.campaign_id, MIN(k.deadline) AS first, MAX(k.deadline) AS last FROM "case" k
            WHERE \(inCampaigns) AND k.deadline IS NOT NULL GROUP BY k.campaign_id
            """
        ).fetchAll(db) {
            if let first = try row.decode(Day?.self, forColumn: "first"),
                let last = try row.decode(Day?.self, forColumn: "last"), first <= last
            {
                caseDeadlines[try row.decode(forColumn: "campaign_id")] = first...last
            }
        }
        let repliesByWeek = try SQLRequest<Row>(
            """
            SELECT week, COUNT(*) AS count
            FROM (SELECT \(sql: db.monday(of: "p.received_on")) AS week
                  FROM reply p JOIN "case" k ON k.id = p.case_id WHERE \(inCampaigns)) AS replies
            WHERE week IS NOT NULL GROUP BY week ORDER BY week
            """
        ).fetchAll(db).compactMap { row in
            try row.decode(Day?.self, forColumn: "week").map { week -> (week: Day, count: Int) in
                (week: week, count: try row.decode(Int.self, forColumn: "count"))
            }
        }

        func allStates(_ counts: [String: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: CaseState.allCases.map { ($0.rawValue, counts[$0.rawValue] ?? 0) })
        }
        let campaignStatuses = campaigns.map { campaign in
            let counts = allStates(byState[campaign.id ?? 0] ?? [:])
            return CampaignStatus(
                name: campaign.name, issuer: campaign.issuer, category: campaign.category, requests: campaign.requests,
                deadlineRule: campaign.deadlineRule, deadline: campaign.deadline,
                caseDeadlines: caseDeadlines[campaign.id ?? 0], cases: counts.values.reduce(0, +), byState: counts,
                overdue: overdueByCampaign[campaign.name] ?? 0)
        }
        var stateTotals: [String: Int] = [:]
        for counts in byState.values { stateTotals.merge(counts, uniquingKeysWith: +) }
        let report = StatusReport(
            asOf: asOf, campaigns: campaignStatuses,
            totals: .init(
                recipients: recipientCount, cases: stateTotals.values.reduce(0, +), byState: allStates(stateTotals),
                overdue: overdueCount),
            overdue: [], disclosures: totals,
            catalogue: try catalogueStatus(db, campaignIds: campaignIds, current: current),
            cases: [], repliesByWeek: repliesByWeek, replied: replied)

        // Each group of affiliates together, its head first: heads in order, a rank each.
        let groups = try recipientGroups(db)
        let heads = Set(groups.values.map(\.head)).sorted()
        let ranks = Dictionary(uniqueKeysWithValues: heads.enumerated().map { ($0.element, $0.offset) })
        var groupOrder: [String: (rank: Int, depth: Int)] = [:]
        for (key, group) in groups { groupOrder[key] = (ranks[group.head] ?? 0, group.depth) }
        return ReportFigures(
            report: report, campaigns: campaigns, campaignIds: campaignIds, asOf: asOf, groupOrder: groupOrder)
    }

    /// The figures of the current disclosures (of the cases `join` keeps, or all) read in one pass.
    struct CurrentDisclosures {
        var totals: StatusReport.DisclosureTotals
        var matchedByISRC: Int
        var matchedByTitleArtist: Int
        var unknownWorkDisclosures: Int
        var unknownWorks: Int
    }

    /// The current disclosures' totals by access method and their matches in one pass over them
    /// (the report read them once for each before). Nil when a stored access method or match is
    /// none of the known ones: the queries by group then count (or refuse) it as they always did.
    func currentDisclosures(_ db: Store, join: SQL) throws -> CurrentDisclosures? {
        let methods = AccessMethod.allCases.map(\.rawValue)
        let matches = [MatchMethod.isrc, .titleArtist, .unknownWork].map(\.rawValue)
        let byMethod = methods.map { method -> SQL in
            "COALESCE(SUM(CASE WHEN d.access_method = \(method) THEN 1 ELSE 0 END), 0) AS \(identifier: "method_" + method)"
        }.joined(separator: ", ")
        let byMatch = matches.map { match -> SQL in
            "COALESCE(SUM(CASE WHEN d.matched_by = \(match) THEN 1 ELSE 0 END), 0) AS \(identifier: "match_" + match)"
        }.joined(separator: ", ")
        guard
            let row = try SQLRequest<Row>(
                """
                SELECT COUNT(*) AS works, \(SharedSQL.copiesMade) AS copies, \(SharedSQL.copiesStillHeld) AS held,
                       COALESCE(SUM(CASE WHEN d.access_method IS NULL THEN 1 ELSE 0 END), 0) AS no_method,
                       COALESCE(SUM(CASE WHEN d.access_method IS NOT NULL AND d.access_method NOT IN \(methods) THEN 1 ELSE 0 END), 0) AS other_method,
                       \(byMethod),
                       \(byMatch),
                       COALESCE(SUM(CASE WHEN d.matched_by IS NOT NULL AND d.matched_by NOT IN \(matches) THEN 1 ELSE 0 END), 0) AS other_match,
                       COUNT(DISTINCT CASE WHEN d.matched_by = \(MatchMethod.unknownWork.rawValue)
                                           THEN COALESCE(d.isrc, d.match_key, 'disclosure ' || d.id) END)
                           AS unknown_works
                FROM disclosure d \(join) WHERE d.superseded_by IS NULL
                """
            ).fetchOne(db)
        else { return nil }
        guard try row.decode(Int.self, forColumn: "other_method") == 0,
            try row.decode(Int.self, forColumn: "other_match") == 0
        else {
            return nil
        }
        var totals = StatusReport.DisclosureTotals(
            works: try row.decode(forColumn: "works"), copies: try row.decode(forColumn: "copies"),
            copiesStillHeld: try row.decode(forColumn: "held"), byAccessMethod: [:])
        for method in methods {
            totals.byAccessMethod[method] = try row.decode(Int.self, forColumn: "method_" + method)
        }
        let unnamed: Int = try row.decode(forColumn: "no_method")
        if unnamed > 0 { totals.byAccessMethod["unknown"] = unnamed }
        return CurrentDisclosures(
            totals: totals, matchedByISRC: try row.decode(forColumn: "match_" + MatchMethod.isrc.rawValue),
            matchedByTitleArtist: try row.decode(forColumn: "match_" + MatchMethod.titleArtist.rawValue),
            unknownWorkDisclosures: try row.decode(forColumn: "match_" + MatchMethod.unknownWork.rawValue),
            unknownWorks: try row.decode(forColumn: "unknown_works"))
    }

    /// Runs `body` with the SQL functions the report's cases are sorted by: the rank of a
    /// recipient's group head (heads in order) and its depth in the group, so that SQLite sorts
    /// the cases and none is held here to be sorted.
    func withGroupOrder<T>(_ db: Store, _ figures: ReportFigures, _ body: () throws -> T) throws -> T {
        let groupOrder = figures.groupOrder
        guard let database = db.sqlite else {
            // On a server the same two functions (Schema/postgresql/) read a temporary table.
            try db.execute(
                sql: """
                    CREATE TEMPORARY TABLE IF NOT EXISTS optout_group_order (
                        key text COLLATE "C" PRIMARY KEY, rank bigint, depth bigint NOT NULL)
                    """)
            try db.execute(sql: "DELETE FROM pg_temp.optout_group_order")
            for batch in groupOrder.chunked(into: 1_000) {
                let rows = batch.map { _ in "(?, ?, ?)" }.joined(separator: ", ")
                try db.execute(
                    sql: "INSERT INTO pg_temp.optout_group_order (key, rank, depth) VALUES \(rows)",
                    arguments: StatementArguments(
                        batch.flatMap { [$0.key, $0.value.rank, $0.value.depth] as [any DatabaseValueConvertible] }))
            }
            return try body()
        }
        let rank = DatabaseFunction("optout_group_rank", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).flatMap { groupOrder[$0]?.rank }
        }
        let depth = DatabaseFunction("optout_group_depth", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).map { groupOrder[$0]?.depth ?? 0 }
        }
        database.add(function: rank)
        database.add(function: depth)
        defer {
            database.remove(function: rank)
            database.remove(function: depth)
        }
        return try body()
    }

    /// The cases of the report, read one by one by the function returned: campaign by campaign,
    /// each group of affiliates together (its head first; by name otherwise). Needs `withGroupOrder`.
    func reportCaseCursor(_ db: Store, _ figures: ReportFigures) throws -> () throws -> CaseStatus? {
        let next = try reportCaseItemCursor(db, figures)
        return {
            guard let item = try next() else { return nil }
            var status = item.status
            try item.missing {
                status.missing.append($0)
                return true
            }
            return status
        }
    }

    /// A case of the report whose `missing` list (empty in `status`) is read as it is written:
    /// `missing` calls its body with each item in order, until the body returns false. A case
    /// answered by a disclosure file can lack something for 100,000s of works; held as a list, its
    /// one row of the report would hold them all.
    struct ReportCaseItem {
        var status: CaseStatus
        var missing: ((String) throws -> Bool) throws -> Void
    }

    /// `reportCaseCursor`, each case's missing items read as they are written (valid until the next call).
    func reportCaseItemCursor(_ db: Store, _ figures: ReportFigures) throws -> () throws -> ReportCaseItem? {
        let asOf = figures.asOf
        let inCampaigns = SharedSQL.inCampaigns(figures.campaignIds)
        let requests = Dictionary(figures.campaigns.map { ($0.id ?? 0, $0.requests) }, uniquingKeysWith: { a, _ in a })
        let everything = Disclosure.Item.allCases.map(\.rawValue)
        let groupOrder = figures.groupOrder
        let anyDisclosure = try db.makeStatement(
            sql: """
                SELECT EXISTS (SELECT 1 FROM disclosure d WHERE d.case_id = ? AND d.superseded_by IS NULL)
                """)
        let incomplete = try db.makeStatement(
            sql: """
                SELECT d.* FROM disclosure d WHERE d.case_id = ? AND d.superseded_by IS NULL AND d.missing <> '' ORDER BY d.id
                """)
        let noUse = try db.makeStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM reply WHERE case_id = ? AND kind = 'no-use')")
        // A head missing from the groups (none should be) sorts as a group of its own, by its name.
        let caseRows = try SQLRequest<Row>(
            """
            SELECT k.id AS case_id, k.campaign_id, r.name AS recipient, r.id AS recipient_id, r.category,
                   c.name AS campaign, k.state, k.sent_on, k.deadline, k.last_reply_on, k.resolution, r.parent,
                   r.name_key
            FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
            WHERE \(inCampaigns)
            ORDER BY c.id, optout_group_rank(r.name_key), optout_group_depth(r.name_key), r.name_key
            """
        ).fetchCursor(db)
        return {
            guard let row = try caseRows.next() else { return nil }
            let caseId: Int64 = try row.decode(forColumn: "case_id")
            let campaignId: Int64 = try row.decode(forColumn: "campaign_id")
            let state: CaseState = try row.decode(forColumn: "state")
            let deadline: Day? = try row.decode(forColumn: "deadline")
            var missing: ((String) throws -> Bool) throws -> Void = { _ in }
            if requests[campaignId] == .all && state != .responded {
                if try Bool.fetchOne(anyDisclosure, arguments: [caseId]) == true {
                    missing = { body in
                        let disclosures = try Disclosure.fetchCursor(incomplete, arguments: [caseId])
                        while let disclosure = try disclosures.next() {
                            guard
                                try body(
                                    "\(disclosure.workLabel): \(disclosure.missing.replacingOccurrences(of: ",", with: ", "))"
                                )
                            else { return }
                        }
                    }
                } else if try Bool.fetchOne(noUse, arguments: [caseId]) != true {
                    missing = { body in
                        for item in everything { guard try body(item) else { return } }
                    }
                }
            }
            let overdue = StateMachine.isOverdue(state: state, deadline: deadline, on: asOf)
            let nameKey: String = try row.decode(forColumn: "name_key")
            let status = CaseStatus(
                recipient: try row.decode(forColumn: "recipient"),
                recipientId: try row.decode(forColumn: "recipient_id"),
                parent: try row.decode(forColumn: "parent"),
                isAffiliate: (groupOrder[nameKey]?.depth ?? 0) > 0, category: try row.decode(forColumn: "category"),
                campaign: try row.decode(forColumn: "campaign"), state: state,
                sentOn: try row.decode(forColumn: "sent_on"), deadline: deadline,
                daysOverdue: overdue ? deadline.map { asOf.days(since: $0) } : nil,
                lastReplyOn: try row.decode(forColumn: "last_reply_on"), missing: [],
                resolution: try row.decode(forColumn: "resolution"))
            return ReportCaseItem(status: status, missing: missing)
        }
    }
}

extension Dictionary {
    /// The entries in batches of at most `size`.
    fileprivate func chunked(into size: Int) -> [[(key: Key, value: Value)]] {
        let entries = Array(self)
        return stride(from: 0, to: entries.count, by: size).map {
            Array(entries[$0..<Swift.min($0 + size, entries.count)])
        }
    }
}
