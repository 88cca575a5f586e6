import ArgumentParser

extension OptOut {
    /// `optout notice send|import|remind`.
    struct Notice: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notice", abstract: "Log notices and reminders sent.",
            subcommands: [Send.self, Import.self, Remind.self])
    }
}
