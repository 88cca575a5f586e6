import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout templates`: list the built-in templates, or copy them to a folder to edit.
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates",
            abstract: "List the built-in letter and report templates, or --export them to a folder to make your own.",
            discussion:
                "Use your copies with --templates DIR (or $OPTOUT_TEMPLATES) on letter, notice, campaign add and report."
        )

        @Option(
            help: ArgumentHelp(
                "Write the built-in templates into this folder; files already there are kept.", valueName: "dir"))
        var export: String?

        func run() throws {
            let files = LetterRenderer.builtInFiles
            guard let export else {
                emit(Messages.builtInTemplates(files.map(\.path)))
                return
            }
            let folder = URL(fileURLWithPath: export)
            var written: [String] = []
            var kept: [String] = []
            do {
                for file in files {
                    let url = folder.appendingPathComponent(file.path)
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    do {
                        // Never replaces anything: a file, a link (even a dangling one) or a FIFO there is kept.
                        try OutputFile.create(file.text, at: url.path)
                        written.append(file.path)
                    } catch OutputFileError.exists {
                        kept.append(file.path)
                    }
                }
            } catch let error as OutputFileError {
                throw error
            } catch {
                throw CommandError.cannotExportTemplates(folder: export, reason: error.localizedDescription)
            }
            emit(Messages.templatesExported(into: export, written: written, kept: kept))
        }
    }
}
