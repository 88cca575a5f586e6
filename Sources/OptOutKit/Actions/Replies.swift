import GRDB

/// What an action on one case did.
public struct CaseChanged: Sendable {
    public var recipient: String
    public var campaign: String
    public var from: CaseState
    public var to: CaseState
    public var deadline: Day?
    /// For a disclosure reply: how many works the reply disclosed.
    public var disclosed = 0
    /// For a disclosure reply: the works still incomplete, with their missing items (the first
    /// `Tracker.missingWorksListed` of them).
    public var missing: [String] = []
    /// For a disclosure reply: how many more works are incomplete than `missing` lists.
    public var missingNotListed = 0
    /// For a reply sent on behalf of affiliates (`--covers`): what it did to each one's case.
    public var covered: [CaseChanged] = []
}

extension Tracker {
    /// Records a reply. A disclosure reply stores its works, superseding earlier disclosures of the
    /// same work, matches them to the catalogue, and leaves the case `responded` when all its
    /// disclosures are complete, else `incomplete`.
    ///
    /// `covers` names affiliates of the recipient (firms of the same group, by `parent`) on whose
    /// behalf the reply was sent: it is recorded in each one's case of the campaign too, with an
    /// event that names the recipient it came through, and each affiliate's case holds its own copy
    /// of the disclosures (marked as repeating the recipient's), so each case's state and missing
    /// items follow from what was disclosed for it. If any case refuses the reply, nothing is written.
    public func recordReply(
        recipient name: String, campaign campaignName: String?, date: Day, kind: ReplyKind,
        summary: String? = nil, disclosures: [DisclosureInput] = [],
        covers: [String] = []
    ) throws -> CaseChanged {
        try recordReply(
            recipient: name, campaign: campaignName, date: date, kind: kind, summary: summary,
            disclosures: disclosures.isEmpty ? nil : DisclosureFile.Source.inputs(disclosures), covers: covers)
    }

    /// Records a reply whose disclosures come from `disclosures` (a file is streamed: it is read
    /// and checked before anything else, and any bad row rejects it, with every bad line named).
    public func recordReply(
        recipient name: String, campaign campaignName: String?, date: Day, kind: ReplyKind,
        summary: String? = nil, disclosures source: DisclosureFile.Source?,
        covers: [String] = []
    ) throws -> CaseChanged {
        if source != nil && kind != .disclosure {
            throw CaseError.disclosuresNeedDisclosureKind(kind: kind)
        }
        return try transaction { db in
            guard let source else {
                var none: StagedDisclosures?
                return try recordReply(
                    db, recipient: name, campaign: campaignName, date: date, kind: kind,
                    summary: summary, staged: &none, covers: covers)
            }
            defer { try? StagedDisclosures.dropTables(db) }
            let restore = try StagedDisclosures.enlargeCaches(db)
            defer { restore() }
            var staged: StagedDisclosures? = try stageDisclosures(db, source)
            return try recordReply(
                db, recipient: name, campaign: campaignName, date: date, kind: kind,
                summary: summary, staged: &staged, covers: covers)
        }
    }

    /// Records the reply in the recipient's case and, for `covers`, its affiliates' cases.
    private func recordReply(
        _ db: Store, recipient name: String, campaign campaignName: String?, date: Day,
        kind: ReplyKind, summary: String?, staged: inout StagedDisclosures?,
        covers: [String]
    ) throws -> CaseChanged {
        try checkNotFuture(date, what: .reply)
        try Validation.checkText(summary, option: "--summary")
        let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
        var (changed, reply, first) = try recordReply(
            db, in: theCase, recipient, campaign, date: date, kind: kind,
            summary: summary, staged: &staged, via: nil)
        for affiliate in try affiliates(covers, of: recipient, db) {
            let affiliateCase = try self.theCase(of: affiliate, in: campaign, db)
            changed.covered.append(
                try recordReply(
                    db, in: affiliateCase, affiliate, campaign, date: date, kind: kind, summary: summary,
                    staged: &staged, via: (recipient, reply, first)
                ).changed)
        }
        return changed
    }

