import Testing
import VernierCore
import VernierYAML
@testable import VernierPlants

/// The shape options both synthetic devices share: each bad value is refused naming the key, the value seen and
/// the valid range, in the device's units.
@Suite("synthetic devices: shape options")
struct SyntheticDeviceTests {
    static func message<Options: OptionKeyed>(_ yaml: String, as type: Options.Type) -> String? {
        do {
            _ = try PlantOptions(yaml: yaml, source: "t").decode(type)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("quadratic", "{dimension: 0}", "'dimension': dimension must lie in 1...64, got 0"),
        ("quadratic", "{range: .inf}", "'range': range must be positive and finite, got inf"),
        ("quadratic", "{noise: -1}", "'noise': noise must be zero or positive (a standard deviation), got -1.0"),
        ("steering", "{dimension: 65}", "'dimension': dimension must lie in 1...64, got 65"),
        ("steering", "{range: 0}", "'range': range must be positive and finite (mrad), got 0.0"),
        ("steering", "{noise: .nan}", "'noise': noise must be zero or positive (a standard deviation in mm), got nan"),
    ])
    func badShapeIsRefused(device: String, yaml: String, message: String) {
        let seen = device == "quadratic"
            ? Self.message(yaml, as: QuadraticBowl.Options.self)
            : Self.message(yaml, as: LinearSteering.Options.self)
        #expect(seen?.contains(message) == true, "\(device) \(yaml): \(seen ?? "accepted")")
    }

    @Test func rootMeanSquareNamesEveryReadingAndRefusesAMismatch() throws {
        let evaluation = try SyntheticDevice.rootMeanSquare(readings: [3, -4], names: ["a", "b"])
        #expect(evaluation.objective == (12.5).squareRoot())
        #expect(evaluation.observables == ["a": 3, "b": -4])
        #expect(throws: PlantError.self) { try SyntheticDevice.rootMeanSquare(readings: [1], names: ["a", "b"]) }
    }
}
