/// Proleptic Gregorian calendar dates in UTC from seconds since the Unix epoch, without a calendar library:
/// Howard Hinnant's `days_from_civil` and `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms").
public enum CivilDate {
    /// Day count since 1970-01-01 of a date (`month` 1…12, `day` 1…31; no range check).
    public static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    public static func date(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// RFC 3339 §5.6 `date-time` in UTC with whole seconds, e.g. `2026-03-01T12:00:00Z`; years before 1 or after
    /// 9999 are clamped, as RFC 3339's four-digit year requires.
    public static func iso8601(_ seconds: Int64) -> String {
        let t = min(max(seconds, -62_135_596_800), 253_402_300_799)   // 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secondOfDay = t - days * 86400
        let (year, month, day) = date(daysSinceEpoch: days)
        let two = { (n: Int64) in DecimalText.padded(n, width: 2) }
        return DecimalText.padded(year, width: 4) + "-" + two(month) + "-" + two(day)
            + "T" + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60) + "Z"
    }
}
