/// What each command says when it is done: the text built from the command's result, for the
/// command to print (escaped for the terminal) and for tests to read directly. One function per
/// message, named for what happened; the library itself never prints them.
public enum Messages {
    // MARK: - The store

    /// `optout init`: whether the database was created or was already there.
    public static func initialized(path: String, existed: Bool) -> String {
        existed
            ? "The database at \(path) is up to date.\n"
            : "Created the database at \(path) (readable and writable by you only).\nNext: optout campaign add NAME --issuer ORG --category ai-developer --deadline YYYY-MM-DD\n"
    }

    /// `optout init` on a team database.
    public static func initializedTeam(location: String, created: Bool, user: String) -> String {
        created
            ? "Set up the team database at \(location); you are \(user).\nNext: optout team add USER --role viewer|clerk|counsel|admin --password-stdin, or optout copy --from FILE --to \(location)\n"
            : "The team database at \(location) is up to date.\n"
    }

    /// `optout verify`.
    public static func verified(_ verified: HistoryVerified, expectedHead head: String?) -> String {
        var text = "The history is intact: \(verified.events) event\(plural(verified.events)), head \(verified.head).\n"
        if let head, let count = verified.eventsAtExpectedHead {
            text +=
                "The head you recorded, \(head), sealed the first \(count) events; \(verified.events - count) were written since.\n"
        }
        return text
    }

