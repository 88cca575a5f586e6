import GRDB

extension Tracker {
    /// The rights-holder's works that were disclosed (current disclosures matched to the
    /// catalogue), the work disclosed by most recipients first: who disclosed it, the copies they
    /// reported, the copies still held and by whom, and how they got it.
    ///
    /// Copies are counted once per statement: a disclosure an affiliate's case repeats from its
    /// parent's reply (`reply --covers`) names the affiliate, but its copies are the parent's,
    /// already counted (unless the parent's disclosure was since superseded).
    public func worksListing(campaign: String? = nil) throws -> Listing {
        try writer.read { db in
            var filter = ""
            var arguments: StatementArguments = []
            if let campaign { filter = "AND k.campaign_id = ?"; arguments = [try self.campaign(campaign, db).id] }
            let current = """
                FROM disclosure d JOIN "case" k ON k.id = d.case_id JOIN recipient r ON r.id = k.recipient_id
                WHERE d.superseded_by IS NULL AND d.work_id IS NOT NULL \(filter)
                """
            let ownCopies = "(d.via_disclosure_id IS NULL OR NOT EXISTS (SELECT 1 FROM disclosure s WHERE s.id = d.via_disclosure_id AND s.superseded_by IS NULL))"
            // Who disclosed each work and who still holds copies, and the access methods, in order.
            var disclosedBy: [Int64: [String]] = [:], heldBy: [Int64: [String]] = [:]
            let names = try Row.fetchCursor(db, sql: """
                SELECT d.work_id, r.name, MAX(d.copies_exist = 1) \(current)
                GROUP BY d.work_id, r.id ORDER BY d.work_id, r.name_key
                """, arguments: arguments)
            while let row = try names.next() {
                disclosedBy[row[0], default: []].append(row[1])
                if (row[2] as Bool?) == true { heldBy[row[0], default: []].append(row[1]) }
            }
            var methods: [Int64: Set<AccessMethod>] = [:]
            let methodRows = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT d.work_id, d.access_method \(current) AND d.access_method IS NOT NULL
                """, arguments: arguments)
            while let row = try methodRows.next() {
                if let method = row[1] as AccessMethod? { methods[row[0], default: []].insert(method) }
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT w.id, w.title, w.artist, w.isrc, w.iswc, w.owner, COUNT(DISTINCT k.recipient_id) AS recipients,
                       IFNULL(SUM(CASE WHEN \(ownCopies) THEN d.copies_made END), 0) AS copies,
                       IFNULL(SUM(CASE WHEN \(ownCopies) AND d.copies_exist = 1 THEN d.copies_made END), 0) AS held
                \(current.replacingOccurrences(of: "JOIN recipient r ON r.id = k.recipient_id", with: "JOIN work w ON w.id = d.work_id"))
                GROUP BY w.id ORDER BY recipients DESC, held DESC, copies DESC, w.title, w.id
                """, arguments: arguments)
            return Listing(
                columns: ["work_id", "title", "artist", "isrc", "iswc", "owner", "recipients", "copies", "copies_still_held",
                          "access_methods", "disclosed_by", "still_held_by"],
                rows: rows.map { row in
                    let id: Int64 = row[0]
                    let used = AccessMethod.allCases.filter { methods[id]?.contains($0) == true }.map(\.rawValue)
                    return [.number(Int(id)), .text(row[1]), .text(row[2]), .text(row[3]),
                            .text((row[4] as String?).map(Validation.formattedISWC)), .text(row[5]), .number(row[6]),
                            .number(row[7]), .number(row[8]), .text(used.joined(separator: ", ")),
                            .text(disclosedBy[id]?.joined(separator: "; ")), .text(heldBy[id]?.joined(separator: "; "))]
                })
        }
    }

    /// A recipient's disclosures (in one campaign, or all), oldest first, each with its match in
    /// the catalogue; superseded ones too, marked.
    public func disclosureListing(recipient name: String, campaign: String? = nil) throws -> Listing {
        try writer.read { db in
            let recipient = try recipient(name, db)
            var sql = """
                SELECT c.name, p.received_on, d.title, d.artist, d.isrc, d.access_method, d.copies_made,
                       CASE d.copies_exist WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END, d.held_from, d.held_until,
                       REPLACE(d.missing, ',', ', '), CASE WHEN d.superseded_by IS NULL THEN 'current' ELSE 'superseded' END,
                       d.matched_by, d.work_id, w.title, w.artist, w.isrc, pr.name
                FROM disclosure d JOIN reply p ON p.id = d.reply_id JOIN "case" k ON k.id = d.case_id
                     JOIN campaign c ON c.id = k.campaign_id
                     LEFT JOIN work w ON w.id = d.work_id
                     LEFT JOIN reply vp ON vp.id = p.via_reply_id LEFT JOIN "case" vk ON vk.id = vp.case_id
                     LEFT JOIN recipient pr ON pr.id = vk.recipient_id
                WHERE k.recipient_id = ?
                """
            var arguments: StatementArguments = [recipient.id]
            if let campaign { sql += " AND k.campaign_id = ?"; arguments += [try self.campaign(campaign, db).id] }
            sql += " ORDER BY c.id, p.received_on, d.id"
            return Listing(
                columns: ["campaign", "received_on", "title", "artist", "isrc", "access_method", "copies_made", "copies_exist",
                          "held_from", "held_until", "missing", "status", "match", "work_id", "catalogue_work", "through"],
                rows: try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    var work: String?
                    if let title = row[14] as String?, let artist = row[15] as String? {
                        work = "\(title) — \(artist)" + ((row[16] as String?).map { " (\($0))" } ?? "")
                    }
                    return (0..<6).map { Cell.text(row[$0]) } + [.number(row[6])] + (7..<13).map { Cell.text(row[$0]) }
                        + [.number((row[13] as Int64?).map(Int.init)), .text(work), .text(row[17])]
                })
        }
    }
}
