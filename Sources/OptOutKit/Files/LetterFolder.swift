import Foundation

/// The folder `optout letter --all` writes into: new or empty, each file created with `O_EXCL`
/// (never over another file, never through a link), and, when anything fails, every file this
/// run created removed again (and the folder, when this run created it), so that a failure
/// leaves nothing behind.
final class LetterFolder {
    let path: String
    private let created: Bool
    /// The names this run wrote, for the clean-up after a failure.
    private var written: [String] = []
    private var finished = false

    /// Opens `path` for letters: creates it when it does not exist (its parent must), else it
    /// must be an empty folder this user can write to.
    init(path: String) throws {
        self.path = path
        var status = stat()
        if lstat(path, &status) == 0 {
            var isFolder: ObjCBool = false
            // A link to a folder is followed (a user's own shortcut); a link to anything else is not a folder.
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw LetterFolderError.notAFolder(path: path)
            }
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw LetterFolderError.unwritable(path: path, reason: "its entries cannot be listed")
            }
            guard entries.isEmpty else { throw LetterFolderError.notEmpty(path: path, entries: entries.count) }
            guard access(path, W_OK | X_OK) == 0 else {
                throw LetterFolderError.unwritable(path: path, reason: Self.reason(errno))
            }
            created = false
        } else {
            guard mkdir(path, 0o755) == 0 else {
                throw LetterFolderError.unwritable(path: path, reason: Self.reason(errno))
            }
            created = true
        }
    }

    deinit {
        if !finished { discard() }
    }

    /// Writes `bytes` as a new file named `name` (a `LetterFileName`) plus `.ext`; when a file of
    /// that name exists (two recipients whose names read the same once made safe, or a file
    /// system that ignores case), `name-2`, `name-3`, ... The name written.
    func write(_ bytes: [UInt8], name: String, ext: String) throws -> String {
        var attempt = 1
        while true {
            let file = attempt == 1 ? "\(name).\(ext)" : "\(name)-\(attempt).\(ext)"
            let full = (path as NSString).appendingPathComponent(file)
            let descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor < 0 {
                let failure = errno
                if failure == EEXIST && attempt < 10_000 {
                    attempt += 1
                    continue
                }
                throw LetterFolderError.cannotWrite(path: full, reason: Self.reason(failure))
            }
            written.append(file)
            var failure: Int32 = 0
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let count = Foundation.write(descriptor, raw.baseAddress?.advanced(by: offset), raw.count - offset)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += count
                }
            }
            if close(descriptor) != 0 && failure == 0 { failure = errno }
            if failure != 0 { throw LetterFolderError.cannotWrite(path: full, reason: Self.reason(failure)) }
            return file
        }
    }

    /// Keeps what was written.
    func finish() { finished = true }

    /// Removes what this run wrote (and the folder, when it created it).
    func discard() {
        finished = true
        for file in written { unlink((path as NSString).appendingPathComponent(file)) }
        written = []
        if created { rmdir(path) }
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// A file name made safe from a recipient's name and a reference: Unicode kept (in NFC), while
/// `/`, `\`, control and format characters (bidirectional overrides among them), the characters
/// Windows refuses (`: * ? " < > |`) and white space become `-`; runs of `-` are one, `-`, `.`
/// and spaces are trimmed from both ends (so never `.`, `..`, a hidden file or an option), and
/// each part is cut to 100 bytes of UTF-8 on a character boundary. Parts are joined by `--`.
enum LetterFileName {
    static func of(_ parts: [String?]) -> String {
        let safe = parts.compactMap { $0 }.map(part).filter { !$0.isEmpty }
        return safe.isEmpty ? "letter" : safe.joined(separator: "--")
    }

    static let maximumPartBytes = 100

    static func part(_ text: String) -> String {
        var out = ""
        var lastWasDash = true
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let category = scalar.properties.generalCategory
            let unsafe =
                "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace
                || [.control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned]
                    .contains(category)
                || scalar == "-"
            if unsafe {
                if !lastWasDash { out.unicodeScalars.append("-") }
                lastWasDash = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasDash = false
            }
        }
        var trimmed = Substring(out)
        while let first = trimmed.first, first == "-" || first == "." { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last == "-" || last == "." { trimmed = trimmed.dropLast() }
        var cut = ""
        for character in trimmed {
            if cut.utf8.count + String(character).utf8.count > maximumPartBytes { break }
            cut.append(character)
        }
        while let last = cut.last, last == "-" || last == "." { cut.removeLast() }
        return cut
    }
}
