@testable import Crypto
import Testing

@Suite("SecretBytes: key material wiped when dropped")
struct SecretBytesTests {
    @Test("holds a copy of the bytes it was given")
    func copy() {
        var source: [UInt8] = [1, 2, 3, 4]
        let secret = SecretBytes(source)
        source[0] = 9
        #expect(secret.count == 4)
        #expect(secret.withUnsafeBytes { Array($0) } == [1, 2, 3, 4])
    }

    /// The test owns the memory (`deallocate: false`), so reading it after the object is gone is defined.
    @Test("its memory is all zeros once the last reference is gone", arguments: [1, 32, 64, 1000])
    func wipedOnDeinit(_ count: Int) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: 0xA5)
        do {
            let secret = SecretBytes(wiping: memory, deallocate: false)
            #expect(secret.withUnsafeBytes { $0.allSatisfy { $0 == 0xA5 } })
        }
        #expect(memory.allSatisfy { $0 == 0 })
    }

    @Test("wipe(_:) zeroes an array in place")
    func wipeArray() {
        var bytes: [UInt8] = Array(1...40)
        SecretBytes.wipe(&bytes)
        #expect(bytes == [UInt8](repeating: 0, count: 40))
    }
}
