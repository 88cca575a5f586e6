/// A JSON value whose objects keep their keys in the order given, written by hand: Foundation's
/// `JSONEncoder` took most of the time of a 100,000-case report.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

    /// `.string`, or `.null` for no value.
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func number(_ value: Int?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    /// Pretty-printed JSON text, ending with a new line.
    public var text: String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    /// The JSON text on one line, with no spaces.
    public var compactText: String {
        switch self {
        case .string(let text): JSON.string(text)
        case .number(let number): String(number)
        case .null: "null"
        case .array(let items): "[" + items.map(\.compactText).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.map { JSON.string($0.0) + ":" + $0.1.compactText }.joined(separator: ",") + "}"
        }
    }

    func write(to out: inout String, indent: String) {
        switch self {
        case .string(let text): out += JSON.string(text)
        case .number(let number): out += String(number)
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            let inner = indent + "  "
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: inner)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            let inner = indent + "  "
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += inner + JSON.string(key) + ": "
                value.write(to: &out, indent: inner)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}
