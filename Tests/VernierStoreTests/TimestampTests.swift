import Foundation
import GRDB
import Testing
@testable import VernierStore

/// The store's timestamp text, against Foundation's formatter as the oracle.
struct TimestampTests {
    /// GRDB's own rendering of a date (Foundation's `DateFormatter`, `yyyy-MM-dd HH:mm:ss.SSS` in UTC).
    static func oracle(_ milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return String.fromDatabaseValue(date.databaseValue) ?? ""
    }

    static let instants: [Int64] = [
        0, 1, 999, 1000, -1, -1000, -86_400_000,               // the epoch and just before it
        951_782_400_000, 951_868_799_999,                      // 2000-02-29, a leap day of a leap century
        4_107_542_400_000,                                     // 2100-03-01 (2100 is not a leap year)
        1_767_323_045_678,                                     // 2026-01-02 03:04:05.678
        253_402_300_799_999,                                   // 9999-12-31 23:59:59.999
        -2_208_988_800_000,                                    // 1900-01-01
    ]

    @Test(arguments: instants)
    func formatsAsFoundationDoes(milliseconds: Int64) {
        #expect(Timestamp(milliseconds: milliseconds).text == Self.oracle(milliseconds))
    }

    @Test func formatsEveryDayOfFourCenturiesAsFoundationDoes() {
        // One instant per ~3 days across 1900–2300, at a varying time of day.
        var milliseconds: Int64 = -2_208_988_800_000
        while milliseconds < 10_413_792_000_000 {
            #expect(Timestamp(milliseconds: milliseconds).text == Self.oracle(milliseconds))
            milliseconds += 3 * 86_400_000 + 3_723_456
        }
    }

    @Test(arguments: instants)
    func parsesWhatItFormats(milliseconds: Int64) {
        let timestamp = Timestamp(milliseconds: milliseconds)
        #expect(Timestamp(parsing: timestamp.text) == timestamp)
    }

    @Test(arguments: [
        ("2026-01-02 03:04:05.678", 1_767_323_045_678), ("2026-01-02T03:04:05.678Z", 1_767_323_045_678),
        ("2026-01-02 03:04:05", 1_767_323_045_000), ("2026-01-02 03:04:05.6", 1_767_323_045_600),
        ("2026-01-02 03:04:05.67", 1_767_323_045_670),
    ] as [(String, Int64)])
    func parsesTheFormsSQLiteWrites(text: String, milliseconds: Int64) {
        #expect(Timestamp(parsing: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: ["", "2026-01-02", "2026-13-02 03:04:05", "2026-01-02 24:00:00", "2026-01-02 03:04:05.1234",
                      "2026/01/02 03:04:05", "2026-01-02 03:04:05.", "yesterday at noon", "2026-01-02 03:04:0x"])
    func refusesAnythingElse(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    @Test func theDateIsTheMillisecondCount() {
        let timestamp = Timestamp(milliseconds: 1_767_323_045_678)
        #expect(abs(timestamp.date.timeIntervalSince1970 - 1_767_323_045.678) < 1e-6)
        #expect(Timestamp.now().milliseconds > 1_700_000_000_000)
    }
}
