import Benchmark
import VernierExpressions

/// Evaluation rate of compiled device-definition expressions (the objective, constraints and reward computed in
/// every measurement of a `modbus/Device-v1` plant), release build; `mallocCountTotal` shows that an evaluation
/// allocates nothing. The Python side (the same expressions through `eval`, as a YAML-configured Python tool
/// evaluates them, and as hand-written lambdas) is `Benchmarks/python/expressions.py`, run by
/// `Benchmarks/compare-expressions.sh` in the same session.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    /// The steering example's names: ten BPMs (mm) then ten correctors (mrad), and three JPA-bench names.
    let names = NameTable((1...10).map { "bpm_\($0)" } + (1...10).map { "corrector_\($0)" }
                          + ["gain_db", "pump_dbm", "detune"])
    let values: [Double] = (0..<20).map { Double($0 % 7) * 0.37 - 1.1 } + [19.7, -3.25, -0.0125]

    let expressions = [
        ("rms over a range", "rms(bpm_1..bpm_10)"),
        ("steering objective with constraints' terms", "rms(bpm_1..bpm_10) + 0.1 * max(corrector_1..corrector_10) - min(bpm_2, bpm_5, bpm_9)"),
        ("JPA figure of merit", "-gain_db + 0.1 * pump_dbm^2 / (1 + abs(detune)) - log10(max(abs(detune), 1e-3)) * mean(bpm_1..bpm_3)"),
    ]
    for (label, text) in expressions {
        // Each iteration: 1,000 evaluations, so throughput × 1,000 is evaluations per second.
        Benchmark("expression: \(label)") { benchmark in
            guard let compiled = try? CompiledExpression(text, names: names) else { return }
            values.withUnsafeBufferPointer { buffer in
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    blackHole(compiled.evaluate(buffer))
                }
            }
        }
    }

    // Parse + check + compile, the load-time cost (once per expression per run).
    Benchmark("expression: compile the JPA figure of merit", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? CompiledExpression(expressions[2].1, names: names))
        }
    }
}
