import ArgumentParser

extension OptOut {
    /// `optout catalog import`: the rights-holder's own works, which disclosures are matched to.
    struct Catalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog", abstract: "Import the rights-holder's catalogue of works.",
            subcommands: [Import.self])
    }
}
