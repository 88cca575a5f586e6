import GRDB

/// How a case's deadline came to be, for `optout deadline` (SPEC section 7): the campaign's
/// rule, the notice's date, every day skipped and why, the result, every extension, and where the
/// as-of date stands.
public struct DeadlineExplanation: Sendable, Equatable {
    /// One extension granted (an `extension-granted` event not undone).
    public struct Extension: Sendable, Equatable {
        public var at: String
        public var actor: String
        public var from: Day
        public var to: Day
        public var note: String?
    }

    public var recipient: String
    public var campaign: String
    public var rule: String
    public var calendar: String?
    public var noticeDate: Day?
    /// The computation by the rule (nil before a notice).
    public var computation: DeadlineComputation?
    /// The notice's own deadline when it overrode the rule (`notice send --deadline`).
    public var noticeOverride: Day?
    public var extensions: [Extension]
    /// The current deadline (nil before a notice).
    public var deadline: Day?
    public var asOf: Day
    /// Calendar days from the as-of date to the deadline (negative: overdue).
    public var calendarDaysLeft: Int?
    /// Business days after the as-of date up to the deadline (negative: business days overdue).
    public var businessDaysLeft: Int?
    /// Set when the explanation reaches past the last day the calendar's holidays are known for
    /// (built-in data ends in 2040; a firm's own calendar ends with the last year it lists): the
    /// days after it were counted as Monday to Friday.
    public var holidaysKnownThrough: Day?
}

extension Tracker {
    /// Explains the deadline of `recipient`'s case in `campaign`, as it stands on `asOf`.
    public func explainDeadline(recipient name: String, campaign campaignName: String?, asOf: Day) throws
        -> DeadlineExplanation
    {
        try read { db in
            let (recipient, campaign, theCase) = try theCase(recipient: name, campaign: campaignName, db)
            let business = try businessCalendar(for: campaign, db)
            var explanation = DeadlineExplanation(
                recipient: recipient.name, campaign: campaign.name,
                rule: campaign.deadline.map { "the same date for every notice, \($0)" } ?? campaign.deadlineRule,
                calendar: campaign.calendar, noticeDate: nil, computation: nil, noticeOverride: nil, extensions: [],
                deadline: theCase.deadline, asOf: asOf, calendarDaysLeft: nil, businessDaysLeft: nil,
                holidaysKnownThrough: nil)
            guard let caseId = theCase.id, let notice = try openingNotice(db, caseId: caseId) else {
                return explanation
            }
            explanation.noticeDate = notice.sentOn
            let computation = DeadlineComputation(campaign: campaign, noticeDate: notice.sentOn, calendar: business)
            explanation.computation = computation
            if notice.deadline != computation.result { explanation.noticeOverride = notice.deadline }
            // The extensions granted since that notice, oldest first, less those undone.
            let events =
                try Event
                .filter(
                    sql: """
                        case_id = ? AND action = ? AND id > COALESCE(
                            (SELECT MAX(e.id) FROM event e WHERE e.case_id = ? AND e.action = ?), 0)
                        AND id NOT IN (SELECT undoes FROM event WHERE case_id = ? AND undoes IS NOT NULL)
                        """,
                    arguments: [
                        caseId, CaseAction.grantExtension.eventName, caseId, CaseAction.sendNotice.eventName, caseId,
                    ]
                )
                .order(Column("id")).fetchAll(db)
            var current = notice.deadline
            for event in events {
                guard let to = event.onDate else { continue }
                let prefix = "deadline \(current) → \(to)"
                var note = event.note
                if let text = note, text.hasPrefix(prefix) {
                    let rest = text.dropFirst(prefix.count)
                    note = rest.hasPrefix(": ") ? String(rest.dropFirst(2)) : (rest.isEmpty ? nil : String(rest))
                }
                explanation.extensions.append(
                    DeadlineExplanation.Extension(at: event.at, actor: event.actor, from: current, to: to, note: note))
                current = to
            }
            if let known = business.holidaysKnownThrough,
                [computation.result, theCase.deadline ?? computation.result, asOf].contains(where: { $0 > known })
            {
                explanation.holidaysKnownThrough = known
            }
            if let deadline = theCase.deadline {
                explanation.calendarDaysLeft = deadline.days(since: asOf)
                explanation.businessDaysLeft = business.businessDays(from: asOf, to: deadline)
            }
            return explanation
        }
    }
}

