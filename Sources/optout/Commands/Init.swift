import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout init`: create the database, or migrate an older one.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database (or migrate an older one) and say where it is.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            if Tracker.isServer(database.path) {
                let tracker = try database.open(.initialize)
                emit(
                    Messages.initializedTeam(
                        location: tracker.serverLocation ?? database.path, created: tracker.setUpSchema,
                        user: tracker.actor))
                return
            }
            let existed = FileManager.default.fileExists(atPath: database.path)
            _ = try database.open(.initialize)
            emit(
                Messages.initialized(
                    path: URL(fileURLWithPath: database.path).standardizedFileURL.path, existed: existed))
        }
    }
}
