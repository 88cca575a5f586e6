import Foundation
import Testing

@testable import OptOutKit

/// The rules for a team member's login name and the password `--password-stdin` reads (SPEC 9).
@Suite struct TeamNameTests {
    func problem(_ name: String) -> TeamNameProblem? {
        do {
            try TeamMember.validate(name: name)
            return nil
        } catch TeamError.invalidName(_, let problem) {
            return problem
        } catch {
            return nil
        }
    }

    @Test func namesThatAreFine() {
        for name in [
            "alice", "Alice", "o'brien", "x\"; DROP TABLE event; --", "名前", "a.b@c", "postgres2", "pgx", "optout",
        ] {
            #expect(problem(name) == nil, "\(name)")
        }
        #expect(problem(String(repeating: "a", count: 63)) == nil)
    }

    @Test func namesThatAreRefused() {
        #expect(problem("") == .empty)
        #expect(problem(String(repeating: "a", count: 64)) == .tooLong(bytes: 64))
        #expect(problem(String(repeating: "€", count: 22)) == .tooLong(bytes: 66))
        // Invisible or controlling characters make one name look like another in a listing.
        for name in [
            "al\nice", "al\u{7}ice", "alice\u{202E}", "al\u{200B}ice", "\u{FEFF}alice", "al\u{2028}ice", "a\u{E000}",
        ] {
            #expect(problem(name) == .invisibleCharacter, "\(name.unicodeScalars.map(\.value))")
        }
        for name in [" alice", "alice\t", "alice\u{00A0}", "\u{3000}alice"] {
            #expect(problem(name) == .surroundingSpace || problem(name) == .invisibleCharacter, "\(name)")
        }
        for name in [
            "postgres", "POSTGRES", "public", "none", "session_user", "current_role", "pg_signal_backend", "PG_x",
            "optout_viewer", "optout_anything",
        ] {
            #expect(problem(name) == .reserved, "\(name)")
        }
    }

    func password(_ text: String) -> Result<String, TeamError> {
        do { return .success(try TeamMember.password(fromStandardInput: Data(text.utf8))) } catch let error as TeamError
        {
            return .failure(error)
        } catch { return .failure(.invalidPassword(problem: .notText)) }
    }

    @Test func passwordsAreTheLineWithoutItsEnd() {
        #expect(password("secret\n") == .success("secret"))
        #expect(password("secret") == .success("secret"))
        #expect(password("secret\r\n") == .success("secret"))
        #expect(password(" spaced out \n") == .success(" spaced out "))
        #expect(password("ünïcødé 🔑\n") == .success("ünïcødé 🔑"))
        #expect(password("it's \"%L\" \\\n") == .success("it's \"%L\" \\"))
        #expect(
            password(String(repeating: "p", count: TeamMember.longestPassword) + "\n").map(\.count) == .success(1_000))
    }

    @Test func passwordsThatAreRefused() {
        #expect(password("") == .failure(.invalidPassword(problem: .empty)))
        #expect(password("\n") == .failure(.invalidPassword(problem: .empty)))
        #expect(password("a\nb") == .failure(.invalidPassword(problem: .severalLines)))
        #expect(password("a\n\n") == .failure(.invalidPassword(problem: .severalLines)))
        #expect(password("a\rb") == .failure(.invalidPassword(problem: .severalLines)))
        #expect(password("a\0b") == .failure(.invalidPassword(problem: .notText)))
        #expect(
            password(String(repeating: "p", count: TeamMember.longestPassword + 1))
                == .failure(.invalidPassword(problem: .tooLong(bytes: TeamMember.longestPassword + 1))))
        #expect(
            password(String(repeating: "p", count: 10_000))
                == .failure(.invalidPassword(problem: .tooLong(bytes: 10_000))))
        #expect(
            (try? TeamMember.password(fromStandardInput: Data([0x61, 0xff, 0x0a]))) == nil)
    }

    @Test func rolesAreOrderedAsTheyGrow() {
        #expect(TeamRole.allCases.sorted() == [.viewer, .clerk, .counsel, .admin])
        #expect(
            TeamRole.allCases.map(\.groupRole) == ["optout_viewer", "optout_clerk", "optout_counsel", "optout_admin"])
        #expect([TeamRole.clerk, .admin, .viewer].max() == .admin)
    }
}

/// A password written into a postgresql:// URL on the command line never reaches the history.
@Suite struct ServerPasswordMaskingTests {
    @Test func passwordsInURLsAreMasked() {
        let cases: [(String, String)] = [
            ("postgresql://alice:secret@db.example:5432/team", "postgresql://alice:***@db.example:5432/team"),
            ("--db=postgres://alice:secret@db/team", "--db=postgres://alice:***@db/team"),
            ("POSTGRESQL://alice:s3cr@t/x@db/team?sslmode=require", "POSTGRESQL://alice:***@db/team?sslmode=require"),
            ("postgresql://alice:se cret@db/team", "postgresql://alice:***@db/team"),
            (
                "postgresql://alice@db/team?sslmode=require&password=secret",
                "postgresql://alice@db/team?sslmode=require&password=***"
            ),
            ("postgresql://alice@db/team?PASSWORD=secret", "postgresql://alice@db/team?password=***"),
            ("postgresql://alice:@db/team", "postgresql://alice:***@db/team"),
            ("postgresql:///team?host=/run/pg", "postgresql:///team?host=/run/pg"),
            ("postgresql://alice@db/team", "postgresql://alice@db/team"),
            ("Acme AI", "Acme AI"),
            ("notes about postgresql", "notes about postgresql"),
        ]
        for (argument, masked) in cases {
            #expect(ServerPasswords.masked(argument) == masked, "\(argument)")
            #expect(!ServerPasswords.masked(argument).contains("secret"))
        }
    }
}
