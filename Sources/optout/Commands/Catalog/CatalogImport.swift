import ArgumentParser
import OptOutKit

extension OptOut.Catalog {
    /// `optout catalog import`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import works from a CSV file (title, artist, isrc and/or iswc; optional owner, released). All or nothing; a work already imported is updated. Every disclosure is matched again."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let summary = try database.open().importCatalog(.file(path: file))
            emit(Messages.catalogImported(summary, file: file))
        }
    }
}
