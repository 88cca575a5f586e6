import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout letter`: print a case's letter, or check that a file is a letter that was logged.
    struct Letter: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letter",
            abstract:
                "Print the campaign's letter for a recipient; `notice send` stores the SHA-256 of exactly this text.",
            discussion: """
                Once the notice is logged, the letter is printed as it was logged (its date, deadline and
                reference). --reminder prints the reminder instead. --verify FILE says whether FILE is,
                byte for byte, a letter logged for the case (without a recipient: for any case); an HTML
                letter is checked by the text letter it carries; a FILE ending in .eml, whether it is a
                message delivered for the case (`notice send --deliver`) whose body is the logged letter.

                --all --output-dir DIR writes every letter of the campaign into DIR (new or empty), one
                file per case named by recipient and reference: the logged notices (reminders with
                --reminder) or, with --date, also the letters a notice (reminder) sent that day would
                carry. --format html writes HTML pages (letters/NAME.html.mustache) that print on A4.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id (left out with --all, and may be with --verify).")
        var recipient: String?
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "The letter's date (default: the logged letter's date, else today).", transform: parseDay)
        var date: Day?
        @Flag(help: "The reminder of the case's deadline instead of the notice.") var reminder = false
        @Option(
            help: ArgumentHelp(
                "Check that this file is a letter logged for the case (exit 1 if not).", valueName: "file"))
        var verify: String?
        @Flag(help: "Every letter of the campaign, written into --output-dir.") var all = false
        @Option(
            help: ArgumentHelp("The new or empty folder --all writes the letters into.", valueName: "dir"))
        var outputDir: String?
        @Option(
            help:
                "The form of the letters --all writes: text, html, or eml (the messages delivered by `notice send --deliver`, byte for byte)."
        ) var format: LetterFormat = .text
        @OptionGroup var templates: TemplateOptions

        func validate() throws {
            try validateAll()
            if verify != nil && (date != nil || reminder) {
                throw ValidationError(
                    "--verify checks a file against every letter logged for the case; leave out --date and --reminder")
            }
        }

        func run() throws {
            let tracker = try database.open(.read, templates: templates)
            if let verify, verify.lowercased().hasSuffix(".eml") {
                let found = try tracker.verifyMessage(recipient: recipient, campaign: campaign, file: verify)
                return emit(Messages.messageVerified(found, file: verify))
            }
            if all, let outputDir {
                let written = try tracker.writeLetters(
                    campaign: campaign, date: date, reminder: reminder, format: format, into: outputDir)
                emit(Messages.lettersWritten(written))
                if written.undelivered > 0 { emit(Messages.lettersUndelivered(written)) }
                if written.differing > 0 { emitNote(Messages.lettersDiffer(written)) }
                return
            }
            if let verify {
                let found =
                    if let recipient {
                        try tracker.verifyLetter(recipient: recipient, campaign: campaign, file: verify)
                    } else {
                        try tracker.verifyLetter(file: verify)
                    }
                return emit(Messages.letterVerified(found, file: verify))
            }
            let printed = try tracker.letter(
                recipient: recipient ?? "", campaign: campaign, date: date, reminder: reminder)
            emitVerbatim(printed.letter.text)
            if let logged = printed.logged, logged.letterSha256 != printed.letter.sha256 {
                emitNote(Messages.letterDiffers(from: logged))
            }
        }
    }
}

extension OptOut.Letter {
    /// The options `--all` needs and refuses.
    func validateAll() throws {
        guard all else {
            if outputDir != nil {
                throw ValidationError("--output-dir goes with --all: add --all to write every letter")
            }
            if format != .text { throw ValidationError("--format goes with --all: add --all and --output-dir") }
            if recipient == nil && verify == nil {
                throw ValidationError(
                    "name the recipient whose letter to print, or write them all with --all --output-dir DIR")
            }
            return
        }
        if recipient != nil {
            throw ValidationError("--all writes every letter of the campaign; leave out the recipient")
        }
        if verify != nil { throw ValidationError("--verify checks one file; leave out --all") }
        if outputDir == nil {
            throw ValidationError("--all writes files: add --output-dir DIR (a new or empty folder)")
        }
    }
}

extension LetterFormat: ExpressibleByArgument {}
