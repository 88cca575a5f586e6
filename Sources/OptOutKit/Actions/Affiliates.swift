import GRDB

extension Tracker {
    /// The recipients `names` names, each an affiliate of `recipient`: a firm of the same group,
    /// that is, whose chain of parents (`recipient.parent`, by name) ends at the same firm as
    /// `recipient`'s: its parent, a subsidiary, a sister company. Names repeated count once.
    func affiliates(_ names: [String], of recipient: Recipient, _ db: Store) throws -> [Recipient] {
        var found: [Recipient] = []
        let group = try self.group(of: recipient, db)
        for name in names {
            let affiliate = try self.recipient(name, db)
            if affiliate.id == recipient.id {
                throw CaseError.coversTheRecipient(name: affiliate.name)
            }
            if found.contains(where: { $0.id == affiliate.id }) { continue }
            let theirs = try self.group(of: affiliate, db)
            guard NameKey.of(theirs) == NameKey.of(group), affiliate.parent != nil || recipient.parent != nil else {
                throw CaseError.notAnAffiliate(
                    affiliate: GroupPlace(name: affiliate.name, parent: affiliate.parent, group: theirs),
                    recipient: GroupPlace(name: recipient.name, parent: recipient.parent, group: group))
            }
            found.append(affiliate)
        }
        return found
    }

    /// The name of the firm at the top of `recipient`'s chain of parents (its own name when it
    /// has no parent). A parent need not be a recipient; a loop of parents ends where it repeats.
    func group(of recipient: Recipient, _ db: Store) throws -> String {
        var name = recipient.name
        var parent = recipient.parent
        var seen: Set<String> = [recipient.nameKey]
        while let next = parent, seen.insert(NameKey.of(next)).inserted {
            name = next
            parent = try Recipient.filter(Recipient.Columns.nameKey == NameKey.of(next)).fetchOne(db)?.parent
        }
        return name
    }
}

/// Where a recipient sits in its group: the `NameKey` of the firm at the top of its chain of
/// parents, and how many parents up that is (0 for the head itself, or a firm with no parent).
struct RecipientGroup: Sendable {
    var head: String
    var depth: Int
}

extension Tracker {
    /// Every recipient's group, by its `name_key`. A parent named but not a recipient still heads
    /// its group, so sister companies sit together under it.
    func recipientGroups(_ db: Store) throws -> [String: RecipientGroup] {
        var parents: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT name_key, parent FROM recipient")
        while let row = try rows.next() {
            parents[try row.decode(forColumn: "name_key")] =
                try row.decode(String?.self, forColumn: "parent").map(NameKey.of) ?? ""
        }
        var groups: [String: RecipientGroup] = [:]
        for key in parents.keys {
            var head = key
            var depth = 0
            var seen: Set<String> = [key]
            while let parent = parents[head], !parent.isEmpty, seen.insert(parent).inserted {
                head = parent
                depth += 1
            }
            groups[key] = RecipientGroup(head: head, depth: depth)
        }
        return groups
    }
}
