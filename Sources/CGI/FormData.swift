/// Ordered name/value pairs from `application/x-www-form-urlencoded` text (a query or a POST body).
///
/// Order and duplicates are kept, so a handler can refuse a parameter sent twice
/// (e.g. two `state` values in a callback).
public struct FormData: Sendable {
    public let pairs: [(String, String)]

    public init(pairs: [(String, String)] = []) {
        self.pairs = pairs
    }

    /// The first value sent under `name`, or nil.
    public func first(_ name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }

    /// Every value sent under `name`, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map(\.1)
    }

    /// True when `name` was sent more than once.
    public func isDuplicated(_ name: String) -> Bool {
        var seen = false
        for (key, _) in pairs where key == name {
            if seen { return true }
            seen = true
        }
        return false
    }
}
