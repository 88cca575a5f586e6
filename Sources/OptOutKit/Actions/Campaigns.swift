import GRDB

/// What `addCampaign` did.
public struct CampaignAdded: Sendable {
    public var campaign: Campaign
    /// How many `draft` cases it opened (one per recipient of its category).
    public var casesOpened: Int
}

extension Tracker {
    /// Adds a campaign for one category and opens a `draft` case for each of its recipients.
    /// Give exactly one of `deadline` and `responseDays` (a window of `responseUnit`s, with the
    /// business days of `calendar`, a built-in or added calendar's name).
    public func addCampaign(
        name: String, issuer: String, category: Category, deadline: Day?, responseDays: Int?,
        requests: Requests?, template: String?, responseUnit: ResponseUnit = .days, calendar: String? = nil
    ) throws -> CampaignAdded {
        let name = NameKey.tidy(name)
        let issuer = NameKey.tidy(issuer)
        guard !name.isEmpty else { throw CaseError.campaignNameEmpty }
        try Validation.checkName(name, what: "the campaign name")
        try Validation.checkName(issuer, what: "--issuer")
        guard !issuer.isEmpty else { throw CaseError.issuerEmpty }
        guard (deadline == nil) != (responseDays == nil) else {
            throw CaseError.deadlineRuleNeeded
        }
        if let responseDays {
            switch responseUnit {
            case .days:
                if !(1...3650).contains(responseDays) { throw CaseError.responseDaysOutOfRange(days: responseDays) }
            case .businessDays:
                if !(1...2600).contains(responseDays) {
                    throw CalendarError.windowOutOfRange(
                        what: "--response-business-days", count: responseDays, most: 2600)
                }
            case .months:
                if !(1...120).contains(responseDays) {
                    throw CalendarError.windowOutOfRange(what: "--response-months", count: responseDays, most: 120)
                }
            }
        }
        if calendar != nil, deadline != nil { throw CalendarError.calendarWithFixedDeadline }
        let template = template ?? LetterRenderer.defaultTemplate(for: category)
        try letters.checkLetterTemplate(template)
        return try transaction { db in
            // The calendar as it is named (built-in or added), checked before anything is written.
            let calendarName = try calendar.map { try businessCalendar(named: $0, db).name ?? $0 }
            let key = NameKey.of(name)
            if try Campaign.filter(Campaign.Columns.nameKey == key).fetchCount(db) > 0 {
                throw CaseError.campaignExists(name: name)
            }
            var campaign = Campaign(
                id: nil, name: name, nameKey: key, issuer: issuer, category: category, deadline: deadline,
                responseDays: responseDays, requests: requests ?? (category == .streamingService ? .none : .all),
                template: template, createdAt: timestamp, responseUnit: deadline == nil ? responseUnit : .days,
                calendar: calendarName)
            try campaign.insert(db)
            let opened = try openDraftCases(db, campaignId: campaign.id)
            return CampaignAdded(campaign: campaign, casesOpened: opened)
        }
    }
}
