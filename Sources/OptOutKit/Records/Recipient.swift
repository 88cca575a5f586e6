import GRDB

/// A firm that receives notices.
public struct Recipient: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var name: String
    /// `NameKey.of(name)`: how the recipient is found by name.
    public var nameKey: String
    public var category: Category
    public var country: String?
    public var email: String?
    public var contact: String?
    public var parent: String?

    public init(
        id: Int64? = nil, name: String, category: Category, country: String? = nil,
        email: String? = nil, contact: String? = nil, parent: String? = nil
    ) {
        self.id = id
        self.name = NameKey.tidy(name)
        self.nameKey = NameKey.of(name)
        self.category = category
        self.country = country
        self.email = email
        self.contact = contact
        self.parent = parent
    }

    /// The recipient of a row holding a recipient's columns by their names (`r.*` beside others),
    /// as stored (nothing tidied again): bulk commands read 100,000 without a decoder per row.
    init(columnsOf row: Row) throws {
        id = try row.decode(forColumn: CodingKeys.id.rawValue)
        name = try row.decode(forColumn: CodingKeys.name.rawValue)
        nameKey = try row.decode(forColumn: CodingKeys.nameKey.rawValue)
        category = try row.decode(forColumn: CodingKeys.category.rawValue)
        country = try row.decode(forColumn: CodingKeys.country.rawValue)
        email = try row.decode(forColumn: CodingKeys.email.rawValue)
        contact = try row.decode(forColumn: CodingKeys.contact.rawValue)
        parent = try row.decode(forColumn: CodingKeys.parent.rawValue)
    }

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case nameKey = "name_key"
        case category
        case country
        case email
        case contact
        case parent
    }

    public static let databaseTableName = "recipient"

    public enum Columns {
        public static let id = Column("id")
        public static let name = Column("name")
        public static let nameKey = Column("name_key")
        public static let category = Column("category")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The same recipient with the details of `other`, keeping identity.
    func sameDetails(as other: Recipient) -> Bool {
        name == other.name && category == other.category && country == other.country
            && email == other.email && contact == other.contact && parent == other.parent
    }
}
