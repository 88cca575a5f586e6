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
        let digits = Array("0123456789abcdef".unicodeScalars)
        var hex = String.UnicodeScalarView()
        for byte in SHA256.hash(data: Data(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        sha256 = String(hex)
    }
}

/// Renders letters and reports from the Mustache templates of `Templates/`, built into the binary.
public struct LetterRenderer: Sendable {
    /// Template name (path under `Templates/` without `.mustache`) → source.
    let sources: [String: String]
    /// Each template parsed once, per content type (`TEXT` or `HTML`), or why it cannot be.
    private let parsed: [String: Result<MustacheTemplate, TrackerError>]

    public init() {
        var sources: [String: String] = [:]
        for (path, text) in EmbeddedResources.files where path.hasPrefix("Templates/") && path.hasSuffix(".mustache") {
            sources[String(path.dropFirst("Templates/".count).dropLast(".mustache".count))] = text
        }
        self.sources = sources
        var parsed: [String: Result<MustacheTemplate, TrackerError>] = [:]
        for (name, source) in sources {
            for contentType in ["TEXT", "HTML"] {
                parsed["\(contentType):\(name)"] = Result {
                    do {
                        return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(contentType)}}" + source)
                    } catch let error as MustacheTemplate.ParserError {
                        throw TrackerError.invalid("the template \(name).mustache has a Mustache syntax error on line \(error.context.lineNumber): \(error.error); fix the template")
                    } catch {
                        throw TrackerError.invalid("the template \(name).mustache cannot be read: \(error)")
                    }
                }.mapError { $0 as? TrackerError ?? .invalid("\($0)") }
            }
        }
        self.parsed = parsed
    }

    /// The letter template a campaign for `category` uses unless told otherwise.
    public static func defaultTemplate(for category: Category) -> String {
        category == .streamingService ? "streaming-service" : "ai-developer"
    }

    public var letterTemplateNames: [String] {
        sources.keys.filter { $0.hasPrefix("letters/") }.map { String($0.dropFirst("letters/".count)) }.sorted()
    }

    public func hasTemplate(_ name: String) -> Bool { sources["letters/\(name)"] != nil }

    /// The letter of `campaign` for `recipient`, dated `date`, with its deadline.
    public func letter(for recipient: Recipient, in campaign: Campaign, date: Day, deadline: Day) throws -> Letter {
        let values: [String: Any] = [
            "issuer": campaign.issuer,
            "campaign": campaign.name,
            "date": date.description,
            "deadline": deadline.description,
            "recipient": [
                "name": recipient.name,
                "contact": recipient.contact as Any,
                "email": recipient.email as Any,
                "country": recipient.country as Any,
            ] as [String: Any],
        ]
        return Letter(template: campaign.template, text: try render("letters/\(campaign.template)", values, contentType: "TEXT"))
    }

    /// Renders template `name` with `values`. `contentType` is `TEXT` (nothing escaped) or `HTML`.
    func render(_ name: String, _ values: Any, contentType: String) throws -> String {
        guard let template = parsed["\(contentType):\(name)"] else {
            throw TrackerError.invalid("there is no template \(quoted(name)); the built-in ones are \(sources.keys.sorted().joined(separator: ", "))")
        }
        return try template.get().render(values)
    }
}
