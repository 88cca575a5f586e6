/// Something a user does to a case.
public enum CaseAction: Hashable, Sendable, CustomStringConvertible {
    case sendNotice
    case sendReminder
    case reply(ReplyKind)
    case grantExtension
    case escalate
    case resolve

    public static let allCases: [CaseAction] =
        [.sendNotice, .sendReminder] + ReplyKind.allCases.map(CaseAction.reply) + [
            .grantExtension, .escalate, .resolve,
        ]

    /// The name the history gives this action.
    public var eventName: String {
        switch self {
        case .sendNotice: "notice-sent"
        case .sendReminder: "reminder-sent"
        case .reply(let kind): "reply-\(kind.rawValue)"
        case .grantExtension: "extension-granted"
        case .escalate: "escalated"
        case .resolve: "resolved"
        }
    }

    public var description: String {
        switch self {
        case .sendNotice: "send a notice"
        case .sendReminder: "send a reminder"
        case .reply(let kind): "record a reply of kind \(kind.rawValue)"
        case .grantExtension: "grant an extension"
        case .escalate: "escalate"
        case .resolve: "resolve"
        }
    }
}

/// Where an allowed action leads.
public enum Outcome: Hashable, Sendable {
    /// The case moves to this state.
    case moveTo(CaseState)
    /// The case keeps its state; the action is recorded in its history.
    case unchanged
    /// `responded` when every disclosure of the case so far is complete, else `incomplete`.
    case fromDisclosures
}

/// The state machine of a case, SPEC section 3, as a table: the first rule that names the action
/// and the current state gives the outcome. An action no rule allows is refused.
public enum StateMachine {
    struct Rule {
        let actions: [CaseAction]
        let from: Set<CaseState>
        let outcome: Outcome
    }

    static let afterDraftButResolved: Set<CaseState> = Set(CaseState.allCases).subtracting([.draft, .resolved])

    static let rules: [Rule] = [
        Rule(actions: [.sendNotice], from: [.draft], outcome: .moveTo(.notified)),
        // A reminder goes to a case that still owes an answer; it changes nothing but the history.
        Rule(actions: [.sendReminder], from: CaseState.awaitingAnswer, outcome: .unchanged),
        // Any reply to an escalated case is recorded and changes nothing.
        Rule(actions: ReplyKind.allCases.map(CaseAction.reply), from: [.escalated], outcome: .unchanged),
        Rule(actions: [.reply(.acknowledgement)], from: [.notified], outcome: .moveTo(.acknowledged)),
        Rule(
            actions: [.reply(.disclosure)], from: [.notified, .acknowledged, .incomplete, .responded, .refused],
            outcome: .fromDisclosures),
        Rule(
            actions: [.reply(.noUse)], from: [.notified, .acknowledged, .incomplete, .refused],
            outcome: .moveTo(.responded)),
        Rule(actions: [.reply(.refusal)], from: [.notified, .acknowledged, .incomplete], outcome: .moveTo(.refused)),
        Rule(actions: [.reply(.extensionRequest)], from: afterDraftButResolved, outcome: .unchanged),
        Rule(actions: [.grantExtension], from: [.notified, .acknowledged, .incomplete], outcome: .unchanged),
        Rule(
            actions: [.escalate], from: [.notified, .acknowledged, .incomplete, .refused], outcome: .moveTo(.escalated)),
        Rule(actions: [.resolve], from: afterDraftButResolved, outcome: .moveTo(.resolved)),
    ]

    /// Where `action` leads from `state`, or `nil` when it is not allowed.
    public static func outcome(of action: CaseAction, from state: CaseState) -> Outcome? {
        rules.first { $0.actions.contains(action) && $0.from.contains(state) }?.outcome
    }

    /// Whether a case in `state` on `day` with this deadline is overdue (derived, never stored).
    public static func isOverdue(state: CaseState, deadline: Day?, on day: Day) -> Bool {
        guard let deadline, CaseState.awaitingAnswer.contains(state) else { return false }
        return deadline < day
    }
}
