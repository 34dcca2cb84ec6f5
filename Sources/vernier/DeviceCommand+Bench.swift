import ArgumentParser
import Foundation
import VernierCore
import VernierModbus

extension DeviceCommand {
    /// `vernier device bench ID --map FILE --endpoint HOST:PORT` (hidden): the control-loop benchmark of
    /// BENCHMARKS.md — full Modbus-backed plant evaluations (write every setpoint, read every reading, compute
    /// the objective) timed one by one.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Time control steps (write all setpoints, read all readings) against a Modbus device.",
            discussion: """
                Alternates between the device's present settings and a point 0.1 % of each range away, so the \
                machine barely moves. Prints steps per second, median and p99 step time. Release builds only \
                give meaningful figures.
                """,
            shouldDisplay: false)

        @OptionGroup var plant: PlantSelection

        @Option(help: "The register map (YAML).")
        var map: String

        @Option(help: "The device, overriding the map's TCP address.")
        var endpoint: Endpoint?

        @Option(help: "Timed steps.")
        var steps: Int = 20_000

        @Option(help: "Untimed steps first.")
        var warmup: Int = 1_000

        @Flag(help: "Print JSON (snake_case keys).")
        var json = false

        struct Report: Encodable {
            var steps: Int
            var stepsPerSecond: Double
            var medianMicroseconds: Double
            var p99Microseconds: Double
            var meanMicroseconds: Double
        }

        func validate() throws {
            guard steps >= 1, warmup >= 0 else { throw ValidationError("--steps must be ≥ 1 and --warmup ≥ 0") }
        }

        func run() throws {
            var problem = try ModbusBackend.plant(id: plant.id, optionsText: plant.optionsText, mapPath: map,
                                                  endpoint: endpoint)
            defer { try? problem.close() }
            let start = try problem.initialParameters(seed: nil)
            let space = problem.optimizationSpace
            let nudged = start.indices.map { index in
                let width = space.high[index] - space.low[index]
                let up = start[index] + 0.001 * width
                return up <= space.high[index] ? up : start[index] - 0.001 * width
            }
            for step in 0..<warmup { _ = try problem.evaluate(step.isMultiple(of: 2) ? nudged : start) }
            var durations = [Double](repeating: 0, count: steps)
            let clock = ContinuousClock()
            let total = try clock.measure {
                for step in 0..<steps {
                    let began = clock.now
                    _ = try problem.evaluate(step.isMultiple(of: 2) ? nudged : start)
                    durations[step] = Self.seconds(began.duration(to: clock.now))
                }
            }
            _ = try problem.evaluate(start)
            durations.sort()
            let report = Report(
                steps: steps, stepsPerSecond: Double(steps) / Self.seconds(total),
                medianMicroseconds: durations[steps / 2] * 1e6,
                p99Microseconds: durations[min(steps - 1, Int((Double(steps) * 0.99).rounded(.down)))] * 1e6,
                meanMicroseconds: durations.reduce(0, +) / Double(steps) * 1e6)
            if json {
                try JSONOutput.print(report)
            } else {
                print("vernier (libmodbus) \(steps) steps: \(Format.number(report.stepsPerSecond, digits: 5)) steps/s, "
                      + "median \(Format.number(report.medianMicroseconds, digits: 4)) µs, "
                      + "p99 \(Format.number(report.p99Microseconds, digits: 4)) µs")
            }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
    }
}
