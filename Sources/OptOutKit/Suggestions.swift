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
        /// The closest so far, nearest first; among names as close, the one seen first.
        private(set) var found: [(distance: Int, seen: Int, name: String)] = []
        private var seen = 0
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
            seen += 1
            guard let distance, !found.contains(where: { $0.name == name }) else { return }
            found.append((distance, seen, name))
            found.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.seen < $1.seen }
            if found.count > Suggestions.most { found.removeLast() }
        }

        /// The optimal-string-alignment distance between `typed` and `other` (in UTF-8 bytes),
        /// or `nil` as soon as it must be over `limit`. Only the cells within `limit` of the
        /// diagonal are worked out (the others are over it anyway), in three rows kept between
        /// calls.
        private mutating func editDistance(_ other: UnsafeBufferPointer<UInt8>) -> Int? {
            let (m, n) = (typed.count, other.count)
            guard abs(m - n) <= limit else { return nil }
            guard n > 0 else { return m }
            let over = limit + 1
            if rows.0.count < n + 1 {
                rows = (
                    [Int](repeating: over, count: n + 1), [Int](repeating: over, count: n + 1),
                    [Int](repeating: over, count: n + 1)
                )
            }
            // Taken out of `rows` while written, so that they are not copied.
            var (before, previous, current) = rows
            rows = ([], [], [])
            defer { rows = (before, previous, current) }
            let limit = self.limit
            let result: Int? = typed.withUnsafeBufferPointer { typed in
                for j in 0...n {
                    previous[j] = j <= limit ? j : over
                    before[j] = over
                }
                for i in 1...m {
                    let low = max(1, i - limit)
                    let high = min(n, i + limit)
                    current[low - 1] = low == 1 && i <= limit ? i : over
                    if high < n { current[high + 1] = over }
                    var smallest = over
                    let letter = typed[i - 1]
                    for j in low...high {
                        let cost = letter == other[j - 1] ? 0 : 1
                        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                        if i > 1, j > 1, letter == other[j - 2], typed[i - 2] == other[j - 1] {
                            value = min(value, before[j - 2] + 1)
                        }
                        value = min(value, over)
                        current[j] = value
                        smallest = min(smallest, value)
                    }
                    if smallest > limit { return nil }
                    swap(&before, &previous)
                    swap(&previous, &current)
                }
                return previous[n] <= limit ? previous[n] : nil
            }
            return result
        }
    }
}

extension Suggestions {
    /// The recipients whose names are closest to `name`, which names none. Reads the names' keys
    /// through a cursor (one row at a time, whatever the table's size).
    static func recipients(near name: String, _ db: Store) throws -> [String] {
        var nearest = Nearest(typed: NameKey.of(name))
        let keys = try Recipient.select(Recipient.Columns.id, Recipient.Columns.nameKey).order(Recipient.Columns.id)
            .asRequest(of: RecipientKey.self).fetchCursor(db)
        while let row = try keys.next() { nearest.consider(row.nameKey, as: String(row.id)) }
        let ids = nearest.names.compactMap(Int64.init)
        guard !ids.isEmpty else { return [] }
        let names = try Dictionary(
            Recipient.filter(ids.contains(Recipient.Columns.id)).fetchAll(db).compactMap { recipient in
                recipient.id.map { ($0, recipient.name) }
            },
            uniquingKeysWith: { first, _ in first })
        return ids.compactMap { names[$0] }
    }

    /// A recipient's id and name key, all that choosing a suggestion needs.
    struct RecipientKey: FetchableRecord {
        var id: Int64
        var nameKey: String

        init(row: Row) throws {
            id = try row.decode(Int64.self, forColumn: "id")
            nameKey = try row.decode(String.self, forColumn: "name_key")
        }
    }
}
