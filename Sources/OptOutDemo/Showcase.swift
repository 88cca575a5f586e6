import Foundation
import OptOutKit

/// The hand-written firms whose stories the summary points to; every other firm's story is drawn
/// at random.
enum Showcase {
    case partialOverdue, subsidiaryRefusedEscalated, subsidiarySilent, followUpCompleted, noUseConfirmed
    case licensed, escalatedThenReplied, extendedPastAsOf, unidentifiedWork
    case streamingConfirmed, streamingSilent
}
