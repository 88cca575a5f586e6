import ArgumentParser
import OptOutKit

extension TeamRole: ExpressibleByArgument {}

extension OptOut {
    /// `optout team add|list|remove`: the logins of a team database and their roles (SPEC 9).
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "team",
            abstract: "Add, list and remove the members of a team database (postgresql://) and their roles.",
            discussion: """
                Roles, each allowing what the one before does: viewer reads; clerk also logs notices,
                reminders and replies; counsel also extends, escalates, resolves and undoes; admin also
                manages campaigns, imports, calendars and the team. The server enforces them.
                """,
            subcommands: [TeamAdd.self, TeamList.self, TeamRemove.self])
    }
}

extension OptOut.Team {
    /// Refuses an SQLite `--db` before anything is opened: the team lives on a server.
    static func requireServer(_ database: DatabaseOptions) throws {
        guard Tracker.isServer(database.path) else { throw TeamError.needsServer(location: database.path) }
    }

    /// The members as a listing: user, role, login.
    static func listing(_ members: [TeamMember]) -> Listing {
        Listing(
            columns: ["user", "role", "login"],
            rows: members.map { [.text($0.name), .text($0.role.rawValue), .text($0.canLogIn ? "yes" : "no")] },
            widths: ["user": TeamMember.longestName])
    }
}
