/// Why a `/files/` request is answered 404: the stable reason code for the log, never shown to the client
/// (the page is the same whatever the reason, so it reveals nothing about what exists).
public enum FileRefusal: String, Error, Equatable, Sendable, CaseIterable {
    /// An empty segment (`//`, a leading `/`), which would name the folder itself or an absolute path.
    case emptySegment = "empty_segment"
    /// A `.` or `..` segment (RFC 3986 §3.3 dot-segments).
    case pathTraversal = "path_traversal"
    /// A segment that starts with `.` (`.git`, `.htaccess`): hidden files are never served.
    case hiddenSegment = "hidden_segment"
    /// NUL, a control character, a backslash, a Unicode format character or invalid UTF-8 (U+FFFD).
    case badByte = "bad_byte"
    /// A `%` in the already-decoded path: a double-encoded escape (`%252e`, `%2f`) is never decoded again.
    case encodedByte = "encoded_byte"
    /// A character that looks like, or normalises (NFKC) to, a dot, slash or backslash (U+2024, U+FF0E, U+2215...).
    case lookalikeCharacter = "lookalike_character"
    /// More segments than `ProtectedPath.maxSegments`.
    case tooManySegments = "too_many_segments"
    /// The path is longer than `ProtectedPath.maxBytes`, or a segment longer than `ProtectedPath.maxSegmentBytes`.
    case tooLong = "too_long"
    /// No such file or folder: also a folder without `index.html`, or a file where a folder was needed.
    case notFound = "not_found"
    /// A symbolic link on the way: no link is ever followed inside the folder.
    case symlink = "symlink"
    /// Not a regular file: a device, FIFO or socket (never opened), or an `index.html` that is a folder.
    case notRegularFile = "not_regular_file"
    /// The folder or file exists but could not be opened (permissions, descriptor limits, I/O).
    case unreadable = "unreadable"
    /// `PROTECTED_DIR` itself cannot be opened as a folder.
    case folderUnavailable = "folder_unavailable"
}
