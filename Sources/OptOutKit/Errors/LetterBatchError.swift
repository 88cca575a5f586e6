import Foundation

/// `optout letter --all --output-dir DIR` could not write its letters. Nothing was written: files
/// written before the failure were removed again, and a folder the command created too.
public enum LetterFolderError: OptOutError, Equatable, Sendable {
    /// `path` exists and is not a folder.
    case notAFolder(path: String)
    /// `path` already holds files (`entries` of them); letters are never written among others.
    case notEmpty(path: String, entries: Int)
    /// `path` cannot be written to (or created), and why.
    case unwritable(path: String, reason: String)
    /// Writing the letter file `path` failed, and why.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) is not a folder; give --output-dir a new or empty folder"
        case .notEmpty(let path, let entries):
            let what = entries == 1 ? "1 entry" : "\(entries) entries"
            return
                "the folder \(path) is not empty (\(what)); letters are never written among other files: give --output-dir a new or empty folder"
        case .unwritable(let path, let reason):
            return "cannot write letters into \(path): \(reason); check the folder's permissions or choose another"
        case .cannotWrite(let path, let reason):
            return
                "cannot write \(path): \(reason); nothing was kept (the letters written before were removed); free space or fix the folder and run the command again"
        }
    }
}

/// Letters in bulk that cannot be produced, or a letter page that cannot be checked.
public enum LetterBatchError: OptOutError, Equatable, Sendable {
    /// The campaign has no case with a letter to write.
    case nothingToWrite(campaign: String, reminder: Bool, date: Day?)
    /// `--format html` with a template set that has no HTML page for letter template `template`.
    case noHTMLTemplate(template: String, directory: String?)
    /// `path` looks like an HTML letter but its letter text cannot be read from it.
    case notALetterPage(path: String, problem: String)
    /// The digest an HTML letter shows is not the digest of the letter text it holds.
    case pageDigestMismatch(path: String, shown: String, actual: String)
    /// No letter logged in the database has the digest of `path`.
    case noLoggedLetterMatches(path: String, digest: String)

    public var description: String {
        switch self {
        case .nothingToWrite(let campaign, let reminder, let date):
            let what = reminder ? "reminder" : "notice"
            if let date {
                return
                    "campaign \(campaign) has no case with a \(what) on \(date) nor one that a \(what) on \(date) would go to; nothing was written (leave out --date to write the logged letters)"
            }
            return
                "no \(what) is logged in campaign \(campaign), so there is no letter to write; add --date DAY to write the letters a \(what) sent that day would carry"
        case .noHTMLTemplate(let template, let directory):
            let folder = directory.map { " in \($0)" } ?? ""
            return
                "there is no HTML letter template letters/\(template).html.mustache\(folder); add one (`optout templates --export DIR` writes the built-in ones) or use --format text"
        case .notALetterPage(let path, let problem):
            return
                "\(path) is not an HTML letter optout wrote: \(problem); verify the page as written, or its text letter"
        case .pageDigestMismatch(let path, let shown, let actual):
            return
                "\(path) shows SHA-256 \(shown), but the letter text it holds has \(actual); the page was changed after it was written"
        case .noLoggedLetterMatches(let path, let digest):
            return
                "\(path) is not a letter logged in this database: its SHA-256 is \(digest) and no notice or reminder has it; the file was changed, or name the recipient to see the letters logged for them"
        }
    }
}
