import Mustache

/// A value a letter is rendered with: text, a flag, an object of named values, or a list.
/// `any` is the same value as swift-mustache is given it.
enum FlatValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)
    case object([String: FlatValue])
    case list([FlatValue])

    /// The value as swift-mustache reads it: `String`, `Bool`, `[String: Any]` or `[Any]`.
    var any: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .object(let values): values.mapValues(\.any) as [String: Any]
        case .list(let items): items.map(\.any) as [Any]
        }
    }
}

/// A letter template parsed once (by swift-mustache, whose tokens it takes as they are, so every
/// rule of whitespace and standalone tags is swift-mustache's) into parts rendered straight into
/// a byte buffer: literal bytes, variables, and sections over `FlatValue`s.
///
/// Only what it renders exactly as swift-mustache does is taken: `TEXT` content (nothing escaped),
/// text, variables (`{{x}}`, `{{{x}}}`, `{{&x}}`), sections and inverted sections, names of
/// letters, digits and `-` joined by dots. A template with anything else (partials, transforms,
/// `{{.}}`, inheritance, HTML content) has no flat form (`init` gives nil) and is rendered by
/// swift-mustache; so is a letter where a variable names an object or a list (`render` gives false).
struct FlatTemplate: Sendable {
    indirect enum Part: Sendable {
        case bytes([UInt8])
        case variable([String])
        case section([String], inverted: Bool, parts: [Part])
    }

    let parts: [Part]

    /// The flat form of `template`, parsed from text that starts with `{{% CONTENT_TYPE: TEXT}}`;
    /// nil when it uses anything this renderer does not render exactly as swift-mustache.
    init?(_ template: MustacheTemplate) {
        guard let tokens = Self.tokens(of: template), let first = tokens.first,
            Self.isTextContentType(first), let parts = Self.parts(tokens.dropFirst())
        else { return nil }
        self.parts = parts
    }

    /// The tokens swift-mustache parsed `template` into (its stored `tokens`).
    private static func tokens(of template: MustacheTemplate) -> [Any]? {
        let stored = Mirror(reflecting: template).children.filter { $0.label == "tokens" }
        guard stored.count == 1, let tokens = stored.first?.value as? [Any] else { return nil }
        return tokens
    }

    /// A token's case name and payload.
    private static func token(_ token: Any) -> (name: String, payload: Any)? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, mirror.children.count == 1, let only = mirror.children.first,
            let name = only.label
        else { return nil }
        return (name, only.value)
    }

    /// The labelled fields of a case's payload.
    private static func fields(_ payload: Any) -> [String: Any]? {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: payload).children {
            guard let label = child.label else { return nil }
            fields[label] = child.value
        }
        return fields
    }

    private static func isTextContentType(_ token: Any) -> Bool {
        guard let (name, payload) = Self.token(token), name == "contentType" else { return false }
        return String(describing: type(of: payload)) == "TextContentType"
    }

    /// A variable's name split at its dots: each segment letters, digits or `-`, starting with
    /// a letter or digit; nil for any other name (`.`, `.x`, `a..b`, `x?`, `_x`, ...).
    private static func path(_ name: String) -> [String]? {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !segments.isEmpty else { return nil }
        for segment in segments {
            guard let first = segment.utf8.first, Self.isAlphanumeric(first),
                segment.utf8.allSatisfy({ Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return nil }
        }
        return segments.map(String.init)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func parts(_ tokens: ArraySlice<Any>) -> [Part]? {
        var parts: [Part] = []
        for token in tokens {
            guard let (kind, payload) = Self.token(token) else { return nil }
            switch kind {
            case "text":
                guard let text = payload as? String else { return nil }
                if case .bytes(let before)? = parts.last {
                    parts[parts.count - 1] = .bytes(before + Array(text.utf8))
                } else {
                    parts.append(.bytes(Array(text.utf8)))
                }
            case "variable", "unescapedVariable":
                // In TEXT content an escaped variable is printed as it is, like an unescaped one.
                guard let fields = Self.fields(payload), fields.count == 2, let name = fields["name"] as? String,
                    let transforms = fields["transforms"] as? [String], transforms.isEmpty,
                    let path = Self.path(name)
                else { return nil }
                parts.append(.variable(path))
            case "section", "invertedSection":
                guard let fields = Self.fields(payload), fields.count == 3, let name = fields["name"] as? String,
                    let transforms = fields["transforms"] as? [String], transforms.isEmpty,
                    let path = Self.path(name), let inner = fields["template"] as? MustacheTemplate,
                    let innerTokens = Self.tokens(of: inner), let innerParts = Self.parts(innerTokens[...])
                else { return nil }
                parts.append(.section(path, inverted: kind == "invertedSection", parts: innerParts))
            case "contentType":
                // TEXT again changes nothing; any other content type escapes what follows.
                guard Self.isTextContentType(token) else { return nil }
            default:
                return nil
            }
        }
        return parts
    }

    /// Appends the letter for `root` to `buffer`; false when a variable names an object or a
    /// list (swift-mustache prints their description), and then `buffer` is to be thrown away.
    func render(_ root: [String: FlatValue], into buffer: inout [UInt8]) -> Bool {
        var stack: [FlatValue] = [.object(root)]
        return Self.render(parts, stack: &stack, into: &buffer)
    }

    private static func render(_ parts: [Part], stack: inout [FlatValue], into buffer: inout [UInt8]) -> Bool {
        for part in parts {
            switch part {
            case .bytes(let bytes):
                buffer.append(contentsOf: bytes)
            case .variable(let path):
                switch lookUp(path, in: stack) {
                case nil: break
                case .text(let text)?: buffer.append(contentsOf: text.utf8)
                case .flag(let flag)?: buffer.append(contentsOf: (flag ? "true" : "false").utf8)
                case .object?, .list?: return false
                }
            case .section(let path, let inverted, let inner):
                let value = lookUp(path, in: stack)
                if inverted {
                    switch value {
                    case nil, .flag(false)?:
                        guard render(inner, stack: &stack, into: &buffer) else { return false }
                    case .list(let items)? where items.isEmpty:
                        // swift-mustache renders it over the empty list, which names nothing.
                        stack.append(.list([]))
                        defer { stack.removeLast() }
                        guard render(inner, stack: &stack, into: &buffer) else { return false }
                    default: break
                    }
                    continue
                }
                switch value {
                case nil, .flag(false)?: break
                case .flag(true)?:
                    guard render(inner, stack: &stack, into: &buffer) else { return false }
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        defer { stack.removeLast() }
                        guard render(inner, stack: &stack, into: &buffer) else { return false }
                    }
                case let value?:
                    stack.append(value)
                    defer { stack.removeLast() }
                    guard render(inner, stack: &stack, into: &buffer) else { return false }
                }
            }
        }
        return true
    }

    /// swift-mustache's lookup: the first name in the innermost object that has it, the rest
    /// inside that value only. Text, flags and lists have no named children.
    private static func lookUp(_ path: [String], in stack: [FlatValue]) -> FlatValue? {
        guard let first = path.first else { return nil }
        for frame in stack.reversed() {
            guard case .object(let values) = frame, var value = values[first] else { continue }
            for name in path.dropFirst() {
                guard case .object(let values) = value, let child = values[name] else { return nil }
                value = child
            }
            return value
        }
        return nil
    }
}
