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
                machine barely moves. Prints steps per second, median and p99 step time, and the client's CPU time \
                per step. Release builds only give meaningful figures.
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

        @Flag(help: "Time the loop without the map's settle times (a real device needs them; the loop's cost does not).")
        var noSettle = false

        @Flag(help: "Time the loop without the map's read-back verification (one request fewer per step).")
        var noReadback = false

        @OptionGroup var output: OutputOptions

        struct Report: Encodable {
            var steps: Int
            var stepsPerSecond: Double
            var medianMicroseconds: Double
            var p99Microseconds: Double
            var meanMicroseconds: Double
            /// User + system CPU time of this process per timed step: what the client itself costs.
            var cpuMicroseconds: Double
            /// Modbus requests per step.
            var requestsPerStep: Double
        }

        func validate() throws {
            guard steps >= 1, warmup >= 0 else { throw ValidationError("--steps must be ≥ 1 and --warmup ≥ 0") }
        }

        func run() throws {
            var registerMap = try ModbusBackend.map(path: map, endpoint: endpoint)
            for index in registerMap.parameters.indices {
                if noSettle { registerMap.parameters[index].settleTime = 0 }
                if noReadback { registerMap.parameters[index].readback = nil }
            }
            var problem = try ModbusBackend.plant(model: try PlantFactory.make(id: plant.id, optionsText: plant.optionsText),
                                                  map: registerMap)
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
            let requestsBefore = problem.device.connection.statistics.requests
            let cpuBefore = Self.processorSeconds()
            let total = try clock.measure {
                for step in 0..<steps {
                    let began = clock.now
                    _ = try problem.evaluate(step.isMultiple(of: 2) ? nudged : start)
                    durations[step] = Self.seconds(began.duration(to: clock.now))
                }
            }
            let cpu = Self.processorSeconds() - cpuBefore
            let requests = problem.device.connection.statistics.requests - requestsBefore
            _ = try problem.evaluate(start)
            durations.sort()
            let report = Report(
                steps: steps, stepsPerSecond: Double(steps) / Self.seconds(total),
                medianMicroseconds: durations[steps / 2] * 1e6,
                p99Microseconds: durations[min(steps - 1, Int((Double(steps) * 0.99).rounded(.down)))] * 1e6,
                meanMicroseconds: durations.reduce(0, +) / Double(steps) * 1e6,
                cpuMicroseconds: cpu / Double(steps) * 1e6, requestsPerStep: Double(requests) / Double(steps))
            if output.json {
                try JSONOutput.print(report)
            } else {
                print("vernier (libmodbus) \(steps) steps: \(Format.number(report.stepsPerSecond, digits: 5)) steps/s, "
                      + "median \(Format.number(report.medianMicroseconds, digits: 4)) µs, "
                      + "p99 \(Format.number(report.p99Microseconds, digits: 4)) µs, "
                      + "client CPU \(Format.number(report.cpuMicroseconds, digits: 3)) µs/step, "
                      + "\(Format.number(report.requestsPerStep, digits: 3)) requests/step")
            }
        }

        /// User + system CPU time of this process so far (s).
        static func processorSeconds() -> Double {
            var usage = rusage()
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return .nan }
            func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
    }
}
