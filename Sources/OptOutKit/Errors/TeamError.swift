import Foundation

/// Why `optout team add|list|remove` refused: nothing was changed on the server.
public enum TeamError: OptOutError, Equatable {
    /// The team commands were run on an SQLite file.
    case needsServer(location: String)
    /// The user name given cannot be a team member's login.
    case invalidName(name: String, problem: TeamNameProblem)
    /// `--password-stdin` read something that cannot be a password.
    case invalidPassword(problem: TeamPasswordProblem)
    /// The logged-in user may not manage the team.
    case notPrivileged(user: String, reason: TeamPrivilegeProblem)
    /// The role named is not a member of any optout role.
    case notOnTeam(name: String)
    /// The role named exists but is a group (it cannot log in), not a person's login.
    case notALogin(name: String)
    /// `--password-stdin` for a login of the server that is not on the team: its password is not optout's to set.
    case foreignLogin(name: String)
    /// `team add` of a new name that differs only in case from a role the server has: the history
    /// and `team list` would show two colleagues who look alike.
    case lookalike(name: String, existing: String)
    /// `team remove` of the logged-in user.
    case removingSelf(name: String)
    /// `team remove` of the database's owner.
    case removingOwner(name: String)
    /// `team remove` of a role that owns objects (a database, a table) somewhere on the server.
    case ownsObjects(name: String, count: Int)
    /// `team remove` of a role that other objects still depend on (privileges granted to it directly).
    case stillReferenced(name: String, detail: String)

    public var description: String {
        switch self {
        case .needsServer(let location):
            return
                "team mode needs a postgresql:// database (\(location) is an SQLite file); name the team database with --db postgresql://USER@HOST[:PORT]/NAME or $OPTOUT_DB"
        case .invalidName(let name, let problem):
            return "cannot use \(quoted(name)) as a team member's login: \(problem)"
        case .invalidPassword(let problem):
            return "\(problem)"
        case .notPrivileged(let user, let reason):
            return
                "\(user) may not manage the team: only the database owner or an admin with CREATEROLE can manage the team (\(reason))"
        case .notOnTeam(let name):
            return "\(quoted(name)) is not on the team; `optout team list` shows who is"
        case .notALogin(let name):
            return
                "\(quoted(name)) is a role of the server that cannot log in (a group), not a person's login; choose another name"
        case .foreignLogin(let name):
            return
                "\(quoted(name)) is a login of the server that is not on the team, so optout does not set its password; add it without --password-stdin (it keeps its password), or choose another name"
        case .lookalike(let name, let existing):
            return
                "the server already has a role named \(quoted(existing)), which differs from \(quoted(name)) only in case; use that name, or one that does not look like it"
        case .removingSelf(let name):
            return "you are logged in as \(name) and cannot remove yourself; ask another admin (or the database owner)"
        case .removingOwner(let name):
            return
                "\(name) owns this database and cannot be removed; a superuser can give the database another owner first (ALTER DATABASE … OWNER TO …)"
        case .ownsObjects(let name, let count):
            return
                "\(name) owns \(count) object\(count == 1 ? "" : "s") on the server (a database, a table…) and cannot be removed; a superuser can reassign them first (REASSIGN OWNED BY \(name) TO …)"
        case .stillReferenced(let name, let detail):
            return
                "\(name) cannot be removed: the server still has privileges granted to it directly (\(detail)); revoke them first"
        }
    }
}

/// What is wrong with a name given as a team member's login.
public enum TeamNameProblem: Equatable, Sendable, CustomStringConvertible {
    case empty
    /// PostgreSQL would cut a longer name to 63 bytes, silently naming another role.
    case tooLong(bytes: Int)
    /// A control or invisible formatting character (a line break, a right-to-left mark…).
    case invisibleCharacter
    /// White space at either end: a name that looks like another.
    case surroundingSpace
    /// A name the server or optout keeps for itself.
    case reserved

    public var description: String {
        switch self {
        case .empty: return "a login name cannot be empty"
        case .tooLong(let bytes):
            return
                "it is \(bytes) bytes long and the server keeps at most \(TeamMember.longestName) bytes of a name; choose a shorter one"
        case .invisibleCharacter:
            return "it holds a control or invisible character; use visible characters only"
        case .surroundingSpace: return "it starts or ends with white space; remove it"
        case .reserved:
            return
                "postgres, public, none, current_user, session_user, current_role and names starting pg_ or optout_ are the server's or optout's own; choose another name"
        }
    }
}

/// What is wrong with the password read by `--password-stdin`.
public enum TeamPasswordProblem: Equatable, Sendable, CustomStringConvertible {
    case empty
    case severalLines
    case tooLong(bytes: Int)
    case notText
    /// Standard input is a terminal: the password would be typed in view, and nothing says to type it.
    case terminal

    public var description: String {
        switch self {
        case .terminal:
            return
                "--password-stdin reads the password from a pipe, not a terminal; run printf '%s\\n' \"$PASSWORD\" | optout team add … --password-stdin"
        case .empty:
            return
                "--password-stdin read an empty password; pipe the password in (printf '%s\\n' \"$PASSWORD\" | optout team add …)"
        case .severalLines:
            return "--password-stdin reads one line and standard input held several; pipe only the password in"
        case .tooLong(let bytes):
            return
                "--password-stdin read \(bytes) bytes or more; a password is at most \(TeamMember.longestPassword) bytes (did you pipe a file in?)"
        case .notText:
            return "--password-stdin read bytes that are not UTF-8 text (or a NUL byte); a password is one line of text"
        }
    }
}

/// What the logged-in user lacks to manage the team.
public enum TeamPrivilegeProblem: Equatable, Sendable, CustomStringConvertible {
    /// Neither the database's owner, nor a member of optout_admin.
    case notOwnerOrAdmin
    /// The owner or an admin, but the server does not let the role create roles.
    case noCreateRole
    /// The server refused a statement as insufficient privilege.
    case refused(message: String)

    public var description: String {
        switch self {
        case .notOwnerOrAdmin: return "ask an admin to do it, or for the admin role"
        case .noCreateRole: return "the role lacks CREATEROLE; a superuser can grant it: ALTER ROLE … CREATEROLE"
        case .refused(let message): return "the server refused: \(message)"
        }
    }
}