    /// Records a reply in one case; `via` is the recipient, reply and first disclosure it came
    /// through when it was sent on this case's behalf by an affiliate.
    private func recordReply(
        _ db: Store, in theCase: Case, _ recipient: Recipient, _ campaign: Campaign, date: Day,
        kind: ReplyKind, summary: String?, staged: inout StagedDisclosures?,
        via: (recipient: Recipient, reply: Int64, firstDisclosure: Int64)?
    )
        throws -> (changed: CaseChanged, reply: Int64, firstDisclosure: Int64)
    {
        let action = CaseAction.reply(kind)
        let outcome = try outcome(of: action, for: theCase, recipient, campaign)
        guard let caseId = theCase.id else { throw CaseError.unknownRecipient(name: recipient.name) }
        if let sentOn = theCase.sentOn, date < sentOn {
            throw CaseError.replyBeforeNotice(
                recipient: recipient.name, campaign: campaign.name, reply: date, notice: sentOn)
        }
        var reply = Reply(caseId: caseId, receivedOn: date, kind: kind, summary: summary, viaReplyId: via?.reply)
        try reply.insert(db)
        let replyId = reply.id ?? 0
        let disclosed = staged?.count ?? 0
        var first: Int64 = 0
        if var stagedRows = staged, disclosed > 0 {
            first = try storeDisclosures(db, &stagedRows, reply: replyId, caseId: caseId, via: via?.firstDisclosure)
            staged = stagedRows
        }
        let missing = try missingWorks(db, caseId: caseId, limit: Self.missingWorksListed)
        let next: CaseState
        switch outcome {
        case .moveTo(let state): next = state
        case .unchanged: next = theCase.state
        case .fromDisclosures:
            let hasDisclosures =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM disclosure WHERE case_id = ? AND superseded_by IS NULL)
                        """, arguments: [caseId]) ?? false
            next = campaign.requests == .none || (hasDisclosures && missing.count == 0) ? .responded : .incomplete
        }
        let lastReply = max(theCase.lastReplyOn ?? date, date)
        try db.execute(
            sql: "UPDATE \"case\" SET state = ?, last_reply_on = ? WHERE id = ?",
            arguments: [next, lastReply, caseId])
        var note = summary ?? ""
        if kind == .disclosure && disclosed > 0 {
            let works = "\(disclosed) work\(disclosed == 1 ? "" : "s") disclosed"
            note = note.isEmpty ? works : "\(note) (\(works))"
        }
        if let via { note = "through \(via.recipient.name)" + (note.isEmpty ? "" : ": \(note)") }
        try appendEvent(
            db, before: theCase, action: action.eventName, to: next, on: date,
            note: note.isEmpty ? nil : note, at: timestamp)
        let listsMissing = campaign.requests == .all && kind == .disclosure
        let changed = CaseChanged(
            recipient: recipient.name, campaign: campaign.name, from: theCase.state, to: next,
            deadline: theCase.deadline, disclosed: disclosed,
            missing: listsMissing ? missing.listed : [],
            missingNotListed: listsMissing ? missing.count - missing.listed.count : 0)
        return (changed, replyId, first)
    }

    /// How many incomplete works a reply lists (`CaseChanged.missing`); the rest are counted.
    public static let missingWorksListed = 100

    /// The case's current disclosures that leave out requested items.
    func incompleteDisclosures(_ db: Store, caseId: Int64) throws -> [Disclosure] {
        try Disclosure
            .filter(Column("case_id") == caseId && Column("superseded_by") == nil && Column("missing") != "")
            .order(Column("id"))
            .fetchAll(db)
    }

    /// Grants an extension: the case keeps its state and gets a later deadline.
    public func grantExtension(
        recipient name: String, campaign campaignName: String?, until: Day,
        note: String? = nil
    ) throws -> CaseChanged {
        try grantExtension(recipient: name, campaign: campaignName, to: .until(until), note: note)
    }

    /// Grants an extension to a date, or by days counted from the current deadline
    /// (`ExtensionTarget`), with the campaign's calendar.
    public func grantExtension(
        recipient name: String, campaign campaignName: String?, to target: ExtensionTarget,
        note: String? = nil
    ) throws -> CaseChanged {
        if case .by(let count, _) = target, !(1...3650).contains(count) {
            throw CalendarError.extendByOutOfRange(count: count)
        }
        try Validation.checkText(note, option: "--note")
        return try transaction { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            _ = try outcome(of: .grantExtension, for: theCase, recipient, campaign)
            guard let caseId = theCase.id else { throw CaseError.unknownRecipient(name: name) }
            let until = try target.deadline(from: theCase.deadline, businessCalendar(for: campaign, db), campaign)
            if !until.isSupported { throw CalendarError.extendBeyondLatest(deadline: until) }
            guard let current = theCase.deadline, until > current else {
                throw CaseError.deadlineNotLater(
                    recipient: recipient.name, campaign: campaign.name,
                    current: theCase.deadline, requested: until)
            }
            try db.execute(sql: "UPDATE \"case\" SET deadline = ? WHERE id = ?", arguments: [until, caseId])
            let text = "deadline \(current) → \(until)" + (note.map { ": \($0)" } ?? "")
            try appendEvent(
                db, before: theCase, action: CaseAction.grantExtension.eventName, to: theCase.state, on: until,
                note: text, at: timestamp)
            return CaseChanged(
                recipient: recipient.name, campaign: campaign.name, from: theCase.state,
                to: theCase.state, deadline: until)
        }
    }

    /// Escalates a case (towards litigation).
    public func escalate(recipient name: String, campaign campaignName: String?, note: String? = nil) throws
        -> CaseChanged
    {
        try move(recipient: name, campaign: campaignName, action: .escalate, note: note, resolution: nil)
    }

    /// Closes a case, with the reason.
    public func resolve(
        recipient name: String, campaign campaignName: String?, reason: Resolution,
        note: String? = nil
    ) throws -> CaseChanged {
        try move(recipient: name, campaign: campaignName, action: .resolve, note: note, resolution: reason)
    }

    private func move(
        recipient name: String, campaign campaignName: String?, action: CaseAction, note: String?,
        resolution: Resolution?
    ) throws -> CaseChanged {
        try Validation.checkText(note, option: "--note")
        return try transaction { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            guard let caseId = theCase.id,
                case .moveTo(let next) = try outcome(of: action, for: theCase, recipient, campaign)
            else {
                throw CaseError.refused(
                    recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: action)
            }
            try db.execute(
                sql: "UPDATE \"case\" SET state = ?, resolution = ? WHERE id = ?",
                arguments: [next, resolution, caseId])
            var text = resolution.map { "reason: \($0.rawValue)" } ?? ""
            if let note { text = text.isEmpty ? note : "\(text); \(note)" }
            try appendEvent(
                db, before: theCase, action: action.eventName, to: next, on: nil,
                note: text.isEmpty ? nil : text, at: timestamp)
            return CaseChanged(
                recipient: recipient.name, campaign: campaign.name, from: theCase.state, to: next,
                deadline: theCase.deadline)
        }
    }
}
