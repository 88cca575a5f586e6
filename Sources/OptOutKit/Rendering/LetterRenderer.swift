import Crypto
import Foundation
import Mustache

/// A rendered letter and the SHA-256 of exactly its text.
public struct Letter: Sendable, Equatable {
    public var template: String
    public var text: String
    public var sha256: String

    public init(template: String, text: String) {
        self.template = template
        self.text = text
        sha256 = Letter.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// The letter whose text is `bytes` (UTF-8).
    init(template: String, bytes: [UInt8]) {
        self.template = template
        text = String(decoding: bytes, as: UTF8.self)
        sha256 = Letter.hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

/// Renders letters and reports from Mustache templates: the ones of `Templates/`, built into the
/// binary, or a user's own copies in a folder (`--templates DIR`).
///
/// A template is named by its path under the folder without `.mustache`: `letters/ai-developer`,
/// `letters/reminder`, `report.md`, `report.html`. Values are passed to Mustache as data and
/// never parsed as templates, so a recipient named `{{#x}}{{/x}} Labs` prints as it is.
///
/// A template is read only when a command renders it (with the partials it names), and checked
/// before it is parsed: at most `TemplateScan.maximumBytes`, sections nested at most
/// `TemplateScan.maximumDepth` deep, not empty, and every partial it names there.
public struct LetterRenderer: Sendable {
    /// A template's text and where it came from, for error messages.
    struct Source: Sendable {
        var text: Result<String, TemplateError>
        var origin: String
    }

    /// The user's folder, if any.
    public let directory: String?
    /// Whether a built-in template stands in for one the folder lacks.
    let fallBackToBuiltIn: Bool
    /// Each template prepared once, per content type (`TEXT` or `HTML`), or why it cannot be.
    private let cache = TemplateCache()

    /// The built-in templates.
    public init() {
        directory = nil
        fallBackToBuiltIn = true
    }

    /// The templates of `directory`; with `fallBackToBuiltIn`, a built-in template stands in for
    /// one the folder lacks, else using it is an error that says how to get a copy. Nothing is
    /// read until a template is used.
    public init(directory: String, fallBackToBuiltIn: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError.folderMissing(directory: directory)
        }
        self.directory = directory
        self.fallBackToBuiltIn = fallBackToBuiltIn
    }

    /// The templates of `Templates/`, as built into the binary.
    static var builtIn: [String: Source] {
        var sources: [String: Source] = [:]
        for (path, text) in EmbeddedResources.files where path.hasPrefix("Templates/") && path.hasSuffix(".mustache") {
            sources[String(path.dropFirst("Templates/".count).dropLast(".mustache".count))] =
                Source(text: .success(text), origin: "the built-in template \(path)")
        }
        return sources
    }

    /// The built-in templates, by file path under a templates folder (`letters/reminder.mustache`),
    /// for a user to copy and edit.
    public static var builtInFiles: [(path: String, text: String)] {
        builtIn.compactMap { name, source in
            (try? source.text.get()).map { ("\(name).mustache", $0) }
        }.sorted { $0.path < $1.path }
    }

    /// Whether `name` can name a template: path segments of letters, digits, `.`, `-` and `_`,
    /// none starting with a dot (so no name reaches outside the templates folder).
    static func isTemplateName(_ name: String) -> Bool {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        return !name.isEmpty && name.utf8.count <= 200
            && segments.allSatisfy { segment in
                !segment.isEmpty && !segment.hasPrefix(".")
                    && segment.unicodeScalars.allSatisfy {
                        $0.isASCII
                            && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                                || "-_.".unicodeScalars.contains($0))
                    }
            }
    }

    /// The template `name`: the folder's file, else (with fallback, or with no folder) the
    /// built-in one; `nil` when there is none.
    func source(_ name: String) -> Source? {
        guard Self.isTemplateName(name) else { return nil }
        if let directory {
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name).mustache").path
            if let text = TemplateScan.read(path: path) { return Source(text: text, origin: path) }
            if !fallBackToBuiltIn { return nil }
        }
        return Self.builtIn[name]
    }

