import ArgumentParser
import OptOutKit

/// `optout notice send|import`.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Log notices sent.", subcommands: [Send.self, Import.self])

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a notice sent to each named recipient (or --all draft cases): draft → notified.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Recipients, by name or id.") var recipients: [String] = []
        @Flag(help: "Every recipient of the campaign whose case is still a draft.") var all = false
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @Option(help: "The date the notice was sent (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "email, courier, post or other.") var channel: Channel = .email
        @Option(help: "Your reference for the letter.") var reference: String?
        @Option(help: "A deadline for these notices, instead of the campaign's rule.", transform: parseDay) var deadline: Day?

        func validate() throws {
            if all == !recipients.isEmpty { throw ValidationError("name the recipients to notify, or give --all for every draft case (one or the other)") }
        }

        func run() throws {
            let sent = try database.open().sendNotices(
                to: all ? .allDrafts : .named(recipients), campaign: campaign, date: date, channel: channel,
                reference: reference, deadline: deadline)
            NoticeCommand.report(sent)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log notices sent outside the tool, from a CSV file (recipient, date; optional channel, reference, deadline). All or nothing.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?

        func run() throws {
            let tracker = try database.open()
            NoticeCommand.report(try tracker.importNotices(NoticeFile.read(path: file), path: file, campaign: campaign))
        }
    }

    static func report(_ sent: NoticesSent) {
        var text = "Logged \(sent.logged.count) notice\(sent.logged.count == 1 ? "" : "s") in campaign \(sent.campaign)"
        if sent.skipped > 0 { text += "; \(sent.skipped) case\(sent.skipped == 1 ? " was" : "s were") past draft and left as they were" }
        text += ".\n"
        if sent.logged.count <= 20 {
            for item in sent.logged {
                text += "  \(item.recipient): notified \(item.notice.sentOn), deadline \(item.notice.deadline), letter sha256 \(item.notice.letterSha256)\n"
            }
        } else {
            let deadlines = Set(sent.logged.map(\.notice.deadline)).sorted()
            text += "  Deadlines: \(deadlines.first.map(\.description) ?? "")\(deadlines.count > 1 ? " to \(deadlines.last.map(\.description) ?? "")" : "").\n"
        }
        emit(text)
    }
}
