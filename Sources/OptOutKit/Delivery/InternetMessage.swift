import Crypto
import Foundation

/// An e-mail address as an Internet message can carry it: an ASCII `local@domain`, the local
/// part a dot-atom, the domain a host name. Anything else (CR or LF, a space, a comma, quotes,
/// non-ASCII, a domain literal) is refused: it could not be written into a header safely.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public let local: String
    public let domain: String

    public var description: String { "\(local)@\(domain)" }

    /// Why `text` cannot be carried, or the address.
    public static func parse(_ text: String) -> Result<MailAddress, AddressProblem> {
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 == 0x0D || $0 == 0x0A }) { return .failure(.lineBreak) }
        if bytes.contains(where: { $0 >= 0x80 }) { return .failure(.notASCII) }
        if bytes.contains(where: { $0 < 0x21 || $0 == 0x7F }) { return .failure(.spaceOrControl) }
        guard let at = text.lastIndex(of: "@") else { return .failure(.noAt) }
        let local = String(text[..<at])
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, local.utf8.count <= 64,
            local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ atom in
                !atom.isEmpty && atom.utf8.allSatisfy { atext.contains($0) }
            })
        else { return .failure(.badLocalPart) }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard domain.utf8.count <= 253, labels.count >= 1,
            labels.allSatisfy({ label in
                (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { hostByte.contains($0) }
            })
        else { return .failure(.badDomain) }
        return .success(MailAddress(local: local, domain: domain))
    }

    /// What is wrong with an address.
    public enum AddressProblem: String, Error, Sendable, Equatable {
        case lineBreak = "it contains a line break"
        case notASCII = "it is not ASCII (an internationalised address needs SMTPUTF8, which optout does not send)"
        case spaceOrControl = "it contains a space or a control character"
        case noAt = "it has no @"
        case badLocalPart = "the part before @ is not a plain dot-atom (letters, digits and !#$%&'*+-/=?^_`{|}~)"
        case badDomain = "the part after @ is not a host name (letters, digits, hyphens and dots)"
    }

    private static let atext: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8))
    private static let hostByte: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8))
}

/// A letter as an Internet message (RFC 5322, MIME per RFC 2045): headers encoded where they are
/// not ASCII (RFC 2047), the letter as a `text/plain; charset=utf-8` body in quoted-printable,
/// every line ending in CRLF and no longer than 78 characters. The same inputs give the same bytes.
///
/// The body decodes to exactly the letter's text: a line break of the letter is a CRLF of the
/// message, a carriage return of the letter is `=0D`, and a letter that does not end with a line
/// break ends with a soft line break (`=` CRLF), so the message still ends with CRLF.
public struct InternetMessage: Sendable, Equatable {
    public var bytes: [UInt8]
    public var messageId: String
    /// The header block, up to and with the blank line that ends it.
    public var headers: String

    public var sha256: String { Self.sha256(of: bytes) }

    /// The SHA-256 (hex) of a message's bytes.
    static func sha256(of bytes: [UInt8]) -> String { RecordsSeal.hex(SHA256.hash(data: bytes)) }

    /// The parts of a message.
    public struct Parts: Sendable {
        public var fromName: String?
        public var from: MailAddress
        public var toName: String?
        public var to: MailAddress
        public var subject: String
        public var date: Date
        public var zone: TimeZone
        /// Without angle brackets: `random@domain`.
        public var messageId: String
        public var body: String

        public init(
            fromName: String?, from: MailAddress, toName: String?, to: MailAddress, subject: String, date: Date,
            zone: TimeZone, messageId: String, body: String
        ) {
            self.fromName = fromName
            self.from = from
            self.toName = toName
            self.to = to
            self.subject = subject
            self.date = date
            self.zone = zone
            self.messageId = messageId
            self.body = body
        }
    }

    public init(_ parts: Parts) {
        var out: [UInt8] = []
        func header(_ line: String) {
            out.append(contentsOf: line.utf8)
            out.append(contentsOf: Self.crlf)
        }
        header("From: " + Self.mailbox(parts.fromName, parts.from, after: "From: ".count))
        header("To: " + Self.mailbox(parts.toName, parts.to, after: "To: ".count))
        header("Subject: " + Self.unstructured(parts.subject, after: "Subject: ".count))
        header("Date: " + Self.date(parts.date, zone: parts.zone))
        header("Message-ID: <\(parts.messageId)>")
        header("MIME-Version: 1.0")
        header("Content-Type: text/plain; charset=utf-8")
        header("Content-Transfer-Encoding: quoted-printable")
        out.append(contentsOf: Self.crlf)
        headers = String(decoding: out, as: UTF8.self)
        out.append(contentsOf: Self.quotedPrintable(Array(parts.body.utf8)))
        bytes = out
        messageId = parts.messageId
    }

    /// A message written before, again: its logged header block, then the letter as its body.
    public init(headers: String, messageId: String, body: String) {
        self.headers = headers
        self.messageId = messageId
        bytes = Array(headers.utf8) + Self.quotedPrintable(Array(body.utf8))
    }

