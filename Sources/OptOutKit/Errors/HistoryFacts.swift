import Foundation

/// An event as verify names it, from what its row still holds (any part may be missing):
/// `recipient in campaign, action, recorded at T by actor`.
public struct BrokenEvent: Equatable, Sendable, CustomStringConvertible {
    /// The recipient's name; `nil` when the case or its recipient is gone (the case id is named instead).
    public var recipient: String?
    public var caseId: String?
    public var campaign: String?
    public var action: String?
    public var at: String?
    public var actor: String?

    public init(
        recipient: String?, caseId: String?, campaign: String?, action: String?, at: String?, actor: String?
    ) {
        self.recipient = recipient
        self.caseId = caseId
        self.campaign = campaign
        self.action = action
        self.at = at
        self.actor = actor
    }

    public var description: String {
        let who = recipient ?? "case #\(caseId ?? "?")"
        let inCampaign = campaign.map { " in \($0)" } ?? ""
        return "\(who)\(inCampaign), \(action ?? "no action"), recorded \(at ?? "at no time") by \(actor ?? "nobody")"
    }
}

/// A case as verify names it: `the case of recipient in campaign (case #n)`.
public struct BrokenCase: Equatable, Sendable, CustomStringConvertible {
    public var id: Int64
    public var recipient: String?
    public var campaign: String?

    public init(id: Int64, recipient: String?, campaign: String?) {
        self.id = id
        self.recipient = recipient
        self.campaign = campaign
    }

    public var description: String {
        "the case of \(recipient ?? "recipient unknown")\(campaign.map { " in \($0)" } ?? "") (case #\(id))"
    }
}

/// How a case's fields differ from what its last event left them.
public enum CaseDifferences: Equatable, Sendable, CustomStringConvertible {
    /// The fields that differ, in the seal's order.
    case fields([CaseFieldChange])
    /// The case as the seal writes it differs, though no field read from it does.
    case text(now: String, sealed: String)

    public var description: String {
        switch self {
        case .fields(let changes): changes.map(\.description).joined(separator: ", ")
        case .text(let now, let sealed): "fields are \(now) but its last event left them \(sealed)"
        }
    }
}

/// One field of a case that differs: its value now and the one its last event left (`none`: nothing).
public struct CaseFieldChange: Equatable, Sendable, CustomStringConvertible {
    public var column: String
    public var now: String
    public var sealed: String

    public init(column: String, now: String, sealed: String) {
        self.column = column
        self.now = now
        self.sealed = sealed
    }

    public var description: String { "\(column) is \(now) but its last event left it \(sealed)" }
}
