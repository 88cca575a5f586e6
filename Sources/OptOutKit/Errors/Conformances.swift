import Foundation

// The error types declared beside the code that throws them, made `OptOutError` here so that
// the command line prints every one of them the same way.

extension StoredValueError: OptOutError {}
extension SealError: OptOutError {}
extension OutputFileError: OptOutError {}
extension InputLimitError: OptOutError {}
extension DateProblem: OptOutError {}
extension ParentCycleError: OptOutError {}
