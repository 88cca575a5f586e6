import Foundation

extension Messages {
    /// `optout campaign follow-up`.
    public static func followUpSet(_ set: FollowUpSet) -> String {
        set.ladder.isEmpty
            ? "Campaign \(set.campaign) has no follow-up ladder now.\n"
            : "Campaign \(set.campaign) follows up: \(set.ladder.summary) (days from a case's deadline). See `optout agenda`.\n"
    }

    /// `optout recipient set`.
    public static func contactSet(_ set: ContactSet) -> String {
        let what =
            set.doNotContact
            ? "is marked do-not-contact\(set.reason.map { " (\($0))" } ?? ""): notices and reminders skip its cases"
            : "may be written to"
        return "\(set.recipient) \(set.unchanged ? "already " : "")\(what).\n"
    }

    /// The line after `optout agenda`'s table.
    public static func agendaFooter(_ agenda: Agenda) -> String {
        var text = agenda.items.isEmpty ? "Nothing is due on \(agenda.asOf).\n" : ""
        if agenda.skippedDoNotContact > 0 {
            text +=
                "\(agenda.skippedDoNotContact) reminder\(plural(agenda.skippedDoNotContact)) of do-not-contact recipients left out.\n"
        }
        return text
    }

    /// What `agenda run` would do, listed before it asks.
    public static func agendaPlan(_ agenda: Agenda) -> String {
        let reminders = agenda.items.filter { $0.kind == .remind }
        let escalations = agenda.items.filter { $0.kind == .escalate }
        var text =
            "Due on \(agenda.asOf): \(reminders.count) reminder\(plural(reminders.count)), \(escalations.count) escalation\(plural(escalations.count))"
        if agenda.skippedDoNotContact > 0 {
            text +=
                "; \(agenda.skippedDoNotContact) reminder\(plural(agenda.skippedDoNotContact)) of do-not-contact recipients skipped"
        }
        text += ".\n"
        for item in (escalations + reminders).prefix(noticesListed) {
            text +=
                "  \(item.recipient) (\(item.campaign)): \(item.step), deadline \(item.deadline?.description ?? "-"), due since \(item.dueSince)\n"
        }
        if escalations.count + reminders.count > noticesListed {
            text += "  … and \(escalations.count + reminders.count - noticesListed) more\n"
        }
        return text
    }

    /// What `agenda run` did.
    public static func agendaDone(_ done: AgendaDone) -> String {
        var text =
            "Agenda of \(done.asOf): \(done.reminders.count) reminder\(plural(done.reminders.count)) logged, \(done.escalations.count) case\(plural(done.escalations.count)) escalated"
        if done.skippedDoNotContact > 0 {
            text +=
                "; \(done.skippedDoNotContact) reminder\(plural(done.skippedDoNotContact)) of do-not-contact recipients skipped"
        }
        text += done.reminders.isEmpty && done.escalations.isEmpty ? "; nothing was due.\n" : ".\n"
        let listed = done.escalations.count + done.reminders.count <= noticesListed
        for item in done.escalations where listed {
            text +=
                "  \(item.recipient) (\(item.campaign)): escalated, \(item.step) of \(item.deadline?.description ?? "-")\n"
        }
        for (item, notice) in done.reminders where listed {
            text +=
                "  \(item.recipient) (\(item.campaign)): reminded \(notice.sentOn), \(item.step), deadline \(notice.deadline), letter sha256 \(notice.letterSha256)\n"
        }
        if !listed { text += "  See `optout history` for each case.\n" }
        return text
    }
}
