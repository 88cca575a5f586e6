import ArgumentParser
import Foundation
import OptOutKit

/// `optout verify`: walk the sealed history.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every seal of the history; print the number of events and the head hash to write down.",
        discussion: """
            Each event is sealed with the SHA-256 of its content and of the event before it, and of
            what it left behind: its case's state and dates, the case's notices, replies and
            disclosures, and the command that wrote it. An event changed, removed or inserted outside
            optout breaks the chain; so does a case, a letter's digest, a reply, a disclosure or a
            command row changed, a guard trigger dropped or the history emptied. verify names the
            first such break and exits 1. Events appended by someone who recomputes every seal can
            only be caught against a head you wrote down earlier: pass it with --head.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("A head hash written down earlier: check it is still in the history.", valueName: "hash"))
    var head: String?

    func run() throws {
        let verified = try database.open(.read).verifyHistory(expectedHead: head)
        var text = "The history is intact: \(verified.events) event\(verified.events == 1 ? "" : "s"), head \(verified.head).\n"
        if let head, let count = verified.eventsAtExpectedHead {
            text += "The head you recorded, \(head), sealed the first \(count) events; \(verified.events - count) were written since.\n"
        }
        emit(text)
    }
}

/// `optout check`: integrity, foreign keys and the history in one.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database file: SQLite's integrity check, the foreign-key check and every seal of the history.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let result = try database.open(.read).check()
        var lines = [result.integrityProblems.isEmpty ? "integrity: ok" : "integrity: \(result.integrityProblems.count) problem(s): \(result.integrityProblems.prefix(5).joined(separator: "; "))",
                     result.foreignKeyProblems.isEmpty ? "foreign keys: ok" : "foreign keys: \(result.foreignKeyProblems.count) problem(s): \(result.foreignKeyProblems.prefix(5).joined(separator: "; "))",
                     result.storedValueProblems.isEmpty ? "values: ok" : "values: \(result.storedValueProblems.count) that optout cannot read or does not accept: \(result.storedValueProblems.prefix(20).map(\.description).joined(separator: "; "))"]
        switch result.history {
        case .success(let verified): lines.append("history: intact, \(verified.events) events, head \(verified.head)")
        case .failure(let broken): lines.append("history: broken: \(broken.description)")
        }
        emit(lines.joined(separator: "\n") + "\n")
        if !result.isSound {
            throw CommandError(description: "\(database.path) failed its check (see above); restore it from a backup, or keep it as evidence")
        }
    }
}

/// `optout backup FILE`.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database to a new file, even while others are writing.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The new file (an existing file is never overwritten).") var file: String

    func run() throws {
        switch try database.open(.read).backup(to: file) {
        case .success(let verified):
            emit("Backed up \(database.path) to \(file) (readable and writable by you only): \(verified.events) events, head \(verified.head).\n")
        case .failure(let broken):
            emit("Backed up \(database.path) to \(file), but its history is broken: \(broken.description)\n")
        }
    }
}

/// `optout undo`.
struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reverse your last command on cases (a notice, reminder, reply, extension, escalation or resolution), keeping the trail.",
        discussion: """
            Undo says what it will reverse and asks first (or give --yes). The cases go back to how
            they were through new events that name the events they reverse; the original events stay
            in the history, marked as undone. Run it again to reverse the command before.
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Reverse it without asking.") var yes = false

    func run() throws {
        let tracker = try database.open()
        let plan = try tracker.undoPlan()
        var text = "Your last command, `\(plan.command)` at \(plan.at), changed \(plan.count) case\(plan.count == 1 ? "" : "s"):\n"
        for step in plan.steps.prefix(20) {
            text += "  - \(step.recipient) in \(step.campaign): \(step.action)\(step.onDate.map { " of \($0)" } ?? "") (event #\(step.eventId)); \(step.from.rawValue) → back to \(step.backTo.rawValue)\n"
        }
        if plan.count > 20 { text += "  … and \(plan.count - 20) more\n" }
        emit(text)
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                throw CommandError(description: "nothing was reversed; run `optout undo --yes` to reverse it")
            }
            emit("Reverse it? [y/N] ")
            StandardStreams.flush()
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces)) else {
                emit("Nothing was reversed.\n")
                return
            }
        }
        let done = try tracker.undo(plan)
        emit("Reversed `\(done.command)`: \(done.count) event\(done.count == 1 ? "" : "s") undone; the history keeps them, marked undone.\n")
    }
}
