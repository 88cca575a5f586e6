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
        let report = try database.open(.read).report(asOf: asOf.day, campaign: campaign)
        let text = try ReportRenderer(templates: templates.renderer()).render(report, as: format)
        guard let output else { return emit(text) }
        do {
            try text.write(to: URL(fileURLWithPath: output), atomically: true, encoding: .utf8)
        } catch {
            throw CommandError(description: "cannot write \(output): \(error.localizedDescription); check the folder exists and is writable")
        }
        emit("Wrote the \(format.rawValue) report as of \(asOf.day) to \(output).\n")
    }
}
