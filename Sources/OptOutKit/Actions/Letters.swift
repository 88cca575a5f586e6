import GRDB

extension Tracker {
    /// The letter of a case. Once its notice is logged: dated and with the deadline as logged
    /// (so its digest is the notice's), unless `date` asks for another date. Before: dated `date`
    /// (default today) with the deadline the campaign's rule would give.
    public func letter(recipient name: String, campaign campaignName: String?, date: Day? = nil) throws -> (letter: Letter, notice: Notice?) {
        try writer.read { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            let notice = try Notice.filter(Column("case_id") == theCase.id).order(Column("id").desc).fetchOne(db)
            if let notice, date == nil || date == notice.sentOn {
                return (try letters.letter(for: recipient, in: campaign, date: notice.sentOn, deadline: notice.deadline), notice)
            }
            let day = date ?? today
            return (try letters.letter(for: recipient, in: campaign, date: day, deadline: campaign.deadline(forNoticeSentOn: day)), nil)
        }
    }
}
