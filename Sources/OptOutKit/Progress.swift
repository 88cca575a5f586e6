/// How far a long command has come, reported to whoever asked (`Tracker.progress`): the library
/// never prints, the command decides whether and how to show it.
public struct ProgressStep: Sendable, Equatable {
    /// What is counted, in the plural (`events checked`, `notices logged`).
    public var what: String
    public var done: Int
    /// How many there are in all, when known.
    public var total: Int?

    public init(what: String, done: Int, total: Int?) {
        self.what = what
        self.done = done
        self.total = total
    }
}

/// Counts rows for a progress callback and calls it every so many rows (a callback per row would
/// cost a million calls in a verify), and once at the end of the work.
struct ProgressCounter {
    let report: (@Sendable (ProgressStep) -> Void)?
    let what: String
    let total: Int?
    private(set) var done = 0
    /// Rows between two reports.
    static let every = 1024

    init(_ report: (@Sendable (ProgressStep) -> Void)?, what: String, total: Int?) {
        self.report = report
        self.what = what
        self.total = total
    }

    mutating func add(_ count: Int = 1) {
        guard let report else { return }
        let before = done / Self.every
        done += count
        if done / Self.every != before { report(ProgressStep(what: what, done: done, total: total)) }
    }

    func finish() {
        report?(ProgressStep(what: what, done: done, total: total))
    }
}