    /// The letter template a campaign for `category` uses unless told otherwise.
    public static func defaultTemplate(for category: Category) -> String {
        category == .streamingService ? "streaming-service" : "ai-developer"
    }

    /// The template reminders are rendered from.
    public static let reminderTemplate = "reminder"

    public var letterTemplateNames: [String] {
        var names = Set<String>()
        if directory == nil || fallBackToBuiltIn {
            for name in Self.builtIn.keys where name.hasPrefix("letters/") {
                names.insert(String(name.dropFirst("letters/".count)))
            }
        }
        if let directory {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent("letters").path
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where file.hasSuffix(".mustache") {
                names.insert(String(file.dropLast(".mustache".count)))
            }
        }
        // `NAME.html` is the HTML page of letter template NAME, not a letter template of its own.
        return names.filter { !$0.hasSuffix(".html") }.sorted()
    }

    /// Throws unless letters can be rendered from template `name`.
    public func checkLetterTemplate(_ name: String) throws {
        guard name.hasSuffix(".html") || source("letters/\(name)") == nil else { return }
        if let directory, Self.isTemplateName(name), Self.builtIn["letters/\(name)"] != nil {
            throw missing("letters/\(name)", from: directory)
        }
        throw TemplateError.unknownLetterTemplate(name: name, known: letterTemplateNames)
    }

    private func missing(_ name: String, from directory: String) -> TemplateError {
        .notInFolder(name: name, directory: directory)
    }

    /// The notice of `campaign` for `recipient`, dated `date`, with its deadline.
    public func letter(
        for recipient: Recipient, in campaign: Campaign, date: Day, deadline: Day,
        reference: String?
    ) throws -> Letter {
        let values = letterValues(recipient, campaign, date: date, deadline: deadline, reference: reference)
        var buffer: [UInt8] = []
        try renderLetter("letters/\(campaign.template)", values, into: &buffer)
        return try Self.checked(Letter(template: campaign.template, bytes: buffer))
    }

