import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout backup FILE`.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the database to a new file, even while others are writing.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The new file (an existing file is never overwritten).") var file: String

        func run() throws {
            emit(
                Messages.backedUp(
                    Tracker.displayLocation(database.path), to: file, history: try database.open(.read).backup(to: file)
                ))
        }
    }
}
