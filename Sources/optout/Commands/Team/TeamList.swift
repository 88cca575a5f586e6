import ArgumentParser
import OptOutKit

extension OptOut.Team {
    /// `optout team list [--format table|csv|json]`.
    struct TeamList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the team: each login with an optout role, by name.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try OptOut.Team.requireServer(database)
            try OptOut.Team.listing(database.open(.read).teamMembers()).write(
                format.format, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
