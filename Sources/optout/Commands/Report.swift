import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout report`.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "The status report.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var asOf: AsOfOption
        @Option(
            name: .customLong("format"),
            help: ArgumentHelp("How to print: markdown, html, csv or json (default: markdown).", valueName: "format"),
            completion: .list(OptOut.Report.formats.map(\.rawValue)),
            transform: { try formatName($0, accepted: OptOut.Report.formats) })
        var format: OutputFormat = .markdown
        @Option(help: "Write the report to this file instead of printing it.") var output: String?
        @Flag(
            help: ArgumentHelp(
                "The summary: the headline figures, the overdue cases and the catalogue, without the list of every case.",
                discussion: """
                    In CSV the summary is one row per figure (columns figure,value,definition), each figure \
                    named by its place in the JSON report (totals.cases, responses.replied, …); in JSON it is \
                    the report without `cases`, with "summary": true.
                    """))
        var summary = false
        @OptionGroup var templates: TemplateOptions

        /// The formats the report is written in.
        static let formats: [OutputFormat] = [.markdown, .html, .csv, .json]

        func validate() throws {
            try checkFormat(format, accepted: Self.formats, for: "the report")
        }

        func run() throws {
            // A target that would be refused is refused before the report is built.
            if let output { try OutputFile.check(output, database: database.path) }
            let tracker = try database.open(.read)
            // The day the report is as of, read once: the report and the line about it agree.
            let day = asOf.day
            let renderer = ReportRenderer(templates: try templates.renderer())
            let write: (@escaping TextSink) throws -> Void = { sink in
                if summary {
                    try tracker.writeReportSummary(
                        asOf: day, campaign: campaign, as: format, renderer: renderer, to: sink)
                } else {
                    try tracker.writeReport(asOf: day, campaign: campaign, as: format, renderer: renderer, to: sink)
                }
            }
            guard let output else {
                // Markdown is read in the terminal, so its control characters are escaped; the other
                // formats are documents for programs and browsers, printed as rendered (as they are read).
                return try write(format == .markdown ? { emit($0) } : standardOutput)
            }
            try OutputFile.write(to: output, database: database.path) { sink in try write(sink) }
            emit(Messages.reportWritten(format, asOf: day, to: output))
        }
    }
}
