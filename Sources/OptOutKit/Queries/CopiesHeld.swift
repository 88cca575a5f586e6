import GRDB

/// The order of the report's "copies still held" table: most copies first, each firm's
/// subsidiaries beneath it and never beneath another firm.
///
/// - A holder sits beneath its parent when its parent (`recipient.parent`, compared by `NameKey`,
///   so case and spacing do not matter) holds copies too, that is, is a row of the table. A holder
///   whose parent is not a recipient, or holds nothing, stands alone, as does a firm named its own parent.
/// - A loop of parents (A parent of B, B parent of A) is cut at the firm of the loop holding most
///   copies (then by name): it stands at the top, the others beneath it as their parents say.
/// - Firms side by side (the tops, or the subsidiaries of one parent) are ordered by the copies
///   held by the firm and everything beneath it, most first; ties by name (then by id).
enum CopiesHeldOrder {
    /// One row of the table before it is ordered: a row of the catalogue's query of the holders
    /// (`id`, `name`, `parent`, `name_key`, `works`, `copies`).
    struct Holder: FetchableRecord {
        var held: CatalogueStatus.CopiesHeld
        var nameKey: String

        init(held: CatalogueStatus.CopiesHeld, nameKey: String) {
            self.held = held
            self.nameKey = nameKey
        }

        init(row: Row) throws {
            held = CatalogueStatus.CopiesHeld(
                recipient: try row.decode(forColumn: "name"), recipientId: try row.decode(forColumn: "id"),
                parent: try row.decode(forColumn: "parent"), isAffiliate: false,
                works: try row.decode(forColumn: "works"), copies: try row.decode(forColumn: "copies"))
            nameKey = try row.decode(forColumn: "name_key")
        }
    }

    /// `holders` in the table's order, each with its `depth` and `isAffiliate` set and `beneath`
    /// naming the row it sits under.
    static func ordered(_ holders: [Holder]) -> [CatalogueStatus.CopiesHeld] {
        // One row per name key (a name key is unique among recipients; the first is kept otherwise).
        var index: [String: Int] = [:]
        for (offset, holder) in holders.enumerated() where index[holder.nameKey] == nil {
            index[holder.nameKey] = offset
        }
        var parentOf: [Int?] = holders.enumerated().map { offset, holder in
            guard let parent = holder.held.parent, let at = index[NameKey.of(parent)], at != offset else { return nil }
            return at
        }
        func before(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (holders[a], holders[b])
            return (-x.held.copies, x.nameKey, x.held.recipient, x.held.recipientId)
                < (-y.held.copies, y.nameKey, y.held.recipient, y.held.recipientId)
        }
        // Cut every loop of parents at its member holding most copies.
        var state = [UInt8](repeating: 0, count: holders.count)  // 0 unseen, 1 on the current path, 2 done
        for start in holders.indices where state[start] == 0 {
            var path: [Int] = []
            var node: Int? = start
            while let current = node, state[current] == 0 {
                state[current] = 1
                path.append(current)
                node = parentOf[current]
            }
            if let current = node, state[current] == 1, let from = path.firstIndex(of: current) {
                let loop = path[from...]
                if let head = loop.min(by: before) { parentOf[head] = nil }
            }
            for member in path { state[member] = 2 }
        }
        var children = [[Int]](repeating: [], count: holders.count)
        var tops: [Int] = []
        for offset in holders.indices {
            if let parent = parentOf[offset] { children[parent].append(offset) } else { tops.append(offset) }
        }
        // The copies held by each firm and everything beneath it (children before parents).
        var total = holders.map(\.held.copies)
        var postorder: [Int] = []
        var stack = tops.map { ($0, false) }
        while let (node, expanded) = stack.popLast() {
            if expanded {
                postorder.append(node)
            } else {
                stack.append((node, true))
                stack.append(contentsOf: children[node].map { ($0, false) })
            }
        }
        for node in postorder { if let parent = parentOf[node] { total[parent] += total[node] } }
        func first(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (holders[a], holders[b])
            return (-total[a], x.nameKey, x.held.recipient, x.held.recipientId)
                < (-total[b], y.nameKey, y.held.recipient, y.held.recipientId)
        }
        var out: [CatalogueStatus.CopiesHeld] = []
        out.reserveCapacity(holders.count)
        var pending = tops.sorted(by: first).reversed().map { ($0, 0) }
        while let (node, depth) = pending.popLast() {
            var row = holders[node].held
            row.depth = depth
            row.isAffiliate = depth > 0
            row.beneath = parentOf[node].map { holders[$0].held.recipient }
            out.append(row)
            pending.append(contentsOf: children[node].sorted(by: first).reversed().map { ($0, depth + 1) })
        }
        return out
    }
}
