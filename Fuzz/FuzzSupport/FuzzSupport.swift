#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver entry point (LLVM libFuzzer docs, "Using LLVMFuzzerRunDriver").
///
/// SwiftPM links an executable's top-level code as the program's `main`, which hides libFuzzer's own `main`;
/// so each target's main.swift calls `fuzz { ... }`, which hands control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

nonisolated(unsafe) private var body: ([UInt8]) -> Void = { _ in }

/// The `LLVMFuzzerTestOneInput` libFuzzer's archive asks for; runs the target's body on one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    body(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Runs libFuzzer with the process's arguments, calling `target` once per input; never returns.
public func fuzz(_ target: @escaping ([UInt8]) -> Void) -> Never {
    body = target
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in testOneInput(data, size) })
}

/// Splits an input into at most `count` fields at NUL bytes (the last field keeps any further NULs).
public func fields(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
    bytes.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
}

/// Bytes as text the way the program sees them (invalid UTF-8 repaired, as `String(cString:)` does).
public func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Stops the run with a message when a property the target checks does not hold (libFuzzer saves the input).
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz property failed: \(message())") }
}
