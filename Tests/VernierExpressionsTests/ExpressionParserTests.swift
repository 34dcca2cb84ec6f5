import Foundation
import Testing
@testable import VernierExpressions

/// The grammar: precedence, associativity, numbers, and the shape of the typed tree.
@Suite("Expression parser")
struct ExpressionParserTests {
    static let names = NameTable(["a", "b", "c", "x", "bpm_1", "bpm_2", "bpm_3", "BPM.430039.H", "gain-dB"])

    static func value(_ text: String, _ values: [Double] = [2, 3, 5, 7, 0.5, -1.5, 2.5, 11, 13]) throws -> Double {
        try CompiledExpression(text, names: names).evaluate(values)
    }

    @Test("precedence: * and / before + and -, ^ before both, parentheses first",
          arguments: [
              ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9), ("2 * 3 ^ 2", 18), ("(2 * 3) ^ 2", 36),
              ("1 + 6 / 3", 3), ("a + b * c", 17), ("a * b + c", 11), ("a - b * c", -13),
          ])
    func precedence(text: String, expected: Double) throws {
        #expect(try Self.value(text) == expected)
    }

    @Test("associativity: + - * / left to right, ^ right to left",
          arguments: [
              ("10 - 4 - 3", 3.0), ("8 / 4 / 2", 1), ("2 ^ 3 ^ 2", 512), ("(2 ^ 3) ^ 2", 64), ("100 / 10 * 2", 20),
              ("1 - 2 + 3", 2),
          ])
    func associativity(text: String, expected: Double) throws {
        #expect(try Self.value(text) == expected)
    }

    @Test("unary minus binds looser than ^ and tighter than * /",
          arguments: [
              ("-2 ^ 2", -4.0), ("(-2) ^ 2", 4), ("2 ^ -1", 0.5), ("-a * b", -6), ("a * -b", -6), ("--a", 2),
              ("-a ^ 2", -4), ("+a", 2), ("2 - -3", 5),
          ])
    func unaryMinus(text: String, expected: Double) throws {
        #expect(try Self.value(text) == expected)
    }

    @Test("numbers: integers, decimals, leading and trailing points, exponents",
          arguments: [
              ("12", 12.0), ("1.5", 1.5), (".5", 0.5), ("2.", 2), ("1e-3", 0.001), ("6.02E+23", 6.02e23),
              ("2.5e2", 250), ("007", 7),
          ])
    func numbers(text: String, expected: Double) throws {
        #expect(try Self.value(text) == expected)
    }

    @Test("names may contain dots, and any text between backticks is a name")
    func names() throws {
        #expect(try Self.value("BPM.430039.H * 2") == 22)
        #expect(try Self.value("`gain-dB` - 1") == 12)
        #expect(try Self.value("`a` + a") == 4)
    }

    @Test("the tree has the expected shape and columns")
    func treeShape() throws {
        let node = try ExpressionParser.expression("a + b * -c")
        guard case .binary(.add, let left, let right) = node.kind else {
            Issue.record("root is not an addition: \(node)")
            return
        }
        #expect(left == ExpressionNode(.name("a"), column: 1, length: 1))
        guard case .binary(.multiply, let b, let negated) = right.kind else {
            Issue.record("right side is not a product: \(right)")
            return
        }
        #expect(b.column == 5 && right.column == 5 && right.length == 6)
        #expect(negated == ExpressionNode(.negation(ExpressionNode(.name("c"), column: 10, length: 1)), column: 9, length: 2))
        #expect(node.column == 1 && node.length == 10)
    }

    @Test("a call's arguments keep ranges apart from expressions")
    func callTree() throws {
        let node = try ExpressionParser.expression("max(bpm_1..bpm_3, 2 * a)")
        guard case .call(let function, let arguments) = node.kind else {
            Issue.record("not a call: \(node)")
            return
        }
        #expect(function == "max" && arguments.count == 2)
        #expect(arguments.first == .range(NameRangeSyntax(first: "bpm_1", last: "bpm_3", column: 5, length: 12)))
        #expect(node.length == 24)
    }

    @Test("a comparison splits into its two sides and the relation")
    func comparisonTree() throws {
        let comparison = try ExpressionParser.comparison("rms(bpm_1..bpm_3) <= 0.2")
        #expect(comparison.relation == .atMost && comparison.column == 19)
        #expect(comparison.right == ExpressionNode(.number(0.2), column: 22, length: 3))
        #expect(try ExpressionParser.comparison("a>=b").relation == .atLeast)
    }

    @Test("white space is free")
    func whiteSpace() throws {
        #expect(try Self.value("  a+b*c  ") == 17)
        #expect(try Self.value("rms( bpm_1 .. bpm_3 )", [0, 0, 0, 0, 3, 4, 0, 0, 0]) == (25.0 / 3).squareRoot())
    }
}
