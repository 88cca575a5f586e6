import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The machine's mail transfer agent, run the way Unix programs hand it a message: the command in
/// `$OPTOUT_SENDMAIL` (default `sendmail -t -oi`), the message on its standard input, recipients
/// read from the headers. The command is split into words as a shell would split plain words and
/// quotes (`'…'`, `"…"`, `\`), and nothing else: no variables, globs or pipes, and no shell is run,
/// so nothing in a message or a database can reach a shell.
public struct MailAgent: Sendable {
    /// The program and its arguments.
    public var words: [String]
    /// How long the agent may take to take one message, in seconds.
    public var timeout: Double

    public static let defaultCommand = "sendmail -t -oi"
    public static let defaultTimeout = 60.0

    public init(words: [String], timeout: Double = defaultTimeout) {
        self.words = words
        self.timeout = timeout
    }

    /// The agent `$OPTOUT_SENDMAIL` names (timeout `$OPTOUT_SENDMAIL_TIMEOUT` seconds).
    public static func fromEnvironment(_ environment: [String: String]) throws -> MailAgent {
        let command = environment["OPTOUT_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultCommand
        guard let words = split(command), !words.isEmpty else {
            throw DeliveryError.agentCommandMalformed(command: command)
        }
        var timeout = defaultTimeout
        if let text = environment["OPTOUT_SENDMAIL_TIMEOUT"], !text.isEmpty {
            guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                throw DeliveryError.agentTimeoutMalformed(value: text)
            }
            timeout = seconds
        }
        return MailAgent(words: words, timeout: timeout)
    }

    /// Words as a shell splits them (white space between words; quotes and backslashes kept
    /// together), `nil` for an unbalanced quote.
    static func split(_ command: String) -> [String]? {
        var words: [String] = []
        var word: String?
        var quote: Character?
        var escaped = false
        for character in command {
            if escaped {
                word = (word ?? "") + String(character)
                escaped = false
            } else if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    word = (word ?? "") + String(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
                word = word ?? ""
            } else if character == "\\" {
                escaped = true
            } else if character.isWhitespace {
                if let done = word { words.append(done) }
                word = nil
            } else {
                word = (word ?? "") + String(character)
            }
        }
        guard quote == nil, !escaped else { return nil }
        if let word { words.append(word) }
        return words
    }

    /// The program's path: as given when it has a `/`, else found on `$PATH` (then in
    /// `/usr/sbin` and `/usr/lib`, where `sendmail` lives).
    func executable(_ environment: [String: String]) -> String? {
        guard let program = words.first else { return nil }
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in path + ["/usr/sbin", "/usr/lib", "/sbin"] where !folder.isEmpty {
            let candidate = folder + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What the agent answered.
    public struct Answer: Sendable, Equatable {
        public var status: Int32
        /// Its standard output and error, trimmed and cut to `Answer.kept` characters.
        public var output: String
    }

    /// How much of the agent's output is kept.
    static let kept = 2000

    /// Hands `message` to the agent and waits for it (at most `timeout`). Throws if it cannot be
    /// run, did not finish in time (it is then killed), or answered with a non-zero exit status.
    public func send(_ message: [UInt8], environment: [String: String]) throws -> Answer {
        let command = words.joined(separator: " ")
        guard let path = executable(environment) else { throw DeliveryError.agentMissing(command: command) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(words.dropFirst())
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw DeliveryError.agentCannotRun(command: command, reason: error.localizedDescription)
        }
        let reading = ReadAll(output.fileHandleForReading)
        let writer = input.fileHandleForWriting
        let data = Data(message)
        DispatchQueue.global().async {
            // An agent that stops reading must fail its message, not end optout: SIGPIPE is
            // blocked on this thread only (the write then fails with EPIPE), and one it raised is
            // taken before the thread's mask is restored. The process's own disposition, which
            // the programs it starts inherit, is left as it is.
            var pipeSignal = sigset_t()
            var before = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, &before)
            try? writer.write(contentsOf: data)
            try? writer.close()
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &now)
            pthread_sigmask(SIG_SETMASK, &before, nil)
        }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 2)
            }
            throw DeliveryError.agentTimedOut(command: command, seconds: timeout)
        }
        // The output up to the agent's end (a child it left behind may hold the pipe open).
        let text = reading.wait(seconds: 2)
        let answer = Answer(status: process.terminationStatus, output: Self.trimmed(text))
        if process.terminationReason == .uncaughtSignal {
            throw DeliveryError.agentRefused(
                command: command, status: 128 + answer.status, output: answer.output)
        }
        guard answer.status == 0 else {
            throw DeliveryError.agentRefused(command: command, status: answer.status, output: answer.output)
        }
        return answer
    }

    static func trimmed(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > kept ? String(trimmed.prefix(kept)) + "…" : trimmed
    }
}

/// A pipe read to its end on another thread.
private final class ReadAll: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                self.lock.lock()
                if self.data.count < 1 << 20 { self.data.append(chunk) }
                self.lock.unlock()
            }
            self.done.signal()
        }
    }

    func wait(seconds: Double) -> String {
        _ = done.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
