import GRDB

/// "Did you mean …?": the known names closest to one that names nothing. Only ever computed on
/// the way to an error, and bounded: a name is close when it is a few edits away (a letter
/// mistyped, missing, added or two swapped) or when what was typed is the start of its words.
public enum Suggestions {
    /// How many names a suggestion offers at most.
    public static let most = 3

    /// How many edits away a name may be from `typed` (`count` characters) and still be offered:
    /// one for a short word, up to three for a long name.
    public static func allowedEdits(_ count: Int) -> Int {
        min(3, max(1, (count + 2) / 3))
    }

    /// The names among `known` closest to `typed` (nearest first, at most `most`), compared as
    /// `key` gives them (a `NameKey`, or the text itself for a command's name).
    public static func closest(to typed: String, among known: [String], key: (String) -> String = { $0 }) -> [String] {
        var nearest = Nearest(typed: key(typed))
        for name in known { nearest.consider(key(name), as: name) }
        return nearest.names
    }

    /// Keeps the few closest of the names it is shown, and nothing else.
    struct Nearest {
        let typed: [UInt8]
        let limit: Int
        private(set) var found: [(distance: Int, name: String)] = []
        private var rows: ([Int], [Int], [Int]) = ([], [], [])

        init(typed: String) {
            self.typed = Array(typed.utf8)
            limit = Suggestions.allowedEdits(typed.count)
        }

        var names: [String] { found.map(\.name) }

        /// Weighs one known name, by its key.
        mutating func consider(_ key: String, as name: String) {
            guard !typed.isEmpty else { return }
            var key = key
            let distance: Int? = key.withUTF8 { bytes in
                if let edits = editDistance(bytes) { return edits }
                // "Polar" for "Polar Labs GmbH": what was typed starts the name, at a word's start.
                if typed.count >= 3, bytes.count > typed.count, bytes.starts(with: typed), bytes[typed.count] == 0x20 {
                    return limit + 1
                }
                return nil
            }
            guard let distance, !found.contains(where: { $0.name == name }) else { return }
            found.append((distance, name))
            found.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
            if found.count > Suggestions.most { found.removeLast() }
        }

        /// The optimal-string-alignment distance between `typed` and `other` (in UTF-8 bytes),
        /// or `nil` as soon as it must be over `limit`.
        private mutating func editDistance(_ other: UnsafeBufferPointer<UInt8>) -> Int? {
            let (m, n) = (typed.count, other.count)
            guard abs(m - n) <= limit else { return nil }
            guard n > 0 else { return m }
            if rows.0.count < n + 1 { rows = ([Int](repeating: 0, count: n + 1), [Int](repeating: 0, count: n + 1), [Int](repeating: 0, count: n + 1)) }
            // before: row i-2, previous: row i-1, current: row i.
            var (before, previous, current) = rows
            defer { rows = (before, previous, current) }
            for j in 0...n { previous[j] = j }
            for i in 1...m {
                current[0] = i
                var smallest = i
                for j in 1...n {
                    let cost = typed[i - 1] == other[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, typed[i - 1] == other[j - 2], typed[i - 2] == other[j - 1] {
                        value = min(value, before[j - 2] + 1)
                    }
                    current[j] = value
                    smallest = min(smallest, value)
                }
                if smallest > limit { return nil }
                (before, previous, current) = (previous, current, before)
            }
            return previous[n] <= limit ? previous[n] : nil
        }
    }
}

extension Suggestions {
    /// The recipients whose names are closest to `name`, which names none. Reads the names' keys
    /// through a cursor (one row at a time, whatever the table's size).
    static func recipients(near name: String, _ db: Database) throws -> [String] {
        var nearest = Nearest(typed: NameKey.of(name))
        let keys = try Recipient.select(Recipient.Columns.id, Recipient.Columns.nameKey).asRequest(of: RecipientKey.self).fetchCursor(db)
        while let row = try keys.next() { nearest.consider(row.nameKey, as: String(row.id)) }
        let ids = nearest.names.compactMap(Int64.init)
        guard !ids.isEmpty else { return [] }
        let names = try Dictionary(
            Recipient.filter(ids.contains(Recipient.Columns.id)).fetchAll(db).compactMap { recipient in recipient.id.map { ($0, recipient.name) } },
            uniquingKeysWith: { first, _ in first })
        return ids.compactMap { names[$0] }
    }

    /// A recipient's id and name key, all that choosing a suggestion needs.
    struct RecipientKey: FetchableRecord, Decodable {
        var id: Int64
        var nameKey: String

        enum CodingKeys: String, CodingKey {
            case id
            case nameKey = "name_key"
        }
    }
}
