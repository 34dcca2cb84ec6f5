import Foundation
import GRDB

/// A moment as the store writes it — GRDB's `yyyy-MM-dd HH:mm:ss.SSS` text in UTC — with the `Date` that text
/// reads back as, so that a record a recording method returns equals the one read later.
struct Timestamp {
    /// The text stored in a `*_at` column.
    let stored: DatabaseValue
    /// The instant the text denotes (to the millisecond).
    let date: Date

    /// Now, to the millisecond.
    static func now() -> Timestamp {
        let stored = Date().databaseValue
        return Timestamp(stored: stored, date: Date.fromDatabaseValue(stored) ?? Date())
    }
}
