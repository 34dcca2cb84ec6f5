import Foundation

/// A moment as the store writes it: `yyyy-MM-dd HH:mm:ss.SSS` in UTC (GRDB's date format, which SQLite's date
/// functions read), to the millisecond.
///
/// Formatted and parsed with integer arithmetic on the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil` and `civil_from_days`): Foundation's date formatters cost tens of microseconds, a sizeable
/// part of recording an evaluation. Because the text and the `Date` both come from the same count of
/// milliseconds, a record a recording method returns equals the one read back later.
struct Timestamp: Equatable {
    /// Milliseconds since 1970-01-01 00:00:00 UTC.
    let milliseconds: Int64

    /// Now, to the millisecond (rounded down).
    static func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The instant (to the millisecond).
    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// The text stored in a `*_at` column.
    var stored: String { text }

    /// `yyyy-MM-dd HH:mm:ss.SSS`, UTC.
    var text: String {
        let (days, millisecondOfDay) = milliseconds.floorDividedBy(86_400_000)
        let (year, month, day) = Self.civil(fromDays: days)
        let second = millisecondOfDay / 1000
        return "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2)) "
            + "\(Self.padded(second / 3600, 2)):\(Self.padded(second / 60 % 60, 2)):\(Self.padded(second % 60, 2))"
            + ".\(Self.padded(millisecondOfDay % 1000, 3))"
    }

    /// The timestamp in `text`: `yyyy-MM-dd HH:mm:ss` with optional `.SSS` (fewer digits allowed), a `T` in
    /// place of the space and a trailing `Z` accepted; `nil` for anything else.
    init?(parsing text: String) {
        var utf8 = Array(text.utf8)
        if utf8.last == UInt8(ascii: "Z") { utf8.removeLast() }
        guard utf8.count >= 19, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
              utf8[10] == UInt8(ascii: " ") || utf8[10] == UInt8(ascii: "T"),
              utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              let year = Self.number(utf8[0..<4]), let month = Self.number(utf8[5..<7]),
              let day = Self.number(utf8[8..<10]), let hour = Self.number(utf8[11..<13]),
              let minute = Self.number(utf8[14..<16]), let second = Self.number(utf8[17..<19]),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var millisecond: Int64 = 0
        if utf8.count > 19 {
            let fraction = utf8[20...]
            guard utf8[19] == UInt8(ascii: "."), (1...3).contains(fraction.count), let digits = Self.number(fraction)
            else { return nil }
            millisecond = digits * [100, 10, 1][fraction.count - 1]
        }
        let days = Self.days(fromCivilYear: year, month: month, day: day)
        milliseconds = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
    }

    init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, `days_from_civil`).
    static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant, `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

extension Int64 {
    /// The quotient rounded toward −∞ and the non-negative remainder.
    fileprivate func floorDividedBy(_ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
