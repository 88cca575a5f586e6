import ArgumentParser
import Foundation
import OptOutKit

extension OptOut.Agenda {
    /// `optout agenda run`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the due reminders and do the due escalations of --as-of, in one command.",
            discussion: """
                Reminders are logged as `notice remind` logs them (dated --as-of, with their letters' digests);
                escalations are escalate events whose note names the ladder step. Run twice the same day, it
                does nothing the second time. Without --yes it lists what it would do, and on a terminal asks
                first; `optout undo` takes a run back.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var asOf: AsOfOption
        @Option(help: "How the reminders are sent.") var channel: Channel = .email
        @OptionGroup var delivery: DeliverOption
        @Flag(help: "Do it without asking.") var yes = false
        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let tracker = try database.open(templates: templates)
            if !yes {
                let agenda = try tracker.agenda(asOf: asOf.day, campaign: campaign)
                emit(Messages.agendaPlan(agenda))
                let count = agenda.items.filter { $0.kind == .remind || $0.kind == .escalate }.count
                if count == 0 { return }
                guard isatty(STDIN_FILENO) != 0 else { throw FollowUpError.runNotConfirmed(count: count) }
                emit("Do it? [y/N] ")
                StandardStreams.flush()
                guard let answer = readLine(),
                    ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
                else {
                    emit("Nothing was done.\n")
                    return
                }
            }
            guard let settings = try delivery.settings(channel: channel) else {
                emit(Messages.agendaDone(try tracker.runAgenda(asOf: asOf.day, campaign: campaign, channel: channel)))
                return
            }
            // Delivered reminders go out one by one, each logged as it goes (as `notice remind
            // --deliver` does them); the escalations are one command before them.
            let due = try tracker.agenda(asOf: asOf.day, campaign: campaign).items.filter { $0.kind == .remind }
            emit(
                Messages.agendaDone(
                    try tracker.runAgenda(asOf: asOf.day, campaign: campaign, channel: channel, reminders: false)))
            var failed: Error?
            for group in Dictionary(grouping: due, by: \.campaign).sorted(by: { $0.key < $1.key }) {
                do {
                    try DeliverOption.report(
                        tracker.deliverReminders(
                            to: .named(group.value.map { String($0.recipientId) }), campaign: group.key,
                            date: asOf.day, settings: settings))
                } catch {
                    failed = failed ?? error
                }
            }
            if let failed { throw failed }
        }
    }
}
