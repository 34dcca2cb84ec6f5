import Foundation
import VernierStore

/// Runs `body` with a fresh empty directory, removed afterwards whatever happens.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("vernier-store-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Doubles that trip up storage: signed zeros, subnormals, the extremes of the format, values with long
/// decimal expansions, integers beyond 2⁵³, and the non-finite ones.
let awkwardDoubles: [Double] = [
    -0.0, 0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
    .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.1, 1.0 / 3.0, .pi, 1e300, -1e-300, .ulpOfOne,
    9_007_199_254_740_994, 1e22, 3.0, -7.0, .infinity, -.infinity, .nan,
]

/// Whether `a` and `b` hold the same values bit for bit (any NaN matches any NaN: SQLite keeps no payload).
func sameBits(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}

/// Whether `a` and `b` hold the same values bit for bit, element by element.
func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy(sameBits)
}

/// Whether `a` and `b` hold the same keys with the same values bit for bit.
func sameBits(_ a: [String: Double], _ b: [String: Double]) -> Bool {
    a.count == b.count && a.allSatisfy { key, value in b[key].map { sameBits(value, $0) } ?? false }
}

/// A tune run on the Pendulum with a small configuration.
func sampleRun(kind: RunKind = .tune, seed: UInt64? = 7) -> NewRun {
    NewRun(kind: kind, plant: "classic/Pendulum-v1", algorithm: "nelder-mead",
           configurationJSON: #"{"budget": 20, "initial_step": 0.1}"#, seed: seed)
}
