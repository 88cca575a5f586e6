import Foundation
import OptOutKit

/// What the demo built, for the command to print.
public struct DemoSummary: Sendable {
    /// Recipients added, of every category.
    public var recipients: Int
    /// The campaigns, in the order they were added.
    public var campaigns: [String]
    /// The day the demo's story has reached: every notice and reply is dated on or before it, so
    /// the report and the overdue list read best `--as-of` this day.
    public var asOf: Day
    /// The rights-holder that sent the letters.
    public var issuer: String
    /// Cases opened (one per recipient per campaign of its category).
    public var cases: Int
    /// Notices logged.
    public var notices: Int
    /// Replies recorded, of every kind.
    public var replies: Int
    /// Works named in disclosure replies, counting each reply's works (before later replies of
    /// the same work supersede them).
    public var worksDisclosed: Int
    public var extensionsGranted: Int
    public var escalations: Int
    public var resolutions: Int
    /// Cases left in `draft`: recipients found after the last notices went out.
    public var drafts: Int
    /// Works in the rights-holder's catalogue.
    public var catalogueWorks: Int
    /// Recipients whose cases are worth a look, to suggest commands with.
    public var examples: [DemoExample]
}
