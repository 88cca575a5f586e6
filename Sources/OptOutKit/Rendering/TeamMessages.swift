import Foundation

extension Messages {
    /// `optout team add`: who now has which role, and whether the login or its password is new.
    public static func teamAdded(_ added: TeamAdded) -> String {
        let name = added.name
        let role = added.role.rawValue
        var text: String
        if added.created {
            text = "Added login \(name) with the \(role) role"
            text +=
                added.passwordSet
                ? ", with the password read from standard input.\n"
                : "; it has no password yet (set one: optout team add \(name) --role \(role) --password-stdin).\n"
            return text
        }
        switch added.previous {
        case nil: text = "\(name), a login the server already had, now has the \(role) role"
        case added.role?: text = "\(name) already has the \(role) role"
        case let previous?: text = "\(name)'s role changed from \(previous.rawValue) to \(role)"
        }
        if added.passwordSet {
            text += "; its password is the one read from standard input.\n"
        } else if added.previous == added.role {
            text += "; nothing changed.\n"
        } else {
            text += ".\n"
        }
        return text
    }

    /// `optout team remove`.
    public static func teamRemoved(_ removed: TeamRemoved) -> String {
        "Removed \(removed.name) (\(removed.role.rawValue)) from the team and dropped the login; the history keeps what it did.\n"
    }
}
