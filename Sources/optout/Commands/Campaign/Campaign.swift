import ArgumentParser

extension OptOut {
    /// `optout campaign add|list`.
    struct Campaign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaign", abstract: "Add and list campaigns.", subcommands: [Add.self, List.self])
    }
}
