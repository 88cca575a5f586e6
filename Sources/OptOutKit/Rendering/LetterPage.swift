import Crypto
import Foundation

/// HTML letters: a page rendered from `letters/<template>.html.mustache` around the text letter.
///
/// Digest rule: the page carries the text letter exactly, HTML-escaped, as the content of its one
/// `<pre id="letter" data-sha256="...">` element; the digest `notice send` logs covers those text
/// bytes (the element's content with the five escapes `&amp; &lt; &gt; &quot; &#39;` undone), and
/// `data-sha256` shows it. The rest of the page (styles, headings) is presentation and not covered:
/// what the reader reads as the letter is the element's text.
public enum LetterPage {
    /// The opening tag of the letter element, up to its digest.
    static let openingPrefix = "<pre id=\"letter\" data-sha256=\""

    /// `text` escaped for HTML by Unicode scalar (so that a combining mark after `<` cannot hide it).
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `bytes` are an HTML page (after a byte order mark and white space, `<!doctype html`
    /// or `<html`, in any case) rather than a text letter.
    static func isPage(_ bytes: [UInt8]) -> Bool {
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        while let first = start.first, [0x20, 0x09, 0x0A, 0x0D].contains(first) { start = start.dropFirst() }
        let head = String(decoding: start.prefix(14), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// The text letter a page carries, and the digest it shows; or why there is none.
    static func letterText(ofPage bytes: [UInt8]) -> PageReading {
        let page = String(decoding: bytes, as: UTF8.self)
        let openings = page.ranges(of: openingPrefix)
        guard let opening = openings.first else { return .problem("it has no <pre id=\"letter\"> element") }
        guard openings.count == 1 else { return .problem("it has \(openings.count) letter elements, not one") }
        let afterPrefix = page[opening.upperBound...]
        guard let quote = afterPrefix.firstIndex(of: "\"") else { return .problem("its letter element is cut short") }
        let shown = String(afterPrefix[..<quote])
        guard afterPrefix[quote...].hasPrefix("\">") else {
            return .problem("its letter element has attributes after data-sha256")
        }
        let content = afterPrefix[afterPrefix.index(quote, offsetBy: 2)...]
        guard let closing = content.range(of: "</pre>") else { return .problem("its letter element is never closed") }
        guard let text = unescaped(content[..<closing.lowerBound]) else {
            return .problem("its letter element holds markup or an escape other than &amp; &lt; &gt; &quot; &#39;")
        }
        return .letter(text: Array(text.utf8), shown: shown)
    }

    /// The text of an element's content escaped as `escaped` (or swift-mustache) does; nil when
    /// it holds a tag or any other escape.
    static func unescaped(_ content: Substring) -> String? {
        var out = ""
        var rest = content
        while let amp = rest.firstIndex(where: { $0 == "&" || $0 == "<" || $0 == ">" }) {
            guard rest[amp] == "&" else { return nil }
            out += rest[..<amp]
            let after = rest[amp...]
            var matched = false
            for (entity, character) in [
                ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"),
                ("&#34;", "\""),
            ] where after.hasPrefix(entity) {
                out += character
                rest = after.dropFirst(entity.count)
                matched = true
                break
            }
            guard matched else { return nil }
        }
        out += rest
        return out
    }

    /// The SHA-256 of a letter file: of its bytes, or for an HTML page of the text letter it holds
    /// (once the digest it shows is checked against that text).
    static func digest(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileError.cannotOpen(path: path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        var head: [UInt8] = []
        var page: [UInt8]?
        do {
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                if page != nil {
                    page?.append(contentsOf: chunk)
                    guard (page?.count ?? 0) <= maximumPageBytes else {
                        throw LetterBatchError.notALetterPage(path: path, problem: "it is larger than 16 MB")
                    }
                    continue
                }
                if head.isEmpty {
                    head = Array(chunk.prefix(64))
                    if isPage(head) {
                        page = Array(chunk)
                        continue
                    }
                }
                hasher.update(data: chunk)
            }
        } catch let error as LetterBatchError {
            throw error
        } catch {
            throw FileError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard let page else { return Letter.hex(hasher.finalize()) }
        switch letterText(ofPage: page) {
        case .problem(let problem):
            throw LetterBatchError.notALetterPage(path: path, problem: problem)
        case .letter(let text, let shown):
            let actual = Letter.hex(SHA256.hash(data: text))
            guard shown == actual else {
                throw LetterBatchError.pageDigestMismatch(path: path, shown: shown, actual: actual)
            }
            return actual
        }
    }

    static let maximumPageBytes = 16 << 20

    /// The text letter a page carries and the digest it shows, or why it has none.
    enum PageReading {
        case letter(text: [UInt8], shown: String)
        case problem(String)
    }
}

extension LetterRenderer {
    /// The HTML page template of letter template `name`.
    static func pageTemplate(_ name: String) -> String { "letters/\(name).html" }

    /// Throws unless letters from template `name` can be rendered as HTML pages.
    public func checkPageTemplate(_ name: String) throws {
        guard source(Self.pageTemplate(name)) == nil else { return }
        throw LetterBatchError.noHTMLTemplate(template: name, directory: directory)
    }

    /// The HTML page of `letter`, rendered with the values of its text (`values`) and the text itself.
    func page(of letter: Letter, values: [String: FlatValue]) throws -> [UInt8] {
        var values = values
        values["letter"] = .text(letter.text)
        values["letterHTML"] = .text(LetterPage.escaped(letter.text))
        values["sha256"] = .text(letter.sha256)
        return Array(
            try render(
                Self.pageTemplate(letter.template), values.mapValues(\.any) as [String: Any], contentType: "HTML"
            )
            .utf8)
    }
}
