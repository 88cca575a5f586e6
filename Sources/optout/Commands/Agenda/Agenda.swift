import ArgumentParser

extension OptOut {
    /// `optout agenda [run]`.
    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda",
            abstract: "What is due on a day: reminders and escalations of the follow-up ladders, deadlines, reviews.",
            discussion: """
                `optout agenda` lists; `optout agenda run --yes` sends the due reminders and does the due
                escalations, in one command (`optout undo` takes it back). Set a ladder with
                `optout campaign follow-up`.
                """,
            subcommands: [List.self, Run.self], defaultSubcommand: List.self)
    }
}
