import ArgumentParser

extension OptOut {
    /// `optout campaign add|list`.
    struct Campaign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaign", abstract: "Add and list campaigns, and set their follow-up ladders.",
            subcommands: [Add.self, List.self, FollowUp.self])
    }
}
