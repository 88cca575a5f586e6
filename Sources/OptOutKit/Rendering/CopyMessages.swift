import Foundation

extension Messages {
    /// `optout copy`: what was copied where, and the head both ends share.
    public static func copied(_ copied: DatabaseCopy.Copied) -> String {
        "Copied \(Figures.grouped(copied.cases)) case\(copied.cases == 1 ? "" : "s"), \(Figures.grouped(copied.events)) event\(copied.events == 1 ? "" : "s") from \(copied.source) to \(copied.target); both end at head \(copied.head) (verified).\n"
    }
}
