import Foundation
import OptOutKit

/// Errors of the command line itself: files it writes, checks it reports, answers it waits for.
enum CommandError: OptOutError, Equatable {
    /// `demo` built its database but could not put it at `path`.
    case cannotPlaceDemo(path: String, reason: String)
    /// `templates --export` could not write into `folder`.
    case cannotExportTemplates(folder: String, reason: String)
    /// `check` found problems (listed on standard output before this line).
    case checkFailed(path: String)
    /// `undo` without --yes and no terminal to ask on.
    case undoNotConfirmed

    var description: String {
        switch self {
        case .cannotPlaceDemo(let path, let reason):
            "cannot create \(path): \(reason); name another file with --db"
        case .cannotExportTemplates(let folder, let reason):
            "cannot write the templates into \(folder): \(reason); check the folder is writable"
        case .checkFailed(let path):
            "\(path) failed its check (see above); restore it from a backup, or keep it as evidence"
        case .undoNotConfirmed:
            "nothing was reversed; run `optout undo --yes` to reverse it"
        }
    }
}
