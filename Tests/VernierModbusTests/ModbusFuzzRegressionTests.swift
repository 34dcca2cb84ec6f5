import Testing
@testable import VernierModbus

/// Inputs that `make fuzz` (Fuzz/, issue 16) found mishandled, each kept as a test of the fixed behaviour.
@Suite("Fuzzing regressions: register maps and device definitions")
struct ModbusFuzzRegressionTests {
    /// A control character is a libyaml *reader* error, which carries a byte offset instead of a mark: the
    /// refusal named no line or column (fuzz target register-map, and device-definition through the same loader).
    static let controlCharacter = """
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        parameters:
          - {name: é, register:\u{01} holding, address: 0, encoding: uint16}
        """

    @Test("a control character in a register map is refused at its line and column")
    func controlCharacterInMap() {
        do {
            _ = try RegisterMap(yaml: Self.controlCharacter, source: "bad.yaml")
            Issue.record("the map was accepted")
        } catch {
            // Line 5; "  - {name: é, register:" is 23 characters (é is two UTF-8 bytes), so column 24.
            #expect(error.location == SourceLocation(line: 5, column: 24), "\(error)")
            #expect("\(error)".hasPrefix("bad.yaml:5:24: not valid YAML: control characters are not allowed"), "\(error)")
        }
    }

    @Test("a control character in a device definition is refused at its line and column")
    func controlCharacterInDefinition() {
        do {
            _ = try DeviceDefinition(yaml: Self.controlCharacter + "\nobjective: x\n", source: "device.yaml")
            Issue.record("the definition was accepted")
        } catch {
            #expect(error.location == SourceLocation(line: 5, column: 24), "\(error)")
        }
    }

    @Test("a reader error's character offset maps to line and column in Unicode scalars", arguments: [
        (0, 1, 1), (3, 1, 4), (4, 2, 1), (6, 2, 4), (7, 3, 1), (100, 3, 2),
    ])
    func characterOffsets(offset: Int, line: Int, column: Int) {
        // Characters: "a" "b" "c" "\r\n" (one character) | "é" "e\u{301}" (one character, two scalars) "\n" | "y".
        #expect(RegisterMap.location(ofCharacter: offset, in: "abc\r\né\u{65}\u{301}\ny") == SourceLocation(line: line, column: column))
    }
}
