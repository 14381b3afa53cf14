extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        // Most values have nothing to trim: when neither end byte is a space or a tab, no end Character can be one.
        let text = String(self)
        if let head = text.utf8.first, let tail = text.utf8.last, head != 0x20, head != 0x09, tail != 0x20, tail != 0x09 {
            return text
        }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