extension DeadlineExplanation {
    /// The explanation as a person reads it.
    public var text: String {
        var lines: [String] = ["\(recipient) in campaign \(campaign)"]
        lines.append("Rule: \(rule)")
        if computation?.skipped.isEmpty == false || calendar != nil || rule.contains("business") {
            lines.append(
                "Business days: Monday to Friday"
                    + (calendar.map { ", less the public holidays of \($0)" } ?? " (no holiday calendar)"))
        }
        guard let noticeDate, let computation else {
            lines.append("No notice has been sent: the deadline is set when one is.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("Notice sent: \(noticeDate) (\(noticeDate.weekdayName))")
        if computation.reached != computation.result || computation.rolled {
            lines.append(
                "The rule reaches \(computation.reached) (\(computation.reached.weekdayName)), not a business day")
        }
        if !computation.skipped.isEmpty {
            lines.append("Days skipped:")
            for skipped in computation.skipped {
                lines.append("  \(skipped.day) \(skipped.day.weekdayName.prefix(3))  \(skipped.why)")
            }
        }
        lines.append("By the rule: \(computation.result) (\(computation.result.weekdayName))")
        if let noticeOverride {
            lines.append(
                "The notice set its own deadline: \(noticeOverride) (notice send --deadline), in place of the rule's")
        }
        if extensions.isEmpty {
            lines.append("Extensions: none")
        } else {
            lines.append("Extensions:")
            for item in extensions {
                lines.append(
                    "  \(item.from) → \(item.to), granted \(item.at) by \(item.actor)"
                        + (item.note.map { ": \($0)" } ?? ""))
            }
        }
        if let deadline {
            lines.append("Deadline: \(deadline) (\(deadline.weekdayName))")
        }
        if let days = calendarDaysLeft, let business = businessDaysLeft {
            if days >= 0 {
                lines.append(
                    "On \(asOf): \(days) calendar day\(days == 1 ? "" : "s") left, \(business) business day\(business == 1 ? "" : "s")"
                )
            } else {
                lines.append(
                    "On \(asOf): overdue by \(-days) calendar day\(days == -1 ? "" : "s"), \(-business) business day\(business == -1 ? "" : "s")"
                )
            }
        }
        if let known = holidaysKnownThrough, let calendar {
            lines.append(
                "Note: the holidays of \(calendar) are known up to \(known); later days were counted as Monday to Friday"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The explanation as one JSON object.
    public var json: String {
        var members: [(String, JSONValue)] = [
            ("recipient", .string(recipient)), ("campaign", .string(campaign)), ("rule", .string(rule)),
            ("calendar", .text(calendar)), ("notice_date", .text(noticeDate?.description)),
        ]
        members.append(("reached", .text(computation?.reached.description)))
        members.append(("rolled", .string(computation?.rolled == true ? "yes" : "no")))
        members.append(
            (
                "skipped",
                .array(
                    (computation?.skipped ?? []).map {
                        .object([("date", .string($0.day.description)), ("why", .string($0.why))])
                    })
            ))
        members.append(("by_rule", .text(computation?.result.description)))
        members.append(("notice_override", .text(noticeOverride?.description)))
        members.append(
            (
                "extensions",
                .array(
                    extensions.map {
                        .object([
                            ("at", .string($0.at)), ("actor", .string($0.actor)),
                            ("from", .string($0.from.description)),
                            ("to", .string($0.to.description)), ("note", .text($0.note)),
                        ])
                    })
            ))
        members.append(("deadline", .text(deadline?.description)))
        members.append(("as_of", .string(asOf.description)))
        members.append(("calendar_days_left", .number(calendarDaysLeft)))
        members.append(("business_days_left", .number(businessDaysLeft)))
        members.append(("holidays_known_through", .text(holidaysKnownThrough?.description)))
        return JSONValue.object(members).text
    }
}
