import GRDB

/// What `addCampaign` did.
public struct CampaignAdded: Sendable {
    public var campaign: Campaign
    /// How many `draft` cases it opened (one per recipient of its category).
    public var casesOpened: Int
}

extension Tracker {
    /// Adds a campaign for one category and opens a `draft` case for each of its recipients.
    /// Give exactly one of `deadline` and `responseDays`.
    public func addCampaign(name: String, issuer: String, category: Category, deadline: Day?, responseDays: Int?,
                            requests: Requests?, template: String?) throws -> CampaignAdded {
        let name = NameKey.tidy(name)
        let issuer = NameKey.tidy(issuer)
        guard !name.isEmpty else { throw TrackerError.invalid("the campaign name is empty; give it a name") }
        try Validation.checkName(name, what: "the campaign name")
        try Validation.checkName(issuer, what: "--issuer")
        guard !issuer.isEmpty else { throw TrackerError.invalid("the issuer is empty; give --issuer the rights-holder's name") }
        guard (deadline == nil) != (responseDays == nil) else {
            throw TrackerError.invalid("give the campaign either --deadline DATE or --response-days N, not both and not neither")
        }
        if let responseDays, !(1...3650).contains(responseDays) {
            throw TrackerError.invalid("--response-days must be from 1 to 3650 calendar days; \(responseDays) is not")
        }
        let template = template ?? LetterRenderer.defaultTemplate(for: category)
        try letters.checkLetterTemplate(template)
        return try transaction { db in
            let key = NameKey.of(name)
            if try Campaign.filter(Campaign.Columns.nameKey == key).fetchCount(db) > 0 {
                throw TrackerError.campaignExists(name)
            }
            var campaign = Campaign(
                id: nil, name: name, nameKey: key, issuer: issuer, category: category, deadline: deadline,
                responseDays: responseDays, requests: requests ?? (category == .streamingService ? .none : .all),
                template: template, createdAt: timestamp)
            try campaign.insert(db)
            let opened = try openDraftCases(db, campaignId: campaign.id)
            return CampaignAdded(campaign: campaign, casesOpened: opened)
        }
    }
}
