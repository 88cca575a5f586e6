import Foundation
import Mustache

/// What a template's text holds, found by a scan that follows Mustache's tags (and its
/// set-delimiter tags) before the text is parsed: the parser recurses once per nested section,
/// so a template nested thousands deep would overflow the stack.
struct TemplateScan {
    /// The deepest nesting of sections (`#`, `^`, `$`, `<`) a template may have, partials included.
    static let maximumDepth = 64
    /// The largest template: 1 MB.
    static let maximumBytes = 1 << 20

    /// The partials named (`{{> name}}`, `{{< name}}`), with their lines.
    var partials: [(name: String, line: Int)] = []
    /// The deepest nesting of sections.
    var depth = 0

    /// Scans `text`; throws when it is too large, or nested past `maximumDepth` counting the
    /// `depthAbove` it is included at.
    init(_ text: String, origin: String, depthAbove: Int = 0) throws {
        let bytes = Array(text.utf8)
        if bytes.count > Self.maximumBytes { throw TemplateError.tooLarge(origin: origin, bytes: bytes.count) }
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        var position = 0
        var line = 1
        var nesting = 0

        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard let first = needle.first, !needle.isEmpty else { return nil }
            var index = start
            while index + needle.count <= bytes.count {
                if bytes[index] == first && Array(bytes[index..<index + needle.count]) == needle { return index }
                index += 1
            }
            return nil
        }
        func lines(_ range: Range<Int>) -> Int { bytes[range].count { $0 == UInt8(ascii: "\n") } }
        func trimmed(_ slice: ArraySlice<UInt8>) -> String {
            String(decoding: slice, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        while let start = find(open, from: position) {
            line += lines(position..<start)
            let inner = start + open.count
            guard var end = find(close, from: inner) else { break }
            let content = bytes[inner..<end].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let tagLine = line
            switch content.first.map { Character(Unicode.Scalar($0)) } {
            case "#", "^", "$", "<":
                nesting += 1
                depth = max(depth, nesting)
                if nesting + depthAbove > Self.maximumDepth {
                    throw TemplateError.tooDeep(origin: origin, line: tagLine)
                }
                if content.first == UInt8(ascii: "<") { partials.append((trimmed(content.dropFirst()), tagLine)) }
            case "/":
                nesting = max(0, nesting - 1)
            case ">":
                let name = trimmed(content.dropFirst())
                if name.hasPrefix("*") { throw TemplateError.dynamicPartial(origin: origin, line: tagLine) }
                partials.append((name, tagLine))
            case "=":
                // {{=<% %>=}}: the delimiters from here on.
                var setting = trimmed(content.dropFirst())
                if setting.hasSuffix("=") { setting.removeLast() }
                let parts = setting.split(whereSeparator: \.isWhitespace)
                if parts.count == 2, let newOpen = parts.first, let newClose = parts.last {
                    open = Array(newOpen.utf8)
                    close = Array(newClose.utf8)
                }
            case "{":
                if end + close.count < bytes.count, bytes[end + close.count] == UInt8(ascii: "}") { end += 1 }
            default:
                break
            }
            line += lines(start..<end)
            position = end + close.count
        }
    }

    /// The text of the template file at `path`; `nil` when there is no such file. A file past
    /// `maximumBytes`, or one that is not a regular file (a FIFO would block), is an error.
    static func read(path: String) -> Result<String, TemplateError>? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        func failure(_ error: TemplateError) -> Result<String, TemplateError> { .failure(error) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return failure(.notAFile(path: path)) }
        if Int(info.st_size) > maximumBytes { return failure(.tooLarge(origin: path, bytes: Int(info.st_size))) }
        guard let handle = FileHandle(forReadingAtPath: path),
            let data = try? handle.read(upToCount: maximumBytes + 1) ?? Data()
        else { return failure(.unreadable(path: path)) }
        try? handle.close()
        if data.count > maximumBytes { return failure(.tooLarge(origin: path, bytes: data.count)) }
        guard let text = String(validating: data, as: UTF8.self) else { return failure(.notUTF8(path: path)) }
        return .success(text)
    }
}

/// Templates prepared once per renderer (a notice to 700 recipients parses its template once).
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var prepared: [String: Result<(MustacheTemplate, MustacheLibrary), any Error>] = [:]

    func prepared(_ key: String, _ make: () throws -> (MustacheTemplate, MustacheLibrary)) throws -> (
        MustacheTemplate, MustacheLibrary
    ) {
        lock.lock()
        defer { lock.unlock() }
        if let done = prepared[key] { return try done.get() }
        let result = Result { try make() }
        prepared[key] = result
        return try result.get()
    }

    private var flat: [String: FlatTemplate?] = [:]

    /// The flat form of a prepared letter template, made once (nil: it has none).
    func flat(_ key: String, _ make: () -> FlatTemplate?) -> FlatTemplate? {
        lock.lock()
        defer { lock.unlock() }
        if let done = flat[key] { return done }
        let made = make()
        flat[key] = .some(made)
        return made
    }
}
