internal import CZlib

/// Raw DEFLATE (RFC 1951), as JWE `zip: DEF` requires (RFC 7516 §4.1.3), through zlib with a hard output cap.
/// It lives in Crypto because Crypto and Effects are the only modules that touch C.
public enum RawDeflate {
    public static func compress(_ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        let stream = try ZStream(deflating: true)
        let bound = Int(deflateBound(stream.pointer, uLong(input.count))) + 16
        return try stream.runIntoNew(input: input, capacity: bound) { (status) throws(CryptoError) in
            guard status.code == Z_STREAM_END else { throw .invalidInput("deflate did not finish") }
        } step: { deflate($0, $1) }
    }

    /// Inflates a complete raw DEFLATE stream; more than `limit` bytes of output is `.outputTooLarge` (a decompression bomb),
    /// a corrupt, truncated or trailing-garbage stream is `.invalidInput`.
    public static func inflate(_ input: [UInt8], limit: Int) throws(CryptoError) -> [UInt8] {
        let stream = try ZStream(deflating: false)
        // One spare byte tells "exactly the limit" from "more". The buffer is left uninitialized: zlib writes it.
        return try stream.runIntoNew(input: input, capacity: limit + 1) { (status) throws(CryptoError) in
            guard status.produced <= limit else { throw .outputTooLarge }
            guard status.code == Z_STREAM_END else { throw .invalidInput("bad or truncated DEFLATE data") }
            guard status.consumed == input.count else { throw .invalidInput("data after the DEFLATE stream") }
        } step: { CZlib.inflate($0, $1) }
    }
}

/// Owns a heap-allocated z_stream (zlib checks that the stream does not move) and ends it in `deinit`.
final class ZStream {
    let pointer: UnsafeMutablePointer<z_stream>
    private let deflating: Bool

    init(deflating: Bool) throws(CryptoError) {
        self.deflating = deflating
        pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        pointer.initialize(to: z_stream())
        let rc = deflating ? signin_deflate_init_raw(pointer, Z_BEST_COMPRESSION) : signin_inflate_init_raw(pointer)
        guard rc == Z_OK else {
            pointer.deallocate()
            throw .invalidInput("zlib init failed (\(rc))")
        }
    }

    deinit {
        _ = deflating ? deflateEnd(pointer) : inflateEnd(pointer)
        pointer.deallocate()
    }

    struct Status { let code: Int32; let consumed: Int; let produced: Int }

    /// One call of `step` (with `Z_FINISH`) over all of `input` into a new array of at most `capacity` bytes,
    /// which `check` sees the outcome of before the array is returned; only the bytes zlib wrote are kept.
    func runIntoNew(input: [UInt8], capacity: Int, check: (Status) throws(CryptoError) -> Void,
                    step: (UnsafeMutablePointer<z_stream>, Int32) -> Int32) throws(CryptoError) -> [UInt8] {
        guard input.count <= Int(UInt32.max), capacity <= Int(UInt32.max) else { throw .outputTooLarge }
        var input = input
        var status = Status(code: Z_STREAM_ERROR, consumed: 0, produced: 0)
        let output = input.withUnsafeMutableBufferPointer { inBuf in
            [UInt8](unsafeUninitializedCapacity: capacity) { outBuf, initialized in
                pointer.pointee.next_in = inBuf.baseAddress
                pointer.pointee.avail_in = uInt(inBuf.count)
                pointer.pointee.next_out = outBuf.baseAddress
                pointer.pointee.avail_out = uInt(outBuf.count)
                let code = step(pointer, Z_FINISH)
                status = Status(code: code, consumed: inBuf.count - Int(pointer.pointee.avail_in),
                                produced: outBuf.count - Int(pointer.pointee.avail_out))
                pointer.pointee.next_in = nil
                pointer.pointee.next_out = nil
                initialized = status.produced
            }
        }
        try check(status)
        return output
    }
}
