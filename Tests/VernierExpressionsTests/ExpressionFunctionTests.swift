import Foundation
import Testing
@testable import VernierExpressions

/// Every function against values worked out by hand, ranges, and the compiled code.
@Suite("Expression functions and ranges")
struct ExpressionFunctionTests {
    /// bpm_1…bpm_4 = 3, −4, 12, 0; x = −2.25; loss = 0.01; bpm_10 = 7.
    static let names = NameTable(["bpm_1", "bpm_2", "bpm_3", "bpm_4", "x", "loss", "bpm_10"])
    static let values: [Double] = [3, -4, 12, 0, -2.25, 0.01, 7]

    static func value(_ text: String) throws -> Double {
        try CompiledExpression(text, names: names).evaluate(values)
    }

    @Test("rms: √((9 + 16 + 144 + 0) / 4) = √42.25 = 6.5")
    func rms() throws {
        #expect(try Self.value("rms(bpm_1..bpm_4)") == 6.5)
        #expect(try Self.value("rms(bpm_1, bpm_2)") == (12.5).squareRoot())
        #expect(try Self.value("rms(x)") == 2.25)
    }

    @Test("mean: (3 − 4 + 12 + 0) / 4 = 2.75")
    func mean() throws {
        #expect(try Self.value("mean(bpm_1..bpm_4)") == 2.75)
        let total: Double = 3 - 4 + 12 - 2.25 + 1
        #expect(try Self.value("mean(bpm_1..bpm_3, x, 1)") == total / 5)
    }

    @Test("max and min over ranges and single values")
    func maxMin() throws {
        #expect(try Self.value("max(bpm_1..bpm_4)") == 12)
        #expect(try Self.value("min(bpm_1..bpm_4)") == -4)
        #expect(try Self.value("max(x, loss)") == 0.01)
        #expect(try Self.value("min(x)") == -2.25)
        #expect(try Self.value("max(bpm_1..bpm_4, 20)") == 20)
    }

    @Test("sum: 3 − 4 + 12 + 0 = 11")
    func sum() throws {
        #expect(try Self.value("sum(bpm_1..bpm_4)") == 11)
        #expect(try Self.value("sum(bpm_1..bpm_2, bpm_10)") == 6)
    }

    @Test("abs, sqrt, log10 of one argument")
    func unaryFunctions() throws {
        #expect(try Self.value("abs(x)") == 2.25)
        #expect(try Self.value("abs(bpm_1)") == 3)
        #expect(try Self.value("sqrt(bpm_3 * bpm_1)") == 6)
        #expect(try Self.value("log10(loss)") == -2)
        #expect(try Self.value("log10(1000)") == 3)
        #expect(try Self.value("sqrt(abs(x))") == 1.5)
    }

    @Test("NaN propagates through every function; negative square roots are NaN at run time")
    func notANumber() throws {
        let names = NameTable(["u", "v"])
        for function in ["rms", "mean", "max", "min", "sum", "abs", "sqrt", "log10"] {
            let text = function == "abs" || function == "sqrt" || function == "log10" ? "\(function)(v)" : "\(function)(u, v)"
            #expect(try CompiledExpression(text, names: names).evaluate([1, .nan]).isNaN, "\(function)")
        }
        #expect(try CompiledExpression("max(v, u)", names: names).evaluate([1, .nan]).isNaN)
        #expect(try CompiledExpression("sqrt(u)", names: names).evaluate([-1, 0]).isNaN)
        #expect(try CompiledExpression("log10(u)", names: names).evaluate([0, 0]) == -.infinity)
        #expect(try CompiledExpression("u / v", names: names).evaluate([1, 0]) == .infinity)
    }

    @Test("ranges expand to every name between their ends, zero-padded ends keep their width")
    func ranges() throws {
        let names = NameTable(["cor_08", "cor_09", "cor_10", "q1", "q2"])
        #expect(try names.indices(listedIn: "cor_08..cor_10") == [0, 1, 2])
        #expect(try names.indices(listedIn: "q1..q2") == [3, 4])
        #expect(try names.indices(listedIn: "q2") == [4])
        #expect(try names.indices(listedIn: "q2..q2") == [4])
        #expect(try CompiledExpression("sum(q1..q2, cor_08..cor_10)", names: names).evaluate([1, 2, 3, 40, 50]) == 96)
    }

    @Test("a range over neighbouring names is aggregated in place; others through the stack")
    func compiledCode() throws {
        let inPlace = try CompiledExpression("rms(bpm_1..bpm_4)", names: Self.names)
        #expect(inPlace.code == [.aggregateLoads(.rms, start: 0, count: 4)])
        let scattered = try CompiledExpression("rms(bpm_1, bpm_10)", names: Self.names)
        #expect(scattered.code == [.load(0), .load(6), .aggregate(.rms, count: 2)])
        #expect(scattered.stackDepth == 2 && scattered.indicesUsed == [0, 6])
        let squared = try CompiledExpression("x^2 + 1", names: Self.names)
        #expect(squared.code == [.load(4), .square, .constant(1), .binary(.add)])
        #expect(try Self.value("x^2") == 2.25 * 2.25)
    }

    @Test("parts without names are folded to constants at compile time")
    func constantFolding() throws {
        let folded = try CompiledExpression("2 * (3 + 4) - sqrt(16) + max(1, 5)", names: Self.names)
        #expect(folded.code == [.constant(15)])
        #expect(folded.constantValue == 15)
        let partly = try CompiledExpression("x * (1 + 1)", names: Self.names)
        #expect(partly.code == [.load(4), .constant(2), .binary(.multiply)])
        #expect(partly.constantValue == nil)
    }

    @Test("a deep expression computes what the same arithmetic in Swift computes, bit for bit")
    func handComputed() throws {
        let text = "-gain + 0.1 * pump ^ 2 / (1 + abs(detune)) - log10(max(noise, 1e-3)) * mean(t_1..t_3)"
        let names = NameTable(["gain", "pump", "detune", "noise", "t_1", "t_2", "t_3"])
        let values: [Double] = [19.7, -3.25, -0.0125, 0.42, 1.5, 2.5, 4.25]
        let (gain, pump, detune, noise) = (values[0], values[1], values[2], values[3])
        let mean = (values[4] + values[5] + values[6]) / 3
        let expected = -gain + 0.1 * (pump * pump) / (1 + abs(detune)) - log10(max(noise, 1e-3)) * mean
        #expect(try CompiledExpression(text, names: names).evaluate(values).bitPattern == expected.bitPattern)
    }

    @Test("the names summary collapses numbered runs into ranges")
    func summary() {
        let names = NameTable((1...10).map { "bpm_\($0)" } + ["loss"] + (1...2).map { "cor_\($0)" } + ["pump_on"])
        #expect(names.summary == "bpm_1..bpm_10, loss, cor_1, cor_2, pump_on")
        #expect(NameTable([]).summary == "(none)")
    }
}
