import Foundation

/// A role of a team database (SPEC section 9), each one allowing what the one before does and more:
/// a viewer reads; a clerk also logs notices, reminders and replies; counsel also extends,
/// escalates, resolves and undoes; an admin also manages campaigns, imports, calendars and the team.
/// Each is a group role of the server (`optout_viewer` …), whose privileges the server enforces.
public enum TeamRole: String, CaseIterable, Sendable, Comparable {
    case viewer, clerk, counsel, admin

    /// The server's group role.
    public var groupRole: String { "optout_" + rawValue }

    public static func < (lhs: TeamRole, rhs: TeamRole) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One member of the team: a role of the server that is a member of an optout group role.
public struct TeamMember: Sendable, Equatable {
    /// The server's name for the role (what goes before `@` in a postgresql:// URL).
    public var name: String
    /// The highest optout role it holds directly.
    public var role: TeamRole
    /// Whether it can log in (a person's login), or is a group of its own.
    public var canLogIn: Bool

    /// The most bytes of a role's name the server keeps (NAMEDATALEN - 1); it cuts longer ones.
    public static let longestName = 63
    /// The most bytes `--password-stdin` takes.
    public static let longestPassword = 1_000

    /// Names the server or optout keeps for itself, compared without regard to case.
    static let reservedNames: Set<String> = [
        "postgres", "public", "none", "current_user", "session_user", "current_role",
    ]

    /// Refuses `name` as a team member's login, saying why: empty, longer than the server keeps,
    /// with a control or invisible character or white space at an end (a name that looks like
    /// another), or one of the server's or optout's own.
    public static func validate(name: String) throws {
        func refuse(_ problem: TeamNameProblem) -> TeamError { .invalidName(name: name, problem: problem) }
        if name.isEmpty { throw refuse(.empty) }
        if name.utf8.count > longestName { throw refuse(.tooLong(bytes: name.utf8.count)) }
        let invisible: Set<Unicode.GeneralCategory> = [
            .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned,
        ]
        if name.unicodeScalars.contains(where: { invisible.contains($0.properties.generalCategory) }) {
            throw refuse(.invisibleCharacter)
        }
        if let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            throw refuse(.surroundingSpace)
        }
        let lowered = name.lowercased()
        if reservedNames.contains(lowered) || lowered.hasPrefix("pg_") || lowered.hasPrefix("optout_") {
            throw refuse(.reserved)
        }
    }

    /// The password `--password-stdin` read: one line of UTF-8 text, its one trailing newline
    /// (`\n` or `\r\n`) taken off; empty, several lines, a NUL byte or more than `longestPassword`
    /// bytes refused.
    public static func password(fromStandardInput data: Data) throws -> String {
        if data.count > longestPassword + 2 { throw TeamError.invalidPassword(problem: .tooLong(bytes: data.count)) }
        guard let text = String(data: data, encoding: .utf8), !text.unicodeScalars.contains("\0") else {
            throw TeamError.invalidPassword(problem: .notText)
        }
        // "\r\n" is one Character in Swift: the line's end is taken off scalar by scalar.
        var scalars = text.unicodeScalars
        if scalars.last == "\n" {
            scalars.removeLast()
            if scalars.last == "\r" { scalars.removeLast() }
        }
        let password = String(scalars)
        if password.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw TeamError.invalidPassword(problem: .severalLines)
        }
        if password.isEmpty { throw TeamError.invalidPassword(problem: .empty) }
        if password.utf8.count > longestPassword {
            throw TeamError.invalidPassword(problem: .tooLong(bytes: password.utf8.count))
        }
        return password
    }
}

/// What `team add` did.
public struct TeamAdded: Sendable, Equatable {
    public var name: String
    public var role: TeamRole
    /// The role it held before (`nil`: it was not on the team).
    public var previous: TeamRole?
    /// Whether the login was created (else it was already a login of the server).
    public var created: Bool
    /// Whether a password was set.
    public var passwordSet: Bool

    public init(name: String, role: TeamRole, previous: TeamRole?, created: Bool, passwordSet: Bool) {
        self.name = name
        self.role = role
        self.previous = previous
        self.created = created
        self.passwordSet = passwordSet
    }
}

/// What `team remove` did.
public struct TeamRemoved: Sendable, Equatable {
    public var name: String
    public var role: TeamRole

