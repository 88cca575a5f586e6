import ArgumentParser

extension OptOut {
    /// `optout recipient add|import|list`.
    struct Recipient: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recipient", abstract: "Add, import and list recipients.",
            subcommands: [Add.self, Import.self, List.self, Set.self])
    }
}
