/// IMF-fixdate formatting for `Expires` (RFC 9110 §5.6.7), e.g. "Thu, 01 Jan 1970 00:00:00 GMT".
enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]   // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the Unix epoch (clamped to 1970…9999) in GMT.
    static func imfFixdate(_ seconds: Int64) -> String {
        let t = min(max(seconds, 0), 253_402_300_799)
        let dayNumber = t / 86400
        let secondOfDay = t % 86400
        let (year, month, day) = civilDate(daysSinceEpoch: dayNumber)
        return days[Int(dayNumber % 7)] + ", " + pad(day) + " " + months[Int(month - 1)] + " " + String(year) + " "
            + pad(secondOfDay / 3600) + ":" + pad(secondOfDay / 60 % 60) + ":" + pad(secondOfDay % 60) + " GMT"
    }

    /// Proleptic Gregorian date from a day count (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ n: Int64) -> String {
        n < 10 ? "0" + String(n) : String(n)
    }
}
