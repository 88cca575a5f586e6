import Foundation
import OptOutKit

/// Shows a long command's progress on standard error when it is a terminal: once the command has
/// run for a second, one line (rows done, rate, time left) redrawn a few times a second, cleared
/// before anything else is written and when the command ends. Off a terminal nothing is shown.
final class ProgressDisplay: @unchecked Sendable {
    static let shared = ProgressDisplay()

    private let lock = NSLock()
    private let started = Date()
    /// How long a command runs before its progress shows ($OPTOUT_PROGRESS_AFTER seconds, for
    /// tests; else one second).
    private let delay: TimeInterval = {
        let given = ProcessInfo.processInfo.environment["OPTOUT_PROGRESS_AFTER"].flatMap(Double.init)
        return given.map { max(0, min($0, 3600)) } ?? 1
    }()
    private var lastDrawn: TimeInterval = -1
    private var shown = false
    /// When the current step started, and its name, for its rate.
    private var step: (what: String, started: TimeInterval)?

    /// Whether progress is shown at all: standard error is a terminal.
    static var enabled: Bool { isatty(STDERR_FILENO) != 0 }

    /// The callback a tracker reports to, or `nil` off a terminal.
    static var callback: (@Sendable (ProgressStep) -> Void)? {
        guard enabled else { return nil }
        // Made now, as the command opens its database: its clock starts here.
        let display = shared
        return { display.update($0) }
    }

    func update(_ progress: ProgressStep) {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(started)
        if step?.what != progress.what { step = (progress.what, elapsed) }
        // A step's last count is always drawn (a command may go on to another step at once).
        let last = progress.total.map { progress.done >= $0 } ?? false
        guard elapsed >= delay, elapsed - lastDrawn >= 0.1 || lastDrawn < 0 || last else { return }
        lastDrawn = elapsed
        let seconds = max(elapsed - (step?.started ?? 0), 0.001)
        let rate = Double(progress.done) / seconds
        var line = "\(Self.grouped(progress.done))"
        if let total = progress.total { line += " of \(Self.grouped(total))" }
        line += " \(progress.what), \(Self.grouped(Int(rate.rounded())))/s"
        if let total = progress.total, rate > 0, total >= progress.done {
            line += ", about \(Self.duration(Double(total - progress.done) / rate)) left"
        }
        write("\r\u{1B}[K" + TerminalSafe.line(line))
        shown = true
    }

    /// Removes the line, if one is shown.
    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard shown else { return }
        shown = false
        write("\r\u{1B}[K")
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(
                    STDERR_FILENO, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// `1,234,567`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// `45 s`, `3 min 20 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }
}

/// The progress line holds only what optout wrote itself, but a step's name could one day carry
/// a user's text: control characters are dropped so it never moves the cursor.
enum TerminalSafe {
    static func line(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
    }
}
