import Foundation
import OptOutKit

/// A recipient whose case shows one part of the workflow, for `optout demo` to suggest
/// (`optout history NAME`).
public struct DemoExample: Sendable, Equatable {
    public var recipient: String
    public var campaign: String
    /// What happened to the case, in a few words.
    public var story: String
}
