import ArgumentParser
import Foundation
import OptOutKit

/// Reads a date argument: `YYYY-MM-DD`, and a day that exists.
func parseDay(_ text: String) throws -> Day {
    switch Day.given(text) {
    case .success(let day): return day
    case .failure(let problem): throw ValidationError(problem.description)
    }
}

extension Category: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}
extension ReplyKind: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension Resolution: ExpressibleByArgument {}
extension Requests: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `--db PATH`: which database file.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file, or a team database as postgresql://USER@HOST[:PORT]/NAME (default: $OPTOUT_DB, else optout.sqlite).",
            valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OPTOUT_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "optout.sqlite"
    }

    /// Opens the database for `access`: read-only for commands that only read; only `init` and
    /// `demo` (`.initialize`) may create or migrate it.
    func open(_ access: StoreAccess = .write, templates: TemplateOptions? = nil) throws -> Tracker {
        Self.opened = path
        if Tracker.isServer(path) {
            // In team mode the server names the actor: the role that logged in.
            let tracker = try Tracker.open(
                server: path, access: access, clock: Self.clock, commandLine: Self.commandLine,
                letters: templates?.renderer() ?? LetterRenderer(), tableWidth: TerminalWidth.current)
            tracker.progress = ProgressDisplay.callback
            return tracker
        }
        let tracker = try Tracker.open(
            path: path, access: access, actor: Self.actor, clock: Self.clock,
            commandLine: Self.commandLine, letters: templates?.renderer() ?? LetterRenderer(),
            tableWidth: TerminalWidth.current)
        tracker.progress = ProgressDisplay.callback
        return tracker
    }

    /// The command's clock: read once, when first asked for, and the same for the rest of the
    /// run (its history's timestamps, its "today" and `--as-of`'s default agree), in the user's
    /// time zone (`TZ`, else the machine's): the legal team's calendar says which day is today.
    static let clock = Clock.frozen(at: Date(), in: TimeZone.current)

    /// The database this run opened, for the words of an error SQLite raises later.
    nonisolated(unsafe) static var opened: String?

    /// What the user ran, as the history's command rows name it (arguments with spaces quoted).
    static var commandLine: String {
        (["optout"]
            // A password in a postgresql:// URL never reaches the history (it could not be taken out).
            + CommandLine.arguments.dropFirst().map(ServerPasswords.masked).map { argument in
                argument.contains(where: { $0 == " " || $0 == "\"" }) || argument.isEmpty
                    ? "\"" + argument.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : argument
            }).joined(separator: " ")
    }

    /// Who the history names: $OPTOUT_ACTOR, else the login name.
    static var actor: String {
        let environment = ProcessInfo.processInfo.environment
        if let actor = environment["OPTOUT_ACTOR"], !actor.isEmpty { return actor }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }
}

/// `--templates DIR`: the user's own copies of the letter and report templates.
struct TemplateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A folder of your own templates, laid out as `optout templates --export` writes them (default: $OPTOUT_TEMPLATES, else the built-in ones).",
            valueName: "dir"))
    var templates: String?

    @Flag(help: "Use the built-in template where the --templates folder has none (otherwise that is an error).")
    var fallbackToBuiltIn = false

    var directory: String? {
        if let templates { return templates }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OPTOUT_TEMPLATES"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return nil
    }

    func renderer() throws -> LetterRenderer {
        guard let directory else { return LetterRenderer() }
        return try LetterRenderer(directory: directory, fallBackToBuiltIn: fallbackToBuiltIn)
    }
}

/// `--as-of DATE` for commands that depend on today.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The date to judge deadlines on (YYYY-MM-DD; default: today).", valueName: "date"),
        transform: parseDay)
    var asOf: Day?

    /// The date given, else today on the command's clock (read once per run).
    var day: Day { asOf ?? DatabaseOptions.clock.today }
}

/// `--format` for listings.
struct ListingFormatOption: ParsableArguments {
    static let accepted: [OutputFormat] = [.table, .csv, .json]

    @Option(
        name: .customLong("format"),
        help: ArgumentHelp("How to print: table, csv or json (default: table).", valueName: "format"),
        completion: .list(ListingFormatOption.accepted.map(\.rawValue)),
        transform: { try formatName($0, accepted: ListingFormatOption.accepted) })
    var chosen: OutputFormat = .table

    var format: OutputFormat { chosen }

    func validate() throws {
        try checkFormat(format, accepted: Self.accepted, for: "a listing")
    }
}

/// Reads a `--format` value. Its option's help names the formats its command takes (ArgumentParser
/// would list every format optout knows, for every command); a format of another command is
/// read, to be refused by `checkFormat`.
func formatName(_ text: String, accepted: [OutputFormat]) throws -> OutputFormat {
    guard let format = OutputFormat(rawValue: text) else { throw ValidationError("use \(listed(accepted))") }
    return format
}

/// Refuses a format the command does not write, naming those it does.
func checkFormat(_ format: OutputFormat, accepted: [OutputFormat], for what: String) throws {
    guard accepted.contains(format) else { throw ValidationError("--format for \(what) is \(listed(accepted))") }
}

/// `table, csv or json`.
private func listed(_ formats: [OutputFormat]) -> String {
    let names = formats.map(\.rawValue)
    return names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
}

/// Writes a message for a person to standard output, with any control character in it (from a
/// stored name, note or summary) shown escaped, so that it cannot drive the terminal.
func emit(_ text: String) {
    StandardStreams.write(TerminalText.escaped(text, keepingLines: true))
}

/// Writes a document to standard output exactly as rendered: CSV and JSON (which keep the data),
/// a letter (whose digest is of exactly this text), a report, or a table (escaped as it is laid out).
func emitVerbatim(_ text: String) {
    StandardStreams.write(text)
}

/// Standard output as a sink for streamed documents (listings, reports): written verbatim, as
/// `emitVerbatim` does, block by block.
func standardOutput(_ text: String) { emitVerbatim(text) }

/// Writes a note for a person to standard error, escaped as `emit` does.
func emitNote(_ text: String) {
    StandardStreams.writeError(TerminalText.escaped(text, keepingLines: true))
}
