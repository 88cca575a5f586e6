import Foundation

/// Passwords written into a `postgresql://` URL on the command line, kept out of what optout
/// stores and prints. The history's `command` rows name the command as it was run, and that
/// history is append-only and sealed: a password that reached it could never be taken out.
public enum ServerPasswords {
    /// `argument` with the password of any `postgresql://` or `postgres://` URL in it (as
    /// `--db=URL` or on its own) replaced by `***`: the one after `user:` before `@`, and a
    /// `password=` parameter. Read by hand, not by URLComponents, so a URL it cannot parse
    /// (a space in the password) is masked too.
    public static func masked(_ argument: String) -> String {
        guard
            let scheme = ["postgresql://", "postgres://"].compactMap({
                argument.range(of: $0, options: .caseInsensitive)
            }).first
        else { return argument }
        let start = scheme.upperBound
        var result = String(argument[..<start])
        let rest = argument[start...]
        // The authority ends at the first '/', '?' or '#' after the last '@' (a password may hold '/').
        let authorityEnd: String.Index
        if let at = rest.lastIndex(of: "@") {
            authorityEnd = rest[at...].firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        } else {
            authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        }
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            result += authority[...colon] + "***" + authority[at...]
        } else {
            result += authority
        }
        let tail = rest[authorityEnd...]
        guard let question = tail.firstIndex(of: "?") else { return result + tail }
        result += tail[...question]
        let parameters = tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
        result += parameters.map { parameter in
            let name = parameter.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return name == "password" ? "password=***" : String(parameter)
        }.joined(separator: "&")
        return result
    }
}
