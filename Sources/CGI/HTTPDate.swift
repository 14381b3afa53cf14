import Encoding

/// HTTP-date (RFC 9110 §5.6.7): IMF-fixdate formatting, e.g. "Thu, 01 Jan 1970 00:00:00 GMT", and parsing of
/// all three formats a recipient must accept (IMF-fixdate, obsolete RFC 850 and asctime).
enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]   // 1970-01-01 was a Thursday
    private static let longDays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the Unix epoch (clamped to 1970…9999) in GMT.
    static func imfFixdate(_ seconds: Int64) -> String {
        let t = min(max(seconds, 0), 253_402_300_799)
        let dayNumber = t / 86400
        let secondOfDay = t % 86400
        let (year, month, day) = CivilDate.date(daysSinceEpoch: dayNumber)
        let two = { (n: Int64) in DecimalText.padded(n, width: 2) }
        return days[Int(dayNumber % 7)] + ", " + two(day) + " " + months[Int(month - 1)] + " " + DecimalText.string(year) + " "
            + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60) + " GMT"
    }

    /// Seconds since the Unix epoch for an HTTP-date, or nil when `text` is none of the three formats.
    /// A two-digit RFC 850 year is taken as 19YY from 70, else 20YY (RFC 9110 §5.6.7 leaves the window to the recipient).
    static func parse(_ text: String) -> Int64? {
        guard text.utf8.count <= 40 else { return nil }
        let parts = text.split(separator: " ")
        switch parts.count {
        case 6:   // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
            guard parts[0].count == 4, parts[0].hasSuffix(","), days.contains(String(parts[0].dropLast())),
                  parts[1].utf8.count == 2, parts[3].utf8.count == 4, parts[5] == "GMT" else { return nil }
            return seconds(day: parts[1], month: parts[2], year: number(parts[3]), time: parts[4])
        case 4:   // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
            let date = parts[1].split(separator: "-", omittingEmptySubsequences: false)
            guard parts[0].hasSuffix(","), longDays.contains(String(parts[0].dropLast())), date.count == 3,
                  date[0].utf8.count == 2, date[2].utf8.count == 2, parts[3] == "GMT", let yy = number(date[2]) else { return nil }
            return seconds(day: date[0], month: date[1], year: yy + (yy >= 70 ? 1900 : 2000), time: parts[2])
        case 5:   // asctime: Sun Nov  6 08:49:37 1994
            guard days.contains(String(parts[0])), (1...2).contains(parts[2].utf8.count), parts[4].utf8.count == 4 else { return nil }
            return seconds(day: parts[2], month: parts[1], year: number(parts[4]), time: parts[3])
        default:
            return nil
        }
    }

    private static func seconds(day dayText: Substring, month monthText: Substring, year: Int64?, time: Substring) -> Int64? {
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard let year, year >= 1970, let monthIndex = months.firstIndex(of: String(monthText)), let day = number(dayText),
              clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }),
              let h = number(clock[0]), let m = number(clock[1]), let s = number(clock[2]),
              h < 24, m < 60, s < 61 else { return nil }
        let month = Int64(monthIndex + 1)
        let dayNumber = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        guard day >= 1, CivilDate.date(daysSinceEpoch: dayNumber) == (year, month, day) else { return nil }   // no 31 Feb
        return dayNumber * 86400 + h * 3600 + m * 60 + min(s, 59)
    }

    /// Only ASCII digits, at most four of them.
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }
}
