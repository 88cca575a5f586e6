import ArgumentParser
import OptOutKit

extension OptOut.Team {
    /// `optout team remove USER`.
    struct TeamRemove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Take a member off the team and drop the login (its history stays).",
            discussion: "Needs the database owner or an admin with CREATEROLE; you cannot remove yourself.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The login's name.") var user: String

        func run() throws {
            try OptOut.Team.requireServer(database)
            try TeamMember.validate(name: user)
            emit(Messages.teamRemoved(try database.open().removeTeamMember(user)))
        }
    }
}
