import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout check`: integrity, foreign keys and the history in one.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check the database file: SQLite's integrity check, the foreign-key check and every seal of the history."
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let result = try database.open(.read).check()
            emit(Messages.checked(result))
            if !result.isSound {
                throw CommandError.checkFailed(path: database.path)
            }
        }
    }
}