    /// The notices of `campaign` for `recipients`, in their order, rendered and hashed on every
    /// core: each the digest of the letter `letter(for:…)` gives, or the error it throws.
    func letterDigests(
        for recipients: [Recipient], in campaign: Campaign, date: Day, deadline: Day,
        reference: String?
    ) -> [Result<String, any Error>] {
        let name = "letters/\(campaign.template)"
        // Prepared once here, not once a letter.
        let prepared = Result { try flatPrepared(name) }
        @Sendable func digest(_ recipient: Recipient, _ buffer: inout [UInt8]) -> Result<String, any Error> {
            Result {
                buffer.removeAll(keepingCapacity: true)
                let values = letterValues(recipient, campaign, date: date, deadline: deadline, reference: reference)
                try renderLetter(name, values, prepared: try prepared.get(), into: &buffer)
                try Self.checkNotEmpty(buffer, template: campaign.template)
                return Letter.hex(SHA256.hash(data: buffer))
            }
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, recipients.count / 64))
        guard workers > 1 else {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 13)
            return recipients.map { digest($0, &buffer) }
        }
        let results = UnsafeMutableBufferPointer<Result<String, any Error>>.allocate(capacity: recipients.count)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 13)
            // Interleaved, so that each worker gets as many letters.
            for index in stride(from: worker, to: recipients.count, by: workers) {
                slots.initializeElement(at: index, to: digest(recipients[index], &buffer))
            }
        }
        let out = Array(results)
        _ = results.deinitialize()
        return out
    }

    /// A reminder of the case's deadline, dated `date`: `missing` are the disclosures that leave
    /// out requested items, `lastReplyOn` is its last reply, `noticeOn` its notice.
    public func reminder(
        for recipient: Recipient, in campaign: Campaign, date: Day, deadline: Day, reference: String?,
        noticeOn: Day?, lastReplyOn: Day?, missing: [Disclosure]
    ) throws -> Letter {
        func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
        var values = letterValues(recipient, campaign, date: date, deadline: deadline, reference: reference)
        let late = date.days(since: deadline)
        values["noticeOn"] = noticeOn.map { .text($0.description) }
        values["lastReplyOn"] = lastReplyOn.map { .text($0.description) }
        values["passed"] = .flag(late > 0)
        values["daysPast"] = .text(days(late))
        values["daysLeft"] = .text(days(-late))
        values["dueToday"] = .flag(late == 0)
        values["requestsDisclosures"] = .flag(campaign.requests == .all)
        values["missing"] = .list(
            missing.map { disclosure in
                .object([
                    "work": .text(disclosure.workLabel),
                    "items": .text(disclosure.missingItems.map(\.request).joined(separator: "; ")),
                ])
            })
        values["hasMissing"] = .flag(!missing.isEmpty)
        var buffer: [UInt8] = []
        try renderLetter("letters/\(Self.reminderTemplate)", values, into: &buffer)
        return try Self.checked(Letter(template: Self.reminderTemplate, bytes: buffer))
    }

    /// A letter with no text is never logged as sent.
    private static func checked(_ letter: Letter) throws -> Letter {
        if letter.text.allSatisfy(\.isWhitespace) { throw TemplateError.emptyLetter(template: letter.template) }
        return letter
    }

    /// `checked` on a letter's bytes: an all-ASCII letter is read byte by byte, any other as text.
    private static func checkNotEmpty(_ bytes: [UInt8], template: String) throws {
        var ascii = true
        for byte in bytes {
            if byte >= 0x80 {
                ascii = false
                break
            }
            // Not one of \t \n \v \f \r and space, Unicode's ASCII white space.
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return }
        }
        if ascii || String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace) {
            throw TemplateError.emptyLetter(template: template)
        }
    }

    func letterValues(
        _ recipient: Recipient, _ campaign: Campaign, date: Day, deadline: Day,
        reference: String?
    ) -> [String: FlatValue] {
        // A value that is absent is left out, so `{{#contact}}` skips it (an Optional would print "nil").
        var recipientValues: [String: FlatValue] = ["name": .text(recipient.name)]
        recipientValues["contact"] = recipient.contact.map(FlatValue.text)
        recipientValues["email"] = recipient.email.map(FlatValue.text)
        recipientValues["country"] = recipient.country.map(FlatValue.text)
        var values: [String: FlatValue] = [
            "issuer": .text(campaign.issuer),
            "campaign": .text(campaign.name),
            "date": .text(date.description),
            "deadline": .text(deadline.description),
            "recipient": .object(recipientValues),
        ]
        values["reference"] = reference.map(FlatValue.text)
        return values
    }

    /// A letter template prepared for rendering: swift-mustache's, and its flat form when it has one.
    struct FlatPrepared: Sendable {
        var template: MustacheTemplate
        var library: MustacheLibrary
        var flat: FlatTemplate?
    }

    /// Letter template `name` (TEXT), prepared once.
    func flatPrepared(_ name: String) throws -> FlatPrepared {
        let (template, library) = try cache.prepared("TEXT:\(name)") { try prepare(name, contentType: "TEXT") }
        return FlatPrepared(
            template: template, library: library, flat: cache.flat("TEXT:\(name)") { FlatTemplate(template) })
    }

    /// Appends letter template `name` rendered with `values` to `buffer`: by its flat form when
    /// it has one, else (or when the flat form declines these values) by swift-mustache.
    func renderLetter(
        _ name: String, _ values: [String: FlatValue], prepared: FlatPrepared? = nil,
        into buffer: inout [UInt8]
    ) throws {
        let prepared = try prepared ?? flatPrepared(name)
        let start = buffer.count
        if let flat = prepared.flat, flat.render(values, into: &buffer) { return }
        buffer.removeSubrange(start...)
        buffer.append(
            contentsOf: prepared.template.render(values.mapValues(\.any) as [String: Any], library: prepared.library)
                .utf8)
    }

    /// Renders template `name` with `values`. `contentType` is `TEXT` (nothing escaped) or `HTML`.
    func render(_ name: String, _ values: Any, contentType: String) throws -> String {
        let (template, library) = try cache.prepared("\(contentType):\(name)") {
            try prepare(name, contentType: contentType)
        }
        return template.render(values, library: library)
    }

    /// Reads, checks and parses template `name` and every partial it names (recursively).
    private func prepare(_ name: String, contentType: String) throws -> (MustacheTemplate, MustacheLibrary) {
        guard let main = source(name) else {
            if let directory, Self.builtIn[name] != nil { throw missing(name, from: directory) }
            throw TemplateError.unknownTemplate(name: name, builtIn: Self.builtIn.keys.sorted())
        }
        var library = MustacheLibrary()
        var including: [String] = [name]
        func load(_ source: Source, depthAbove: Int, isPartial: Bool) throws -> MustacheTemplate {
            let text = try source.text.get()
            let scan = try TemplateScan(text, origin: source.origin, depthAbove: depthAbove)
            if !isPartial && text.allSatisfy(\.isWhitespace) { throw TemplateError.empty(origin: source.origin) }
            for partial in scan.partials where library.getTemplate(named: partial.name) == nil {
                if including.contains(partial.name) {
                    throw TemplateError.recursivePartial(
                        origin: source.origin, line: partial.line, chain: including + [partial.name])
                }
                guard let found = self.source(partial.name) else {
                    throw TemplateError.missingPartial(
                        origin: source.origin, line: partial.line, partial: partial.name,
                        folder: directory)
                }
                including.append(partial.name)
                library.register(
                    try load(found, depthAbove: depthAbove + scan.depth, isPartial: true), named: partial.name)
                including.removeLast()
            }
            return try Self.parse(text, contentType: contentType, origin: source.origin).get()
        }
        let template = try load(main, depthAbove: 0, isPartial: false)
        return (template, library)
    }

    private static func parse(_ text: String, contentType: String, origin: String) -> Result<
        MustacheTemplate, TemplateError
    > {
        do {
            // The content-type tag shares the first line, so line numbers stay the file's.
            return .success(try MustacheTemplate(string: "{{% CONTENT_TYPE: \(contentType)}}" + text))
        } catch let error as MustacheTemplate.ParserError {
            let what: TemplateError.MustacheProblem
            switch error.error as? MustacheTemplate.Error {
            case .sectionCloseNameIncorrect: what = .sectionClosedWithOtherName
            case .unfinishedName: what = .unfinishedTag
            case .expectedSectionEnd:
                if let (line, tag) = unclosedSection(in: text) {
                    return .failure(.unclosedSection(origin: origin, line: line, tag: tag))
                }
                what = .sectionNeverClosed
            case .invalidSetDelimiter: what = .badSetDelimiter
            default: what = .parser("\(error.error)")
            }
            return .failure(.syntax(origin: origin, line: error.context.lineNumber, problem: what))
        } catch {
            return .failure(.unparsable(origin: origin, detail: "\(error)"))
        }
    }

    /// The line and tag of the first section (`{{#x}}` or `{{^x}}`) that is never closed, found
    /// by matching section tags (Mustache itself reports only the end of the file).
    private static func unclosedSection(in text: String) -> (line: Int, tag: String)? {
        var open: [(name: Substring, line: Int, tag: Substring)] = []
        var line = 1
        var rest = text[...]
        while let start = rest.range(of: "{{") {
            line += rest[..<start.lowerBound].count { $0 == "\n" }
            guard let end = rest[start.upperBound...].range(of: "}}") else { break }
            let tag = rest[start.lowerBound..<end.upperBound]
            let inside = rest[start.upperBound..<end.lowerBound].trimmingPrefix(while: \.isWhitespace)
            let name = inside.dropFirst().trimmingCharacters(in: .whitespaces)
            switch inside.first {
            case "#", "^": open.append((Substring(name), line, tag))
            case "/": if let index = open.lastIndex(where: { $0.name == name }) { open.removeSubrange(index...) }
            default: break
            }
            line += tag.count { $0 == "\n" }
            rest = rest[end.upperBound...]
        }
        return open.first.map { ($0.line, String($0.tag)) }
    }
}
