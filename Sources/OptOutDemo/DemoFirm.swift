import Foundation
import OptOutKit

/// A firm the demo adds, with the showcase story it plays, if any.
struct DemoFirm {
    let name: String
    let showcase: Showcase?
}
