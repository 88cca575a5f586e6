import ArgumentParser
import OptOutKit

extension OptOut.Notice {
    /// `optout notice import`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Log notices sent outside the tool, from a CSV file (recipient, date; optional channel, reference, deadline). All or nothing."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let tracker = try database.open(templates: templates)
            emit(
                Messages.noticesLogged(
                    try tracker.importNotices(NoticeFile.read(path: file), path: file, campaign: campaign)))
        }
    }
}
