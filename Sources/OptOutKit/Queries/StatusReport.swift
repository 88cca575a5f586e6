/// The status of the campaigns on a date: what `optout report` shows in every format.
public struct StatusReport: Sendable {
    public var asOf: Day
    public var campaigns: [CampaignStatus]
    public var totals: Totals
    public var overdue: [OverdueCase]
    public var disclosures: DisclosureTotals
    /// The disclosures against the rights-holder's catalogue.
    public var catalogue: CatalogueStatus
    /// The cases, campaign by campaign, each group of affiliates together (its parent first).
    public var cases: [CaseStatus]
    /// Replies received per week (the Monday each week starts on), oldest first; only weeks with a
    /// reply. For the HTML report's chart; the JSON report leaves it out.
    public var repliesByWeek: [(week: Day, count: Int)]

    /// Cases past `draft`: their notice went out.
    public var notified: Int { totals.cases - (totals.byState[CaseState.draft.rawValue] ?? 0) }

    /// Notified cases with at least one reply, of any kind (counted when the report is read, so
    /// that it holds when `cases` is streamed rather than kept).
    public var replied: Int

    /// Notified cases whose answer is complete: `responded` or `resolved` (no case leaves `draft`
    /// for either without its notice). An acknowledgement, a refusal or an incomplete disclosure
    /// is a reply but not this.
    public var answeredInFull: Int {
        (totals.byState[CaseState.responded.rawValue] ?? 0) + (totals.byState[CaseState.resolved.rawValue] ?? 0)
    }

    /// Whether this is the summary (`report --summary`): the figures, the overdue cases and the
    /// catalogue without the table of every case (`cases` is empty and no format shows it).
    public var isSummary: Bool = false

    /// The one-line definitions every format prints beside the figures they define.
    public enum Definition {
        public static let notified = "cases whose notice went out (every state but draft)"
        public static let overdue = "cases past their deadline still notified, acknowledged or incomplete"
        public static let replied = "notified cases with at least one reply of any kind, an acknowledgement included"
        public static let answeredInFull =
            "notified cases now responded (every requested disclosure in, or no use attested) or resolved"
    }

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
        /// The sum of `copies_made` (a group's copies once: see `CatalogueStatus`).
        public var copies: Int
        /// The sum of `copies_made` where copies still exist.
        public var copiesStillHeld: Int
        /// Works per access method (`unknown` where the disclosure did not say).
        public var byAccessMethod: [String: Int]
    }
}

/// The disclosures against the rights-holder's catalogue: which of its works were disclosed, by
/// whom, and who still holds copies. Copies are counted once per statement: a disclosure that an
/// affiliate's case repeats from its parent's reply (`reply --covers`) names the affiliate, but its
/// copies are the parent's, counted there.
public struct CatalogueStatus: Sendable {
    /// Works in the catalogue (0 before one is imported).
    public var worksOwned: Int
    /// Works of the catalogue that current disclosures name.
    public var worksDisclosed: Int
    /// Current disclosures matched to a work of the catalogue by ISRC, and by title and artist.
    public var matchedByISRC: Int
    public var matchedByTitleArtist: Int
    /// Works named by current disclosures that the catalogue does not have (each counted once,
    /// by ISRC or title and artist), and the disclosures that name them.
    public var unknownWorks: Int
    public var unknownWorkDisclosures: Int
    /// The works disclosed by most recipients (at most ten), most first.
    public var mostDisclosed: [DisclosedWork]
    /// Recipients that say they still hold copies, most copies first, each firm's subsidiaries
    /// beneath it (see `CopiesHeldOrder`).
    public var copiesStillHeld: [CopiesHeld]

    /// One work of the catalogue and what was disclosed of it.
    public struct DisclosedWork: Sendable {
        public var workId: Int64
        public var title: String
        public var artist: String
        public var isrc: String?
        public var iswc: String?
        public var recipients: Int
        public var copies: Int
        public var copiesStillHeld: Int
    }

    /// What one recipient still holds.
    public struct CopiesHeld: Sendable {
        public var recipient: String
        public var recipientId: Int64
        public var parent: String?
        /// Whether it sits under another firm of its group in the list.
        public var isAffiliate: Bool
        /// Works it says it still holds copies of, and how many copies.
        public var works: Int
        public var copies: Int
        /// How many rows up the firm it sits beneath is (0 for a row that stands alone or heads others).
        public var depth: Int = 0
        /// The name of the row it sits beneath (its parent, as the parent's own row names it).
        public var beneath: String? = nil
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
    /// The recipient's parent firm, as `recipient.parent` names it.
    public var parent: String?
    /// Whether the case sits under another firm of its group (its parent, or the group's head).
    public var isAffiliate: Bool = false
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
