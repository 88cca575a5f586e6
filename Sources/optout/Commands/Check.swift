import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout check`: integrity, foreign keys and the history in one.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check the database: SQLite's integrity check, the foreign-key check and every seal of the history (a team database: of one snapshot of it, and its guard triggers)."
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let result = try database.open(.read).check()
            emit(Messages.checked(result))
            if !result.isSound {
                throw CommandError.checkFailed(path: Tracker.displayLocation(database.path))
            }
        }
    }
}
