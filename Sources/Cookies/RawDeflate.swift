import CZlib

/// Raw DEFLATE (RFC 1951), as JWE `zip: DEF` requires (RFC 7516 §4.1.3), through zlib with a hard output cap.
enum RawDeflate {
    static func compress(_ input: [UInt8]) throws(VaultError) -> [UInt8] {
        let stream = try ZStream(deflating: true)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream.pointer, uLong(input.count))) + 16)
        let status = try stream.run(input: input, output: &output, flush: Z_FINISH) { deflate($0, $1) }
        guard status.code == Z_STREAM_END else { throw .malformed("deflate did not finish") }
        return Array(output.prefix(status.produced))
    }

    /// Inflates a complete raw DEFLATE stream; more than `limit` bytes of output is `.tooLarge` (a decompression bomb),
    /// a corrupt, truncated or trailing-garbage stream is `.malformed`.
    static func inflate(_ input: [UInt8], limit: Int) throws(VaultError) -> [UInt8] {
        let stream = try ZStream(deflating: false)
        var output = [UInt8](repeating: 0, count: limit + 1)  // one spare byte tells "exactly the limit" from "more"
        let status = try stream.run(input: input, output: &output, flush: Z_FINISH) { CZlib.inflate($0, $1) }
        guard status.produced <= limit else { throw .tooLarge }
        guard status.code == Z_STREAM_END else { throw .malformed("bad or truncated DEFLATE data") }
        guard status.consumed == input.count else { throw .malformed("data after the DEFLATE stream") }
        return Array(output.prefix(status.produced))
    }
}

/// Owns a heap-allocated z_stream (zlib checks that the stream does not move) and ends it in `deinit`.
final class ZStream {
    let pointer: UnsafeMutablePointer<z_stream>
    private let deflating: Bool

    init(deflating: Bool) throws(VaultError) {
        self.deflating = deflating
        pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        let rc = deflating ? signin_deflate_init_raw(pointer, Z_BEST_COMPRESSION) : signin_inflate_init_raw(pointer)
        guard rc == Z_OK else {
            pointer.deallocate()
            throw .malformed("zlib init failed (\(rc))")
        }
    }

    deinit {
        _ = deflating ? deflateEnd(pointer) : inflateEnd(pointer)
        pointer.deallocate()
    }

    struct Status { let code: Int32; let consumed: Int; let produced: Int }

    /// One call of `step` over all of `input` into `output` (both sized by the caller); returns zlib's code and counts.
    func run(input: [UInt8], output: inout [UInt8], flush: Int32,
             _ step: (UnsafeMutablePointer<z_stream>, Int32) -> Int32) throws(VaultError) -> Status {
        guard input.count <= Int(UInt32.max), output.count <= Int(UInt32.max) else { throw .tooLarge }
        var input = input
        let outCount = output.count
        let code = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                pointer.pointee.next_in = inBuf.baseAddress
                pointer.pointee.avail_in = uInt(inBuf.count)
                pointer.pointee.next_out = outBuf.baseAddress
                pointer.pointee.avail_out = uInt(outBuf.count)
                defer {
                    pointer.pointee.next_in = nil
                    pointer.pointee.next_out = nil
                }
                return step(pointer, flush)
            }
        }
        return Status(code: code, consumed: input.count - Int(pointer.pointee.avail_in),
                      produced: outCount - Int(pointer.pointee.avail_out))
    }
}
