/// A holiday calendar that cannot be used or added, or a deadline rule that does not fit. Nothing
/// was written.
public enum CalendarError: OptOutError, Equatable, Sendable {
    /// No built-in or added calendar has this name.
    case unknownCalendar(name: String, suggestions: [String])
    /// `calendar add` with a name a built-in calendar has.
    case builtInName(name: String)
    /// `calendar add` with a name an added calendar has already.
    case calendarExists(name: String)
    /// A calendar name that is not 1–40 letters, digits, `-` or `_`.
    case badName(name: String)
    /// `calendar add` with a file of no holidays.
    case noHolidays(path: String)
    /// `calendar show --year` outside the supported dates.
    case yearOutOfRange(year: Int)
    /// `--response-business-days` / `--response-months` outside 1…N.
    case windowOutOfRange(what: String, count: Int, most: Int)
    /// More than one of `--deadline`, `--response-days`, `--response-business-days`, `--response-months`, or none.
    case oneRuleNeeded
    /// `--calendar` with a fixed `--deadline`.
    case calendarWithFixedDeadline
    /// `extend --by` with a count that is not positive, or too large.
    case extendByOutOfRange(count: Int)
    /// `extend` with both or neither of `--until` and `--by`.
    case extendNeedsOneOf
    /// `extend --by` reaching past the last date optout accepts.
    case extendBeyondLatest(deadline: Day)

    public var description: String {
        switch self {
        case .unknownCalendar(let name, let suggestions):
            let hint = suggestions.isEmpty ? "" : "did you mean \(suggestions.joined(separator: " or "))? "
            return
                "no holiday calendar is named \(quoted(name)); \(hint)see `optout calendar list` for the built-in ones and those added, or add one with `optout calendar add NAME --from FILE.csv`"
        case .builtInName(let name):
            return
                "\(name) is a built-in calendar; give your own calendar another name (e.g. \(name)-COURTS)"
        case .calendarExists(let name):
            return "a calendar named \(name) was added already; give another name (see `optout calendar list`)"
        case .badName(let name):
            return
                "\(quoted(name)) cannot name a calendar; use 1 to 40 letters, digits, '-' or '_', e.g. GB-ENG-COURTS"
        case .noHolidays(let path):
            return "\(path) lists no holidays; give a CSV file with columns date,name and one row per holiday"
        case .yearOutOfRange(let year):
            return "\(year) is outside the years optout accepts (1900 to 2200); give a year such as 2025"
        case .windowOutOfRange(let what, let count, let most):
            return "\(what) must be from 1 to \(most); \(count) is not"
        case .oneRuleNeeded:
            return
                "give exactly one deadline rule: --deadline DATE, --response-days N, --response-business-days N or --response-months N"
        case .calendarWithFixedDeadline:
            return
                "--calendar applies to a window counted from each notice; with a fixed --deadline give the date itself (leave out --calendar)"
        case .extendByOutOfRange(let count):
            return "--by counts the days added to the current deadline, from 1 to 3650; \(count) is not"
        case .extendBeyondLatest(let deadline):
            return
                "that extension would reach \(deadline), past the last date optout accepts (\(Day.latest)); give a smaller --by"
        case .extendNeedsOneOf:
            return
                "give exactly one of --until DATE (the new deadline) and --by N [--business-days] (days added to the current deadline)"
        }
    }
}
