import ArgumentParser
import Foundation
import OptOutKit

/// `optout init`: create the database, or migrate an older one.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the database (or migrate an older one) and say where it is.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let existed = FileManager.default.fileExists(atPath: database.path)
        _ = try database.open(.initialize)
        let path = URL(fileURLWithPath: database.path).standardizedFileURL.path
        emit(existed ? "The database at \(path) is up to date.\n"
                       : "Created the database at \(path) (readable and writable by you only).\nNext: optout campaign add NAME --issuer ORG --category ai-developer --deadline YYYY-MM-DD\n")
    }
}
