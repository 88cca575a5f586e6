import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout copy --from SOURCE --to TARGET`: a whole database between an SQLite file and a server.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole database between an SQLite file and a team database on a PostgreSQL server.",
            discussion: """
                Up: --from FILE --to postgresql://OWNER@HOST/NAME, into a database fresh from `optout init`
                (empty), as its owner, in one transaction. Down: --from postgresql://… --to FILE, a new
                file. Server to server goes down to a temporary file and up again. Every table is copied with its ids and the history as it is; the copy is read
                back and verified, and kept only if it ends at the source's head with as many events.
                """)

        @Option(help: ArgumentHelp("The database to copy: an SQLite file or postgresql://… URL.", valueName: "source"))
        var from: String
        @Option(
            help: ArgumentHelp("Where to copy it: a new SQLite file or an empty team database.", valueName: "target"))
        var to: String

        func run() throws {
            DatabaseOptions.opened = from
            emit(
                Messages.copied(
                    try DatabaseCopy.copy(
                        from: from, to: to, clock: DatabaseOptions.clock, progress: ProgressDisplay.callback)))
        }
    }
}
