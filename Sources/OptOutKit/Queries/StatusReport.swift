/// The status of the campaigns on a date: what `optout report` shows in every format.
public struct StatusReport: Sendable {
    public var asOf: Day
    public var campaigns: [CampaignStatus]
    public var totals: Totals
    public var overdue: [OverdueCase]
    public var disclosures: DisclosureTotals
    public var cases: [CaseStatus]
    /// Replies received per week (the Monday each week starts on), oldest first; only weeks with a
    /// reply. For the HTML report's chart; the JSON report leaves it out.
    public var repliesByWeek: [(week: Day, count: Int)]

    /// Cases past `draft`: their notice went out.
    public var notified: Int { totals.cases - (totals.byState[CaseState.draft.rawValue] ?? 0) }

    /// Notified cases with at least one reply, of any kind.
    public var replied: Int { cases.count { $0.lastReplyOn != nil && $0.state != .draft } }

    public struct Totals: Sendable {
        public var recipients: Int
        public var cases: Int
        /// Every state, zeros included.
        public var byState: [String: Int]
        public var overdue: Int
    }

    public struct DisclosureTotals: Sendable {
        /// Disclosed works after superseding (one per work per case).
        public var works: Int
        /// The sum of `copies_made`.
        public var copies: Int
        /// The sum of `copies_made` where copies still exist.
        public var copiesStillHeld: Int
        /// Works per access method (`unknown` where the disclosure did not say).
        public var byAccessMethod: [String: Int]
    }
}

/// One campaign's figures.
public struct CampaignStatus: Sendable {
    public var name: String
    public var issuer: String
    public var category: Category
    public var requests: Requests
    public var deadlineRule: String
    /// The campaign's fixed deadline; `nil` when each notice's deadline is its date plus a number of days.
    public var deadline: Day?
    /// The earliest and latest deadline of its notified cases (extensions included); `nil` before any notice.
    public var caseDeadlines: ClosedRange<Day>?
    public var cases: Int
    public var byState: [String: Int]
    public var overdue: Int
}

/// A case past its deadline that still awaits an answer.
public struct OverdueCase: Sendable, Equatable {
    public var recipient: String
    public var recipientId: Int64
    public var category: Category
    public var campaign: String
    public var state: CaseState
    public var sentOn: Day?
    public var deadline: Day
    public var daysOverdue: Int
}

/// One case in the report.
public struct CaseStatus: Sendable {
    public var recipient: String
    public var recipientId: Int64
    public var category: Category
    public var campaign: String
    public var state: CaseState
    public var sentOn: Day?
    public var deadline: Day?
    /// `nil` unless the case is overdue on the report's date.
    public var daysOverdue: Int?
    public var lastReplyOn: Day?
    /// The requested items still missing: each a whole item, or `work: item, item` for a
    /// disclosed work that lacks some.
    public var missing: [String]
    public var resolution: Resolution?
}

