import ArgumentParser
import OptOutKit

/// `optout catalog import`: the rights-holder's own works, which disclosures are matched to.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Import the rights-holder's catalogue of works.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import works from a CSV file (title, artist, isrc and/or iswc; optional owner, released). All or nothing; a work already imported is updated. Every disclosure is matched again.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let summary = try database.open().importCatalog(.file(path: file))
            var text = "Imported \(file): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged"
            if summary.repeated > 0 { text += " (\(summary.repeated) repeated line\(summary.repeated == 1 ? "" : "s") ignored)" }
            text += "; the catalogue holds \(summary.works) work\(summary.works == 1 ? "" : "s").\n"
            let matched = summary.matchedByISRC + summary.matchedByTitleArtist
            text += "Disclosures matched: \(matched) to the catalogue (\(summary.matchedByISRC) by ISRC, \(summary.matchedByTitleArtist) by title and artist); \(summary.unknownWorks) name\(summary.unknownWorks == 1 ? "s" : "") a work it does not have (unknown-work).\n"
            emit(text)
        }
    }
}
