import Foundation

/// The target this process fuzzes, read once from `VERNIER_FUZZ_TARGET` by ``fuzzInitialize(_:_:)``.
nonisolated(unsafe) private var selectedTarget: FuzzTarget?

/// libFuzzer's start-up hook: picks the target named by `VERNIER_FUZZ_TARGET`, or lists them and exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    let name = getenv("VERNIER_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("VERNIER_FUZZ_TARGET must name a fuzz target (got '\(name)'): \(names)\n".utf8))
        exit(64)
    }
    selectedTarget = target
    return 0
}

/// libFuzzer's entry: one input, checked by the selected target; a broken property traps (see ``FuzzCheck``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let target = selectedTarget else { return 0 }
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    target.check(bytes)
    return 0
}
