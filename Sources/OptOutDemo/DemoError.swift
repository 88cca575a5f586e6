import OptOutKit

/// Why the demo cannot be built in a tracker.
public enum DemoError: OptOutError, Equatable {
    /// The tracker's clock reads a day on or before the story's last day, and the tracker refuses
    /// actions dated after its today.
    case clockBeforeTheStoryEnds(storyEnds: Day, today: Day)
    /// The demo fills an empty database only.
    case databaseNotEmpty(recipients: Int, campaigns: Int)

    public var description: String {
        switch self {
        case .clockBeforeTheStoryEnds(let storyEnds, let today):
            "the demo's story runs to \(storyEnds), but the tracker's clock says today is \(today); run it with a clock after \(storyEnds)"
        case .databaseNotEmpty(let recipients, let campaigns):
            "the demo fills an empty database, and this one has \(recipients) recipients and \(campaigns) campaigns; give `optout demo` a new --db file"
        }
    }
}