    /// `optout check`: one line per check.
    public static func checked(_ result: CheckResult) -> String {
        var lines = [
            result.integrityProblems.isEmpty
                ? "integrity: ok"
                : "integrity: \(result.integrityProblems.count) problem(s): \(result.integrityProblems.prefix(5).joined(separator: "; "))",
            result.foreignKeyProblems.isEmpty
                ? "foreign keys: ok"
                : "foreign keys: \(result.foreignKeyProblems.count) problem(s): \(result.foreignKeyProblems.prefix(5).joined(separator: "; "))",
            result.storedValueProblems.isEmpty
                ? "values: ok"
                : "values: \(result.storedValueProblems.count) that optout cannot read or does not accept: \(result.storedValueProblems.prefix(20).map(\.description).joined(separator: "; "))",
        ]
        switch result.history {
        case .success(let verified): lines.append("history: intact, \(verified.events) events, head \(verified.head)")
        case .failure(let broken): lines.append("history: broken: \(broken.description)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `optout backup FILE`.
    public static func backedUp(_ database: String, to file: String, history: Result<HistoryVerified, HistoryBreak>)
        -> String
    {
        switch history {
        case .success(let verified):
            "Backed up \(database) to \(file) (readable and writable by you only): \(verified.events) events, head \(verified.head).\n"
        case .failure(let broken):
            "Backed up \(database) to \(file), but its history is broken: \(broken.description)\n"
        }
    }

    /// How many steps of an undo plan are listed; the rest are counted.
    public static let undoStepsListed = UndoPlan.shown

    /// `optout undo`, before it asks: the command it would reverse and the cases it changed.
    public static func undoPlan(_ plan: UndoPlan) -> String {
        var text =
            "Your last command, `\(plan.command)` at \(plan.at), changed \(plan.count) case\(plural(plan.count)):\n"
        for step in plan.steps.prefix(undoStepsListed) {
            text +=
                "  - \(step.recipient) in \(step.campaign): \(step.action)\(step.onDate.map { " of \($0)" } ?? "") (event #\(step.eventId)); \(step.from.rawValue) → back to \(step.backTo.rawValue)\n"
        }
        if plan.count > undoStepsListed { text += "  … and \(plan.count - undoStepsListed) more\n" }
        return text
    }

    /// `optout undo`, once done.
    public static func undone(_ done: UndoPlan) -> String {
        "Reversed `\(done.command)`: \(done.count) event\(plural(done.count)) undone; the history keeps them, marked undone.\n"
    }

    // MARK: - Campaigns, recipients, the catalogue

    /// `optout campaign add`.
    public static func campaignAdded(_ added: CampaignAdded) -> String {
        let campaign = added.campaign
        return
            "Added campaign \(campaign.name) (id \(campaign.id ?? 0)) for \(campaign.category.rawValue) recipients, deadline \(campaign.deadlineRule), requests \(campaign.requests.rawValue); \(added.casesOpened) draft case\(plural(added.casesOpened)) opened.\n"
    }

    /// `optout recipient add`.
    public static func recipientAdded(_ recipient: Recipient, casesOpened opened: Int) -> String {
        "Added \(recipient.name) (id \(recipient.id ?? 0), \(recipient.category.rawValue)); \(opened) draft case\(plural(opened)) opened.\n"
    }

    /// `optout recipient import FILE`.
    public static func recipientsImported(_ summary: RecipientImport, file: String) -> String {
        "Imported \(file): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged; \(summary.casesOpened) draft case\(plural(summary.casesOpened)) opened.\n"
    }

    /// `optout catalog import FILE`.
    public static func catalogImported(_ summary: CatalogImport, file: String) -> String {
        var text =
            "Imported \(file): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged"
        if summary.repeated > 0 { text += " (\(summary.repeated) repeated line\(plural(summary.repeated)) ignored)" }
        text += "; the catalogue holds \(summary.works) work\(plural(summary.works)).\n"
        let matched = summary.matchedByISRC + summary.matchedByTitleArtist
        text +=
            "Disclosures matched: \(matched) to the catalogue (\(summary.matchedByISRC) by ISRC, \(summary.matchedByTitleArtist) by title and artist); \(summary.unknownWorks) name\(summary.unknownWorks == 1 ? "s" : "") a work it does not have (unknown-work).\n"
        return text
    }

    // MARK: - Letters, notices and reminders

    /// How many notices a command lists one by one; past that (unless a dry run) it gives the
    /// range of their deadlines.
    public static let noticesListed = 20

    /// `optout notice send|import|remind`: what was logged (or, in a dry run, would be).
    public static func noticesLogged(_ sent: NoticesSent, kind: NoticeKind = .notice) -> String {
        let count = "\(sent.logged.count) \(kind.rawValue)\(plural(sent.logged.count))"
        var text =
            sent.dryRun
            ? "Dry run: would log \(count) in campaign \(sent.campaign)"
            : "Logged \(count) in campaign \(sent.campaign)"
        if sent.skipped > 0 {
            let cases = "\(sent.skipped) case\(sent.skipped == 1 ? " was" : "s were")"
            text +=
                kind == .notice
                ? "; \(cases) past draft and left as they were"
                : "; \(cases) already reminded on \(sent.logged.first?.notice.sentOn.description ?? "that day") and skipped (give --again to remind them again)"
        }
        if sent.doNotContact > 0 {
            text += "; \(sent.doNotContact) case\(plural(sent.doNotContact)) of do-not-contact recipients skipped"
        }
        text += sent.dryRun ? "; nothing was written.\n" : ".\n"
        if sent.logged.count <= noticesListed || sent.dryRun {
            for item in sent.logged {
                text +=
                    "  \(item.recipient): \(sent.dryRun ? "would be " : "")\(kind == .notice ? "notified" : "reminded") \(item.notice.sentOn), deadline \(item.notice.deadline), letter sha256 \(item.notice.letterSha256)\n"
            }
        } else {
            let deadlines = Set(sent.logged.map(\.notice.deadline)).sorted()
            text +=
                "  Deadlines: \(deadlines.first.map(\.description) ?? "")\(deadlines.count > 1 ? " to \(deadlines.last.map(\.description) ?? "")" : "").\n"
        }
        return text
    }

    /// `optout letter --verify FILE`, when FILE is a logged letter.
    public static func letterVerified(_ found: VerifiedLetter, file: String) -> String {
        let notice = found.notice
        var text =
            "Verified: \(file) is the \(notice.kind.rawValue) logged for \(found.recipient) in campaign \(found.campaign), sent \(notice.sentOn) by \(notice.channel.rawValue)"
        if let reference = notice.reference { text += ", reference \(reference)" }
        text += " (template \(notice.template), sha256 \(notice.letterSha256)).\n"
        return text
    }

    /// `optout letter --all`: what was written where.
    public static func lettersWritten(_ written: LettersWritten) -> String {
        let what = written.reminder ? "reminder" : "letter"
        var text =
            "Wrote \(written.written) \(what)\(plural(written.written)) of campaign \(written.campaign) into \(written.folder) (\(written.format.rawValue))"
        var parts: [String] = []
        if written.logged > 0 { parts.append("\(written.logged) as logged") }
        if written.unlogged > 0 { parts.append("\(written.unlogged) not logged yet") }
        if written.renamed > 0 { parts.append("\(written.renamed) with a name made unique") }
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        return text + ".\n"
    }

    /// `optout letter --all`: the note when logged letters no longer render as logged.
    public static func lettersDiffer(_ written: LettersWritten) -> String {
        let names = written.differingRecipients.joined(separator: ", ")
        let more = written.differing > written.differingRecipients.count ? " and others" : ""
        return
            "note: \(written.differing) of these letters differ from the letter logged (\(names)\(more)): the template, the recipient's details or the case changed since; `optout letter --verify` of such a file fails, while the logged digest still proves the letter that was sent\n"
    }

    /// `optout letter`: the note (for standard error) when the printed text is not the one logged.
    public static func letterDiffers(from logged: Notice) -> String {
        "note: this text differs from the \(logged.kind.rawValue) logged on \(logged.sentOn) (sha256 \(logged.letterSha256)): the template, the recipient's details or the case changed since; the logged digest still proves the letter that was sent\n"
    }

    /// `optout templates`: the built-in template files.
    public static func builtInTemplates(_ paths: [String]) -> String {
        "Built-in templates:\n" + paths.map { "  \($0)\n" }.joined()
    }

    /// `optout templates --export DIR`.
    public static func templatesExported(into folder: String, written: [String], kept: [String]) -> String {
        var text = "Wrote \(written.count) template\(plural(written.count)) into \(folder)"
        if !kept.isEmpty { text += "; kept \(kept.count) already there (\(kept.joined(separator: ", ")))" }
        return text + ".\nUse them with --templates \(folder), or export OPTOUT_TEMPLATES=\(folder).\n"
    }

    // MARK: - Cases

    /// `notified → acknowledged`, or `still escalated`.
    public static func transition(_ changed: CaseChanged) -> String {
        changed.from == changed.to
            ? "still \(changed.to.rawValue)" : "\(changed.from.rawValue) → \(changed.to.rawValue)"
    }

    /// `optout reply`: the reply, its disclosures' gaps and the affiliates it was recorded for.
    public static func replyRecorded(_ changed: CaseChanged, kind: ReplyKind) -> String {
        var text = "Recorded \(kind.rawValue) from \(changed.recipient) in campaign \(changed.campaign)"
        if changed.disclosed > 0 { text += " (\(changed.disclosed) work\(plural(changed.disclosed)))" }
        text += ": \(transition(changed)).\n"
        for item in changed.missing { text += "  missing: \(item)\n" }
        if changed.missingNotListed > 0 {
            text +=
                "  and \(changed.missingNotListed) more incomplete work\(plural(changed.missingNotListed)) (`optout disclosures` lists every disclosure)\n"
        }
        for affiliate in changed.covered { text += "  for \(affiliate.recipient): \(transition(affiliate))\n" }
        return text
    }

    /// `optout extend`.
    public static func extended(_ changed: CaseChanged, until: Day) -> String {
        "Extended \(changed.recipient) in campaign \(changed.campaign) to \(until) (\(transition(changed))).\n"
    }

    /// `optout escalate`.
    public static func escalated(_ changed: CaseChanged) -> String {
        "Escalated \(changed.recipient) in campaign \(changed.campaign): \(transition(changed)).\n"
    }

    /// `optout resolve`.
    public static func resolved(_ changed: CaseChanged, reason: Resolution) -> String {
        "Resolved \(changed.recipient) in campaign \(changed.campaign) (\(reason.rawValue)): \(transition(changed)).\n"
    }

    // MARK: - Reports

    /// `optout report --output FILE`.
    public static func reportWritten(_ format: OutputFormat, asOf: Day, to file: String) -> String {
        "Wrote the \(format.rawValue) report as of \(asOf) to \(file).\n"
    }

    /// `optout overdue` as a table, when nothing is overdue.
    public static func nothingOverdue(asOf: Day) -> String {
        "No case is overdue on \(asOf).\n"
    }

    /// `s` after a count other than one.
    static func plural(_ count: Int) -> String { count == 1 ? "" : "s" }
}
