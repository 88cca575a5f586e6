import Foundation
import GRDB

/// Where PostgreSQL's SQL differs from the SQLite the actions are written in, in one place: the
/// placeholders (`?` and `:name` become `$1`, `$2`…), and how GRDB's arguments reach libpq.
enum PostgresDialect {
    /// Runs `sql`, written with SQLite's placeholders, with `arguments` on `connection`.
    @discardableResult
    static func run(_ sql: String, _ arguments: StatementArguments, on connection: PostgresConnection) throws
        -> PostgresResult
    {
        let (positional, named) = values(of: arguments)
        let (translated, order) = numbered(rewritten(sql))
        // Statements without arguments may come several to a string, as SQLite runs them.
        if order.isEmpty { return try connection.executeScript(translated) }
        var parameters: [DatabaseValue] = []
        parameters.reserveCapacity(order.count)
        var next = positional.makeIterator()
        for placeholder in order {
            switch placeholder {
            case .positional:
                guard let value = next.next() else { throw PostgresDialect.Fault.missingArgument(sql: sql) }
                parameters.append(value)
            case .named(let name):
                guard let value = named[name] else { throw PostgresDialect.Fault.missingArgument(sql: sql) }
                parameters.append(value)
            }
        }
        return try connection.execute(translated, parameters)
    }

    /// SQLite's spellings that PostgreSQL reads otherwise, and PostgreSQL's for them: GRDB's empty
    /// `IN` list (its NULL would be typed text), and the temporary schema's name.
    static let rewrites: [(sqlite: String, postgres: String)] = [
        ("NOT IN (SELECT NULL WHERE NULL)", "<> ALL('{}')"),
        ("IN (SELECT NULL WHERE NULL)", "= ANY('{}')"),
        // An index goes where its table is.
        ("CREATE INDEX temp.", "CREATE INDEX "),
        ("CREATE UNIQUE INDEX temp.", "CREATE UNIQUE INDEX "),
        (" temp.", " pg_temp."),
        // The database's own tables are in the current schema.
        (" main.", " "),
        ("group_concat(", "string_agg("),
    ]

    /// `sql` in PostgreSQL's spellings.
    static func rewritten(_ sql: String) -> String {
        var sql = sql
        for (sqlite, postgres) in rewrites where sql.contains(sqlite) {
            sql = sql.replacingOccurrences(of: sqlite, with: postgres)
        }
        return sql
    }

    enum Placeholder: Equatable {
        case positional
        case named(String)
    }

    /// `sql` with each `?` and `:name` outside quotes and comments numbered `$1`, `$2`… in order
    /// (a name used twice gets one number), and what each number stands for.
    static func numbered(_ sql: String) -> (String, [Placeholder]) {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var order: [Placeholder] = []
        var numbers: [String: Int] = [:]
        let characters = Array(sql.unicodeScalars)
        var index = 0
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "_" || CharacterSet.alphanumerics.contains(scalar)
        }
        while index < characters.count {
            let scalar = characters[index]
            switch scalar {
            case "'", "\"":
                // A quoted string or identifier, to its closing quote (a doubled quote stays inside).
                output.unicodeScalars.append(scalar)
                index += 1
                while index < characters.count {
                    output.unicodeScalars.append(characters[index])
                    if characters[index] == scalar {
                        if index + 1 < characters.count, characters[index + 1] == scalar {
                            output.unicodeScalars.append(characters[index + 1])
                            index += 2
                            continue
                        }
                        break
                    }
                    index += 1
                }
                index += 1
            case "-" where index + 1 < characters.count && characters[index + 1] == "-":
                while index < characters.count, characters[index] != "\n" {
                    output.unicodeScalars.append(characters[index])
                    index += 1
                }
            case "?":
                order.append(.positional)
                output += "$\(order.count)"
                index += 1
            case ":"
            where index + 1 < characters.count && isNameCharacter(characters[index + 1])
                && !(index > 0 && characters[index - 1] == ":") && characters[index + 1] != ":":
                var end = index + 1
                while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(characters[(index + 1)..<end]))
                if let number = numbers[name] {
                    output += "$\(number)"
                } else {
                    order.append(.named(name))
                    numbers[name] = order.count
                    output += "$\(order.count)"
                }
                index = end
            default:
                output.unicodeScalars.append(scalar)
                index += 1
            }
        }
        return (output, order)
    }

    /// The values GRDB holds in `arguments`: it keeps them to itself, so they are read by reflection.
    static func values(of arguments: StatementArguments) -> ([DatabaseValue], [String: DatabaseValue]) {
        var positional: [DatabaseValue] = []
        var named: [String: DatabaseValue] = [:]
        for child in Mirror(reflecting: arguments).children {
            if child.label == "values", let values = child.value as? [DatabaseValue] { positional = values }
            if child.label == "namedValues", let values = child.value as? [String: DatabaseValue] { named = values }
        }
        return (positional, named)
    }

    /// An identifier quoted for PostgreSQL.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    enum Fault: OptOutError {
        case missingArgument(sql: String)

        var description: String {
            switch self {
            case .missingArgument(let sql):
                return
                    "internal error: a statement has more placeholders than arguments (\(sql.prefix(80))); please report it"
            }
        }
    }
}