    /// A new Message-ID for a message from `domain`: 128 random bits, in hex.
    public static func newMessageId(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bits = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "\(RecordsSeal.hex(bits))@\(domain)"
    }

    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// RFC 5322's date: `Tue, 01 Dec 2026 22:30:24 +0000`.
    static func date(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `name <address>` (the name quoted or encoded as it needs), or the bare address.
    static func mailbox(_ name: String?, _ address: MailAddress, after used: Int) -> String {
        guard let name, !name.isEmpty else { return address.description }
        let phrase: String
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && name.utf8.count + used + 3 < 60 {
            let plain = name.utf8.allSatisfy { phraseByte.contains($0) }
            phrase =
                plain
                ? name
                : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
        } else {
            phrase = encodedWords(name, after: used)
        }
        // The address on its own line when the name is long.
        let lastLine = phrase.split(separator: "\n").last.map(String.init) ?? phrase
        let fits = (phrase.contains("\n") ? lastLine.count : used + phrase.count) + address.description.count + 3 <= 78
        return phrase + (fits ? " " : "\r\n ") + "<\(address)>"
    }

    /// A header's text: as it is when it is printable ASCII and fits on the line, else RFC 2047
    /// encoded words, one per folded line.
    static func unstructured(_ text: String, after used: Int) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && used + text.utf8.count <= 78
            && !text.contains("=?")
        {
            return text
        }
        return encodedWords(text, after: used)
    }

    /// `=?utf-8?B?…?=` words of at most 75 characters, split between characters, joined by
    /// CRLF SP (folding white space, which a reader drops between encoded words).
    static func encodedWords(_ text: String, after used: Int) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // A word is at most 75 characters, `=?utf-8?B?` and `?=` included: 63 base64 characters,
        // 45 bytes, whole characters only; the first also fits after the header's name (78 in all).
        func most() -> Int {
            let room = words.isEmpty ? min(75, 78 - used) : 75
            return max(3, (room - 12) / 4 * 3)
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > most() {
                words.append(word(chunk))
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// Characters a display name may hold unquoted (atext and space).
    private static let phraseByte: Set<UInt8> = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8))

    /// The body in quoted-printable (RFC 2045 6.7): lines of at most 76 characters.
    static func quotedPrintable(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var line: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        func encoded(_ byte: UInt8) -> [UInt8] { [0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] }
        func emit(_ piece: [UInt8]) {
            // A soft line break keeps each line within 76 characters, the `=` included.
            if line.count + piece.count > 75 {
                out.append(contentsOf: line)
                out.append(0x3D)
                out.append(contentsOf: crlf)
                line = []
            }
            line.append(contentsOf: piece)
        }
        var index = 0
        while index < body.count {
            let byte = body[index]
            let next = index + 1 < body.count ? body[index + 1] : nil
            if byte == 0x0A {
                out.append(contentsOf: line)
                out.append(contentsOf: crlf)
                line = []
            } else if byte == 0x20 || byte == 0x09 {
                // White space before a line break (or at the end) would be lost in transit.
                emit(next == nil || next == 0x0A ? encoded(byte) : [byte])
            } else if byte == 0x3D || byte < 0x20 || byte >= 0x7F {
                emit(encoded(byte))
            } else if line.isEmpty && (byte == 0x2E || (byte == 0x46 && body[index...].starts(with: from))) {
                // A line starting with "." or "From " is changed by some transfer agents and mailboxes.
                emit(encoded(byte))
            } else {
                emit([byte])
            }
            index += 1
        }
        out.append(contentsOf: line)
        if body.last != 0x0A {
            // The letter does not end with a line break: the message does, after a soft one.
            out.append(0x3D)
            out.append(contentsOf: crlf)
        }
        return out
    }

    private static let from = Array("From ".utf8)

    /// The body of a message, decoded from quoted-printable: hard line breaks (CRLF, or LF in a
    /// file a mail program saved with its own line ends) are LF; `nil` if it is not valid.
    static func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x41...0x46: return byte - 0x41 + 10
            case 0x61...0x66: return byte - 0x61 + 10
            default: return nil
            }
        }
        while index < encoded.count {
            let byte = encoded[index]
            if byte == 0x3D {
                if index + 2 < encoded.count, encoded[index + 1] == 0x0D, encoded[index + 2] == 0x0A {
                    index += 3
                } else if index + 1 < encoded.count, encoded[index + 1] == 0x0A {
                    index += 2
                } else if index + 2 < encoded.count, let high = hexValue(encoded[index + 1]),
                    let low = hexValue(encoded[index + 2])
                {
                    out.append(high << 4 | low)
                    index += 3
                } else {
                    return nil
                }
            } else if byte == 0x0D && index + 1 < encoded.count && encoded[index + 1] == 0x0A {
                out.append(0x0A)
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// The headers and the decoded body of a message this type wrote (`nil` when `bytes` is not
    /// such a message): what `letter --verify` compares with the logged letter.
    static func parse(_ bytes: [UInt8]) -> (headers: [(String, String)], body: [UInt8])? {
        // The blank line that ends the headers: CRLF CRLF, or LF LF in a file saved with LF.
        var end: (headers: Int, body: Int)?
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: [0x0D, 0x0A, 0x0D, 0x0A]) {
                end = (index, index + 4)
                break
            }
            if bytes[index...].starts(with: [0x0A, 0x0A]) {
                end = (index, index + 2)
                break
            }
            index += 1
        }
        guard let end else { return nil }
        let head = String(decoding: bytes[..<end.headers], as: UTF8.self)
        var headers: [(String, String)] = []
        for line in head.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(
                    (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        let encoding = headers.last { $0.0.lowercased() == "content-transfer-encoding" }?.1.lowercased()
        guard encoding == "quoted-printable", let body = decodeQuotedPrintable(Array(bytes[end.body...])) else {
            return nil
        }
        return (headers, body)
    }
}
