import Foundation
import GRDB

/// The one configuration of every connection optout opens: a file for a command
/// (`Tracker.open`), a database in memory (`Tracker.inMemory`), verify's second reader and a
/// backup's check. What differs between them is a parameter here, not a copy.
enum StoreConfiguration {
    /// How long a command waits for another process's write before it gives up.
    static let busySeconds = 120

    /// Foreign keys on, a busy timeout of `busySeconds`; `readonly` connections write nothing;
    /// writable ones reach the disk on every commit (`synchronous = FULL`) before a command
    /// reports success; `pageCacheKiB`, when given, is the connection's page cache.
    static func make(readonly: Bool, pageCacheKiB: Int? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(TimeInterval(busySeconds))
        configuration.prepareDatabase { db in
            if !readonly {
                // Every commit reaches the disk before the command reports success.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            if let pageCacheKiB {
                try db.execute(sql: "PRAGMA cache_size = \(-pageCacheKiB)")
            }
        }
        return configuration
    }
}