    public init(name: String, role: TeamRole) {
        self.name = name
        self.role = role
    }
}

extension Tracker {
    /// Adds `name` to the team with `role`: creates the login (with `password`, when given) if the
    /// server has none of that name, else gives the existing login `role` instead of the one it
    /// had. One transaction, with a `command` row in the history (no case changes, so no event).
    /// Identifiers and the password's verifier reach the server quoted by the server itself.
    public func addTeamMember(_ name: String, role: TeamRole, password: String?) throws -> TeamAdded {
        let server = try teamServer()
        try TeamMember.validate(name: name)
        try checkMayManageTeam(server)
        return try teamTransaction {
            let existing = try server.execute(
                "SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = $1", [name.databaseValue])
            let exists = existing.rowCount > 0
            let held = try Tracker.teamRoles(of: name, on: server)
            if exists && existing.text(row: 0, column: 0) != "t" { throw TeamError.notALogin(name: name) }
            if exists && held.isEmpty && password != nil && name != actor { throw TeamError.foreignLogin(name: name) }
            if !exists {
                let alike = try server.execute(
                    "SELECT rolname FROM pg_catalog.pg_roles WHERE lower(rolname) = lower($1) ORDER BY rolname LIMIT 1",
                    [name.databaseValue])
                if let existing = alike.text(row: 0, column: 0) {
                    throw TeamError.lookalike(name: name, existing: existing)
                }
            }
            let verifier = try password.map { try server.passwordVerifier($0, user: name) }
            if !exists {
                if let verifier {
                    try Tracker.runFormatted("CREATE ROLE %I LOGIN PASSWORD %L", [name, verifier], on: server)
                } else {
                    try Tracker.runFormatted("CREATE ROLE %I LOGIN", [name], on: server)
                }
            } else if let verifier {
                try Tracker.runFormatted("ALTER ROLE %I PASSWORD %L", [name, verifier], on: server)
            }
            for other in held where other != role {
                try Tracker.runFormatted("REVOKE %I FROM %I", [other.groupRole, name], on: server)
            }
            if !held.contains(role) {
                try Tracker.runFormatted("GRANT %I TO %I", [role.groupRole, name], on: server)
            }
            return TeamAdded(
                name: name, role: role, previous: held.max(), created: !exists, passwordSet: password != nil)
        }
    }

    /// Removes `name` from the team: revokes its optout roles and drops the login. Refused for the
    /// logged-in user, the database's owner, a role that owns objects anywhere on the server, and
    /// a role that is not on the team (`team remove` drops no other role of the server).
    public func removeTeamMember(_ name: String) throws -> TeamRemoved {
        let server = try teamServer()
        try TeamMember.validate(name: name)
        if name == actor { throw TeamError.removingSelf(name: name) }
        try checkMayManageTeam(server)
        return try teamTransaction {
            let held = try Tracker.teamRoles(of: name, on: server)
            guard let role = held.max() else { throw TeamError.notOnTeam(name: name) }
            let owner = try server.execute(
                """
                SELECT (SELECT datdba FROM pg_catalog.pg_database WHERE datname = current_database()) = r.oid,
                       (SELECT count(*) FROM pg_catalog.pg_shdepend d
                        WHERE d.refclassid = 'pg_catalog.pg_authid'::regclass AND d.refobjid = r.oid AND d.deptype = 'o')
                FROM pg_catalog.pg_roles r WHERE r.rolname = $1
                """, [name.databaseValue])
            if owner.text(row: 0, column: 0) == "t" { throw TeamError.removingOwner(name: name) }
            let owned = owner.text(row: 0, column: 1).flatMap(Int.init) ?? 0
            if owned > 0 { throw TeamError.ownsObjects(name: name, count: owned) }
            for group in held {
                try Tracker.runFormatted("REVOKE %I FROM %I", [group.groupRole, name], on: server)
            }
            do {
                try Tracker.runFormatted("DROP ROLE %I", [name], on: server)
            } catch PostgresError.server(let failure) where failure.code == "2BP01" {
                throw TeamError.stillReferenced(name: name, detail: failure.detail ?? failure.message)
            }
            return TeamRemoved(name: name, role: role)
        }
    }

