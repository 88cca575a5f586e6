import GRDB

/// A firm that receives notices.
public struct Recipient: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
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

    /// The recipient of a row of `positionalColumns`, from column `start`, as stored (nothing
    /// tidied again): bulk commands read 100,000 without a decoder per row.
    init(positional row: Row, from start: Int = 0) throws {
        id = try row.decode(Int64?.self, atIndex: start)
        name = try row.decode(String.self, atIndex: start + 1)
        nameKey = try row.decode(String.self, atIndex: start + 2)
        category = try row.decode(Category.self, atIndex: start + 3)
        country = try row.decode(String?.self, atIndex: start + 4)
        email = try row.decode(String?.self, atIndex: start + 5)
        contact = try row.decode(String?.self, atIndex: start + 6)
        parent = try row.decode(String?.self, atIndex: start + 7)
    }

    /// The columns `init(positional:)` reads, in order.
    static let positionalColumns = ["id", "name", "name_key", "category", "country", "email", "contact", "parent"]

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
