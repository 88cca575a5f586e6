import ArgumentParser
import Foundation
import OptOutKit

/// `optout report`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "The status report.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
    @OptionGroup var asOf: AsOfOption
    @Option(help: "markdown, html, csv or json.") var format: OutputFormat = .markdown
    @Option(help: "Write the report to this file instead of printing it.") var output: String?
    @OptionGroup var templates: TemplateOptions

    func validate() throws {
        guard [.markdown, .html, .csv, .json].contains(format) else {
            throw ValidationError("--format for the report is markdown, html, csv or json")
        }
    }

    func run() throws {
        // A target that would be refused is refused before the report is built.
        if let output { try OutputFile.check(output, database: database.path) }
        let tracker = try database.open(.read)
        // The day the report is as of, read once: the report and the line about it agree.
        let day = asOf.day
        let renderer = ReportRenderer(templates: try templates.renderer())
        guard let output else {
            // Markdown is read in the terminal, so its control characters are escaped; the other
            // formats are documents for programs and browsers, printed as rendered (as they are read).
            return try tracker.writeReport(asOf: day, campaign: campaign, as: format, renderer: renderer,
                                           to: format == .markdown ? { emit($0) } : standardOutput)
        }
        try OutputFile.write(to: output, database: database.path) { sink in
            try tracker.writeReport(asOf: day, campaign: campaign, as: format, renderer: renderer, to: sink)
        }
        emit("Wrote the \(format.rawValue) report as of \(day) to \(output).\n")
    }
}