    /// Every role that is a member of an optout group role, by name (in byte order), with the
    /// highest optout role it holds directly and whether it can log in.
    public func teamMembers() throws -> [TeamMember] {
        let server = try teamServer()
        let groups = TeamRole.allCases.map(\.groupRole)
        let result = try server.execute(
            """
            SELECT m.rolname, g.rolname, m.rolcanlogin
            FROM pg_catalog.pg_auth_members a
            JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
            JOIN pg_catalog.pg_roles m ON m.oid = a.member
            WHERE g.rolname IN ($1, $2, $3, $4) AND m.rolname NOT IN ($1, $2, $3, $4)
            ORDER BY m.rolname COLLATE "C"
            """, groups.map(\.databaseValue))
        var members: [TeamMember] = []
        for row in 0..<result.rowCount {
            guard let name = result.text(row: row, column: 0),
                let role = result.text(row: row, column: 1).flatMap({ TeamRole(rawValue: String($0.dropFirst(7))) })
            else { continue }
            let canLogIn = result.text(row: row, column: 2) == "t"
            if let last = members.last, last.name == name {
                members[members.count - 1].role = max(last.role, role)
            } else {
                members.append(TeamMember(name: name, role: role, canLogIn: canLogIn))
            }
        }
        return members
    }

    // MARK: - Helpers

    private func teamServer() throws -> PostgresConnection {
        guard let server else { throw TeamError.needsServer(location: writer.path) }
        return server
    }

    /// Refuses, before anything is written, a user who may not manage the team: a superuser may;
    /// otherwise the database's owner or a member of optout_admin, with CREATEROLE.
    private func checkMayManageTeam(_ server: PostgresConnection) throws {
        let facts = try server.execute(
            """
            SELECT r.rolsuper, r.rolcreaterole,
                   pg_catalog.pg_has_role(session_user,
                       (SELECT datdba FROM pg_catalog.pg_database WHERE datname = current_database()), 'MEMBER'),
                   pg_catalog.pg_has_role(session_user, 'optout_admin', 'MEMBER')
            FROM pg_catalog.pg_roles r WHERE r.rolname = session_user
            """)
        guard facts.rowCount == 1 else { throw TeamError.notPrivileged(user: actor, reason: .notOwnerOrAdmin) }
        let flag = { (column: Int) in facts.text(row: 0, column: column) == "t" }
        if flag(0) { return }
        if !flag(2) && !flag(3) { throw TeamError.notPrivileged(user: actor, reason: .notOwnerOrAdmin) }
        if !flag(1) { throw TeamError.notPrivileged(user: actor, reason: .noCreateRole) }
    }

    /// Runs `body` in the command's one transaction (with its `command` row); a privilege the
    /// server refuses on the way is the team's error.
    private func teamTransaction<T>(_ body: () throws -> T) throws -> T {
        do {
            return try transaction { _ in try body() }
        } catch PostgresError.server(let failure) where failure.code == ServerFailure.insufficientPrivilege {
            throw TeamError.notPrivileged(user: actor, reason: .refused(message: failure.message))
        }
    }

    /// The optout roles `name` holds directly, lowest first.
    private static func teamRoles(of name: String, on server: PostgresConnection) throws -> [TeamRole] {
        let result = try server.execute(
            """
            SELECT g.rolname
            FROM pg_catalog.pg_auth_members a
            JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
            JOIN pg_catalog.pg_roles m ON m.oid = a.member
            WHERE m.rolname = $1
            """, [name.databaseValue])
        let names = Set((0..<result.rowCount).compactMap { result.text(row: $0, column: 0) })
        return TeamRole.allCases.filter { names.contains($0.groupRole) }
    }

    /// Runs the statement `format(template, values…)` gives: the server quotes each value itself
    /// (`%I` as an identifier, `%L` as a literal), since statements such as CREATE ROLE take no
    /// bound parameters. `template` is always a constant of this file, never user text.
    private static func runFormatted(_ template: StaticString, _ values: [String], on server: PostgresConnection)
        throws
    {
        let placeholders = values.indices.map { "$\($0 + 2)::text" }.joined(separator: ", ")
        let built = try server.execute(
            "SELECT format($1::text, \(placeholders))",
            [template.description.databaseValue] + values.map(\.databaseValue))
        guard let statement = built.text(row: 0, column: 0) else { throw InternalError.transactionIncomplete }
        try server.execute(statement)
    }
}
