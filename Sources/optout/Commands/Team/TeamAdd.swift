import ArgumentParser
import Foundation
import OptOutKit

extension OptOut.Team {
    /// `optout team add USER --role ROLE [--password-stdin]`.
    struct TeamAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create a login with a role, or give an existing member another role.",
            discussion: """
                Needs the database owner or an admin with CREATEROLE. With --password-stdin the
                password is the first line of standard input: printf '%s\\n' "$PW" | optout team add …
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The login's name (what goes before @ in postgresql://USER@HOST/NAME).") var user: String
        @Option(help: "viewer, clerk, counsel or admin.") var role: TeamRole
        @Flag(help: "Read the login's password from standard input (one line).") var passwordStdin = false

        func run() throws {
            try OptOut.Team.requireServer(database)
            try TeamMember.validate(name: user)
            let password = try passwordStdin ? TeamMember.password(fromStandardInput: Self.readStandardInput()) : nil
            let added = try database.open().addTeamMember(user, role: role, password: password)
            emit(Messages.teamAdded(added))
        }

        /// Standard input, up to a little more than the longest password (so a file piped in by
        /// mistake is refused, not read whole).
        static func readStandardInput() throws -> Data {
            if isatty(STDIN_FILENO) == 1 { throw TeamError.invalidPassword(problem: .terminal) }
            var data = Data()
            let limit = TeamMember.longestPassword + 3
            while data.count < limit {
                guard let chunk = try FileHandle.standardInput.read(upToCount: limit - data.count), !chunk.isEmpty
                else { break }
                data.append(chunk)
            }
            return data
        }
    }
}
