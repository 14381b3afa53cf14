import Encoding

/// A file found under the protected folder, opened and checked to be a regular file.
public struct OpenedFile: Sendable {
    public let contents: any FileContents
    /// The name whose extension gives the content type (`index.html` for a folder).
    public let name: String
    /// The path named a folder without the trailing `/`; its page is offered at the folder's own URL instead,
    /// so relative links in it resolve inside the folder (as Apache's `mod_dir` does).
    public let needsTrailingSlash: Bool

    public init(contents: any FileContents, name: String, needsTrailingSlash: Bool) {
        self.contents = contents
        self.name = name
        self.needsTrailingSlash = needsTrailingSlash
    }
}

/// How a `/files/` request ends.
public enum FileAnswer: Sendable {
    /// Send this: 200 or 206 with the file streamed, 304, 416, or a 302 that adds a folder's trailing `/`.
    case response(Response)
    /// Send the site's ordinary 404 page (the same for every reason) and log the reason.
    case notFound(FileRefusal)
}

/// A protected file as an HTTP response: validators, conditional requests in RFC 9110 §13.2.2 order,
/// one byte range (RFC 9110 §14), `HEAD` (the writer leaves the stream out).
public enum FileResponder {
    /// Checks `pathInfoRest` (`PATH_INFO` after `/files/`), opens it with `open`, and answers `request`.
    /// `now` is the current time in seconds since the Unix epoch (it decides whether the ETag is strong yet).
    public static func respond(pathInfoRest: String, request: Request, now: Int64,
                               open: (ProtectedPath) throws(FileRefusal) -> OpenedFile) -> FileAnswer {
        let file: OpenedFile
        do {
            file = try open(ProtectedPath(pathInfoRest: pathInfoRest))
        } catch {
            return .notFound(error)
        }
        if file.needsTrailingSlash {
            return .response(.redirect(Percent.encodePath(request.scriptName + request.pathInfo) + "/"))
        }
        return .response(response(for: file, request: request, now: now))
    }

    /// The answer for an opened file.
    static func response(for file: OpenedFile, request: Request, now: Int64) -> Response {
        let attributes = file.contents.attributes
        let etag = EntityTag.forFile(attributes, now: now)
        let validators = [("ETag", etag.headerValue), ("Last-Modified", HTTPDate.imfFixdate(attributes.modifiedSeconds))]
        if isNotModified(request, etag: etag, modified: attributes.modifiedSeconds) {
            return Response(status: 304, headers: validators, profile: .file)
        }
        let size = attributes.size
        var range = ByteRange.whole
        if request.method == "GET", rangeStillApplies(request.ifRange, etag: etag, modified: attributes.modifiedSeconds) {
            range = ByteRange.evaluate(request.range, size: size)   // Range is defined for GET only (§14.2)
        }
        var headers = validators + [("Accept-Ranges", "bytes")]
        switch range {
        case .whole:
            headers.append(("Content-Type", ContentType.forFileName(file.name)))
            return Response(status: 200, headers: headers, stream: FileSlice(contents: file.contents, offset: 0, length: size),
                            profile: .file)
        case .part(let offset, let length):
            headers += [("Content-Type", ContentType.forFileName(file.name)),
                        ("Content-Range", "bytes \(offset)-\(offset + length - 1)/\(size)")]
            return Response(status: 206, headers: headers, stream: FileSlice(contents: file.contents, offset: offset, length: length),
                            profile: .file)
        case .unsatisfiable:
            headers.append(("Content-Range", "bytes */\(size)"))
            return Response(status: 416, headers: headers, profile: .file)
        }
    }

    /// §13.2.2 steps 3–4 for GET and HEAD: `If-None-Match` (weak comparison, `*` matches an existing file) decides
    /// when present, malformed or not; otherwise a valid `If-Modified-Since` not older than the file's time.
    static func isNotModified(_ request: Request, etag: EntityTag, modified: Int64) -> Bool {
        if let field = request.ifNoneMatch {
            return EntityTag.parseList(field)?.weaklyContains(etag) ?? false
        }
        if let field = request.ifModifiedSince, let since = HTTPDate.parse(field) {
            return modified <= since
        }
        return false
    }

    /// §13.1.5: a `Range` is honoured only when `If-Range` is absent or names the current file: its strong
    /// ETag (strong comparison), or exactly its `Last-Modified` date while that date is a strong validator.
    static func rangeStillApplies(_ ifRange: String?, etag: EntityTag, modified: Int64) -> Bool {
        guard let ifRange else { return true }
        let trimmed = Substring(ifRange).trimmingSpaces
        if trimmed.hasPrefix("\"") || trimmed.hasPrefix("W/") {
            guard case .tags(let tags)? = EntityTag.parseList(String(trimmed)), tags.count == 1 else { return false }
            return tags[0].stronglyMatches(etag)
        }
        return !etag.isWeak && HTTPDate.parse(String(trimmed)) == modified
    }
}
