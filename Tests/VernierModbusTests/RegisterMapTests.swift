import VernierTestSupport
import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// Loading register maps: a valid map parses into the expected values; each kind of fault is refused with the
/// line (and column) at fault.
@Suite("Register maps")
struct RegisterMapTests {
    static func refusal(_ yaml: String) -> RegisterMapError? {
        do {
            _ = try RegisterMap(yaml: yaml, source: "bad.yaml")
            return nil
        } catch {
            return error
        }
    }

    /// Expects `yaml` to be refused at `line` with a message containing every one of `phrases`.
    static func expectRefused(_ yaml: String, line: Int, column: Int? = nil, _ phrases: String...,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let error = refusal(yaml) else {
            Issue.record("the map was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(error.location?.line == line, "\(error)", sourceLocation: sourceLocation)
        if let column { #expect(error.location?.column == column, "\(error)", sourceLocation: sourceLocation) }
        #expect("\(error)".hasPrefix("bad.yaml:\(line):"), "\(error)", sourceLocation: sourceLocation)
        for phrase in phrases {
            #expect(error.message.contains(phrase), "'\(error.message)' lacks '\(phrase)'", sourceLocation: sourceLocation)
        }
    }

    static let header = """
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        """

    @Test("a valid map parses into typed entries")
    func validMap() throws {
        let map = try RegisterMap(yaml: TestMaps.mixed, source: "mixed.yaml")
        #expect(map.device == "mixed-encoding test device")
        #expect(map.transport == .tcp(host: "127.0.0.1", port: 1502))
        #expect(map.unit == 3)
        #expect(map.connection.responseTimeout == 2 && map.connection.retries == 1 && map.connection.initialBackoff == 0.005)
        #expect(map.parameters.map(\.name) == ["enable", "current_a", "voltage_v", "phase_deg"])
        #expect(map.readings.map(\.name) == ["ready", "power_mw", "objective"])
        let enable = try #require(map.setpoint(named: "enable"))
        #expect(enable.point.layout == RegisterLayout(table: .coil, address: 5, encoding: .bool))
        #expect(enable.bounds == 0...1)
        let current = try #require(map.setpoint(named: "current_a"))
        #expect(current.point.layout.encoding == .int16 && current.point.scale == 0.01 && current.point.unit == "A")
        #expect(current.settleTime == 0.001 && current.readback == Readback(tolerance: 0.005))
        #expect(current.point.location.line == 8)
        let voltage = try #require(map.setpoint(named: "voltage_v"))
        #expect(voltage.point.layout.wordOrder == .little && voltage.point.layout.byteOrder == .big)
        let phase = try #require(map.setpoint(named: "phase_deg"))
        #expect(phase.point.layout.wordOrder == .little && phase.point.layout.byteOrder == .little)
        #expect(map.reading(named: "objective")?.layout == RegisterLayout(table: .input, address: 2, encoding: .float64))
        #expect(map.parametersLocation.line == 6 && map.readingsLocation.line == 19)
    }

    @Test("serial transports parse with their line settings")
    func serialTransport() throws {
        let map = try RegisterMap(yaml: """
            transport:
              rtu: {device: /dev/ttyUSB0, baud: 9600, parity: none, stop_bits: 2}
            unit_id: 17
            readings:
              - {name: t, register: input, address: 0, encoding: int16, scale: 0.1}
            """, source: "rtu.yaml")
        #expect(map.transport == .rtu(SerialLine(device: "/dev/ttyUSB0", baudRate: 9_600, parity: .none, dataBits: 8, stopBits: 2)))
        #expect(map.transport.endpoint == "rtu /dev/ttyUSB0 9600 8N2")
        #expect(map.unit == 17)
    }

    @Test("malformed YAML is refused at the syntax error")
    func syntaxError() {
        Self.expectRefused(Self.header + "\nparameters:\n  - {name: x, register: holding\n  - oops: [\n", line: 6, "not valid YAML")
    }

    @Test("an unknown key is refused with a suggestion")
    func unknownKey() {
        Self.expectRefused(Self.header + """

            parameters:
              - name: x
                register: holding
                adress: 0
            """, line: 7, column: 5, "unknown key 'parameters[0].adress'", "did you mean 'address'")
    }

    @Test("a missing required key is refused at its entry")
    func missingKey() {
        Self.expectRefused(Self.header + """

            parameters:
              - name: x
                register: holding
                encoding: float32
                bounds: [0, 1]
            """, line: 5, "needs 'address'")
    }

    @Test("a value of the wrong kind is refused at the value")
    func wrongKind() {
        Self.expectRefused(Self.header + "\nreadings:\n  - {name: y, register: input, address: ten, encoding: int16}\n",
                           line: 5, "should be a whole number", "'ten'")
    }

    @Test("an unknown encoding is refused with the valid ones")
    func unknownEncoding() {
        Self.expectRefused(Self.header + "\nreadings:\n  - {name: y, register: input, address: 0, encoding: float}\n",
                           line: 5, "'float'", "float32", "must be one of")
    }

    @Test("an encoding the register type cannot hold is refused")
    func encodingForTable() {
        Self.expectRefused(Self.header + """

            parameters:
              - name: pump_on
                register: coil
                address: 3
                encoding: float32
            """, line: 8, "a coil cannot hold float32")
        Self.expectRefused(Self.header + "\nreadings:\n  - {name: y, register: input, address: 0, encoding: bool}\n",
                           line: 5, "an input register cannot hold bool")
    }

    @Test("a parameter in a read-only table is refused")
    func readOnlyParameter() {
        Self.expectRefused(Self.header + "\nparameters:\n  - {name: x, register: input, address: 0, encoding: int16, bounds: [0, 1]}\n",
                           line: 5, "read-only", "holding registers or coils")
    }

    @Test("overlapping registers are refused at the later entry, naming the earlier")
    func overlap() {
        Self.expectRefused(Self.header + """

            parameters:
              - {name: x, register: holding, address: 10, encoding: float32, bounds: [0, 1]}
            readings:
              - {name: y, register: input, address: 10, encoding: float32}
              - {name: z, register: holding, address: 11, encoding: uint16}
            """, line: 8, "'z' (holding register 11) overlaps 'x' (holding registers 10...11, at line 5")
    }

    @Test("a name used twice is refused")
    func duplicateName() {
        Self.expectRefused(Self.header + """

            parameters:
              - {name: x, register: holding, address: 0, encoding: int16, bounds: [0, 1]}
            readings:
              - {name: x, register: input, address: 0, encoding: int16}
            """, line: 7, "'x' is used twice", "first at line 5")
    }

    @Test("bounds the encoding cannot store are refused at the bounds")
    func unrepresentableBounds() {
        Self.expectRefused(Self.header + """

            parameters:
              - name: current
                register: holding
                address: 0
                encoding: int16
                scale: 0.01
                bounds: [-400, 400]
            """, line: 10, "bound -400.0 cannot be stored", "-40000", "int16")
    }

    @Test("unordered or missing parameter bounds are refused")
    func badBounds() {
        Self.expectRefused(Self.header + "\nparameters:\n  - {name: x, register: holding, address: 0, encoding: int16, bounds: [5, 1]}\n",
                           line: 5, "low ≤ high")
        Self.expectRefused(Self.header + "\nparameters:\n  - {name: x, register: holding, address: 0, encoding: int16}\n",
                           line: 5, "needs 'bounds")
    }

    @Test("a value past the end of the address space is refused")
    func addressRange() {
        Self.expectRefused(Self.header + "\nreadings:\n  - {name: y, register: input, address: 65535, encoding: float32}\n",
                           line: 5, "leaves the address range 0...65535")
    }

    @Test("a zero scale is refused")
    func zeroScale() {
        Self.expectRefused(Self.header + "\nreadings:\n  - {name: y, register: input, address: 0, encoding: int16, scale: 0}\n",
                           line: 5, "scale 0.0 must be finite and non-zero")
    }

    @Test("a read-back from a reading the map does not have is refused")
    func readbackSource() {
        Self.expectRefused(Self.header + """

            parameters:
              - name: x
                register: holding
                address: 0
                encoding: float32
                bounds: [0, 1]
                readback: {tolerance: 0.01, reading: x_actul}
            readings:
              - {name: x_actual, register: input, address: 0, encoding: float32}
            """, line: 10, "'x_actul'", "did you mean 'x_actual'")
    }

    @Test("transport must name exactly one of tcp and rtu")
    func transportChoice() {
        Self.expectRefused("transport: {}\nreadings:\n  - {name: y, register: input, address: 0, encoding: int16}\n",
                           line: 1, "exactly one of 'tcp'")
        Self.expectRefused("readings:\n  - {name: y, register: input, address: 0, encoding: int16}\n", line: 1, "needs 'transport'")
    }

    @Test("combined_write_read is refused where function 23 cannot do the job")
    func combinedWriteRead() throws {
        #expect(try RegisterMap(yaml: TestMaps.measuredKnobCombined, source: "ok.yaml").combinedWriteRead)
        Self.expectRefused(TestMaps.measuredKnobCombined.replacingOccurrences(
            of: "m_3, register: holding", with: "m_3, register: input"), line: 5, "'m_3' is not a holding register")
        Self.expectRefused(TestMaps.measuredKnobCombined.replacingOccurrences(
            of: "address: 104", with: "address: 110"), line: 5, "one gap-free block")
        Self.expectRefused(TestMaps.measuredKnobCombined.replacingOccurrences(
            of: "address: 4, encoding: float32, bounds: [-2, 2]}", with: "address: 4, encoding: float32, bounds: [-2, 2], settle_ms: 5}"),
            line: 5, "'c' has a settle time")
    }

    @Test("a key given twice is refused at the second")
    func duplicateKey() {
        Self.expectRefused(Self.header + "\nunit_id: 2\nreadings:\n  - {name: y, register: input, address: 0, encoding: int16}\n",
                           line: 4, "'unit_id' is given twice", "first at line 3")
    }

    @Test("a map that does not fit the plant is refused at the line to fix")
    func binding() throws {
        let map = try RegisterMap(yaml: TestMaps.threeKnob, source: "knobs.yaml")
        // A plant parameter the map leaves out: the error points at `parameters:` and names it.
        do {
            _ = try map.binding(parameterNames: ["a", "b", "c", "d"])
            Issue.record("an unmapped parameter was accepted")
        } catch {
            #expect(error.location?.line == 6)
            #expect(error.message.contains("'d' is not mapped"))
        }
        // A map entry the plant does not have: the error points at the entry.
        do {
            _ = try map.binding(parameterNames: ["a", "b"])
            Issue.record("an extra map parameter was accepted")
        } catch {
            #expect(error.location?.line == 9)
            #expect(error.message.contains("writes 'c', which is not a parameter of the plant"))
        }
        // A reading the plant needs that the map lacks: the error points at `readings:`.
        do {
            _ = try map.binding(parameterNames: ["a", "b", "c"], requiredReadings: ["objective", "loss"])
            Issue.record("a missing reading was accepted")
        } catch {
            #expect(error.location?.line == 10)
            #expect(error.message.contains("'loss'"))
        }
        let binding = try map.binding(parameterNames: ["c", "a", "b"], requiredReadings: ["power"])
        #expect(binding.setpointIndices == [2, 0, 1] && binding.readingIndices == [1])
    }

    @Test("a larger document keeps its own sections, with their marks, for the caller")
    func extraSections() throws {
        let yaml = TestMaps.measuredKnob + "\nobjective: rms(m_1..m_3)\naveraging: 4\n"
        let (map, extras) = try RegisterMap.load(yaml: yaml, source: "device.yaml", extraKeys: ["objective", "averaging", "initial"])
        #expect(map.readings.count == 3)
        #expect(extras["objective"]?.string == "rms(m_1..m_3)" && extras["objective"]?.mark?.line == 15)
        #expect(extras["averaging"]?.int == 4 && extras["initial"] == nil)
        // Without them the same keys are refused.
        Self.expectRefused(yaml, line: 15, "unknown key 'objective'")
    }
}

@Suite("Shipped maps and documentation")
struct ShippedMapTests {
    @Test("the example in hardware/README.md loads as documented")
    func readmeExample() throws {
        let readme = try String(contentsOf: ServedDevice.packageRoot.appendingPathComponent("hardware/README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let map = try RegisterMap(yaml: String(readme[start.upperBound..<end.lowerBound]), source: "hardware/README.md")
        #expect(map.transport == .tcp(host: "192.168.10.20", port: 502) && map.unit == 1)
        #expect(map.parameters.map(\.name) == ["MCAWA.430029", "pump_on"])
        let corrector = try #require(map.setpoint(named: "MCAWA.430029"))
        #expect(corrector.maxStep == 0.1 && corrector.settleTime == 0.2)
        #expect(corrector.readback == Readback(tolerance: 0.002, reading: "MCAWA.430029.I"))
        #expect(map.reading(named: "BPM.430039.H")?.layout.wordOrder == .little)
        #expect(map.setpoint(named: "pump_on")?.bounds == 0...1)
    }

    @Test("every map in hardware/ loads")
    func shippedMaps() throws {
        let folder = ServedDevice.packageRoot.appendingPathComponent("hardware")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            _ = try RegisterMap(contentsOf: folder.appendingPathComponent(file))
        }
    }
}
