/// How a campaign's rule gives the deadline of a notice, step by step, so that it can be
/// explained (`optout deadline`): the date the rule reaches, the closed days it skipped, and the
/// result. SPEC section 7.
public struct DeadlineComputation: Sendable, Equatable {
    /// A closed day the computation went past: a weekend day or a holiday, with why.
    public struct Skipped: Sendable, Equatable {
        public var day: Day
        public var why: String
    }

    public var noticeDate: Day
    /// The date the window reaches before any roll (the result itself for business days).
    public var reached: Day
    /// Whether `reached` was not a business day and moved to the next one.
    public var rolled: Bool
    /// The closed days skipped: for business days every closed day after the notice up to the
    /// result; for a roll the closed days from the reached date to the result.
    public var skipped: [Skipped]
    public var result: Day

    public init(campaign: Campaign, noticeDate: Day, calendar: BusinessCalendar) {
        self.noticeDate = noticeDate
        if let fixed = campaign.deadline {
            reached = fixed
            rolled = false
            skipped = []
            result = fixed
            return
        }
        let count = campaign.responseDays ?? 0
        switch campaign.responseUnit {
        case .businessDays:
            let day = calendar.businessDay(count, after: noticeDate)
            reached = day
            rolled = false
            result = day
            skipped = calendar.closedDays(after: noticeDate, through: day).map { Skipped(day: $0.day, why: $0.why) }
            return
        case .days: reached = noticeDate.adding(days: count)
        case .months: reached = noticeDate.adding(months: count)
        }
        // The roll applies only when the campaign names a calendar (SPEC section 7).
        if campaign.calendar != nil, !calendar.isBusinessDay(reached) {
            let next = calendar.nextBusinessDay(onOrAfter: reached)
            rolled = true
            result = next
            skipped = calendar.closedDays(after: reached.adding(days: -1), through: next.adding(days: -1))
                .map { Skipped(day: $0.day, why: $0.why) }
        } else {
            rolled = false
            result = reached
            skipped = []
        }
    }
}

/// The new deadline an extension asks for: a date, or days counted from the current deadline.
public enum ExtensionTarget: Sendable, Equatable {
    /// `extend --until DATE`.
    case until(Day)
    /// `extend --by N [--business-days]`: N business days after the current deadline, or N
    /// calendar days (moved to the next business day when the campaign names a calendar, as its
    /// rule would be).
    case by(Int, businessDays: Bool)

    func deadline(from current: Day?, _ calendar: BusinessCalendar, _ campaign: Campaign) -> Day {
        switch self {
        case .until(let day): return day
        case .by(let count, let businessDays):
            // No current deadline: the caller refuses the extension whatever this returns.
            guard let current else { return Day.earliest }
            if businessDays { return calendar.businessDay(count, after: current) }
            let reached = current.adding(days: count)
            return campaign.calendar == nil ? reached : calendar.nextBusinessDay(onOrAfter: reached)
        }
    }
}
