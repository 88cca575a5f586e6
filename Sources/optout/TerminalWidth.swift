import Foundation

/// How wide a table may be: the terminal's width when standard output is a terminal ($COLUMNS
/// when set, else what the terminal says), and `nil` when output goes to a file or a pipe, where
/// every cell is kept up to its column's limit.
enum TerminalWidth {
    /// The widest $COLUMNS taken: beyond it a table is as wide as its cells anyway.
    static let widest = 10_000

    static var current: Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        return width(columns: ProcessInfo.processInfo.environment["COLUMNS"], terminal: terminalColumns())
    }

    /// $COLUMNS when it is a positive number, else the terminal's own count of columns.
    static func width(columns: String?, terminal: Int?) -> Int? {
        if let columns = columns.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), columns > 0 {
            return min(columns, widest)
        }
        return terminal.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The columns of the terminal standard output is (TIOCGWINSZ), if it says.
    private static func terminalColumns() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 else { return nil }
        return Int(size.ws_col)
    }
}
