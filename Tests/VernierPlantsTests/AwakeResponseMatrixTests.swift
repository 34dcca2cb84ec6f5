import Foundation
import Testing
import VernierMath
@testable import VernierPlants

@Suite("AWAKE response matrix")
struct AwakeResponseMatrixTests {
    @Test("R rebuilt from the table matches √(βᵢβⱼ) sin(2π(μᵢ − μⱼ)) with the first BPM and last corrector dropped",
          arguments: TransversePlane.allCases)
    func matchesFormula(plane: TransversePlane) throws {
        let table = try TwissTable(contentsOf: RepositoryFiles.tt43Optics)
        let response = try ResponseMatrix(optics: table, plane: plane)
        let monitors = Array(table.elements.filter { $0.keyword == "MONITOR" }.dropFirst())
        let kickers = Array(table.elements.filter { $0.keyword == "KICKER" }.dropLast())
        #expect(response.rows == 10 && response.columns == 10)
        #expect(response.monitorNames == monitors.map(\.name))
        #expect(response.correctorNames == kickers.map(\.name))
        for (i, monitor) in monitors.enumerated() {
            for (j, kicker) in kickers.enumerated() {
                let (betaB, betaC) = plane == .horizontal ? (monitor.betaX, kicker.betaX) : (monitor.betaY, kicker.betaY)
                let (muB, muC) = plane == .horizontal ? (monitor.phaseX, kicker.phaseX) : (monitor.phaseY, kicker.phaseY)
                let expected = muB > muC ? sqrt(betaB * betaC) * sin(2 * .pi * (muB - muC)) : 0
                #expect(response.matrix[i, j] == expected)
            }
        }
        // TT43 alternates BPM and corrector, so R is lower triangular with a non-zero diagonal.
        for i in 0..<10 {
            #expect(response.matrix[i, i] != 0)
            for j in (i + 1)..<10 { #expect(response.matrix[i, j] == 0) }
        }
    }

    @Test("condition numbers: ≈ 288 horizontal, ≈ 88 vertical; largest singular value ≈ 52 m/rad horizontal")
    func conditionNumbers() throws {
        let horizontal = try ResponseMatrix(optics: TT43Optics.table, plane: .horizontal)
        let vertical = try ResponseMatrix(optics: TT43Optics.table, plane: .vertical)
        let conditionH = try horizontal.conditionNumber()
        let conditionV = try vertical.conditionNumber()
        #expect(abs(conditionH - 288) < 2, "cond R horizontal = \(conditionH)")
        #expect(abs(conditionV - 88) < 1, "cond R vertical = \(conditionV)")
        let largest = try horizontal.matrix.singularValues()[0]
        #expect(abs(largest - 51.9) < 0.1, "σmax = \(largest) m/rad")
    }

    @Test("tracking through the design optics with no quadrupole errors reproduces the analytic matrix",
          arguments: TransversePlane.allCases)
    func trackingWithoutErrors(plane: TransversePlane) throws {
        let analytic = try ResponseMatrix(optics: TT43Optics.table, plane: plane)
        let tracked = try ResponseMatrix(optics: TT43Optics.table, plane: plane,
                                         quadrupoleErrors: Array(repeating: 0, count: 11))
        for (a, b) in zip(analytic.matrix.elements, tracked.matrix.elements) {
            #expect(abs(a - b) <= 1e-12 * 60, "analytic \(a), tracked \(b)")
        }
    }

    @Test("one thin-lens error ΔK1L at quadrupole q adds −/+ΔK1L · R(q→i) · R(j→q) for j upstream of q upstream of i",
          arguments: TransversePlane.allCases)
    func singleQuadrupoleError(plane: TransversePlane) throws {
        let elements = TT43Optics.elements
        let quadrupoles = elements.filter { $0.keyword == "QUADRUPOLE" }
        let monitors = Array(elements.filter { $0.keyword == "MONITOR" }.dropFirst())
        let kickers = Array(elements.filter { $0.keyword == "KICKER" }.dropLast())
        let analytic = try ResponseMatrix(optics: TT43Optics.table, plane: plane)
        for (q, quadrupole) in quadrupoles.enumerated() {
            var errors = Array(repeating: 0.0, count: quadrupoles.count)
            errors[q] = 0.05 * quadrupole.k1l
            let perturbed = try ResponseMatrix(optics: TT43Optics.table, plane: plane, quadrupoleErrors: errors)
            let sign = plane == .horizontal ? -1.0 : 1.0
            for (i, monitor) in monitors.enumerated() {
                for (j, kicker) in kickers.enumerated() {
                    let through = quadrupole.phase(plane) > kicker.phase(plane) && monitor.phase(plane) > quadrupole.phase(plane)
                    let extra = through
                        ? sign * errors[q] * ResponseMatrix.element(monitor: monitor, corrector: quadrupole, plane: plane)
                            * ResponseMatrix.element(monitor: quadrupole, corrector: kicker, plane: plane)
                        : 0
                    let expected = analytic.matrix[i, j] + extra
                    #expect(abs(perturbed.matrix[i, j] - expected) <= 1e-10 * 60,
                            "q \(q), BPM \(i), corrector \(j): \(perturbed.matrix[i, j]) vs \(expected)")
                }
            }
        }
    }

    @Test("too few BPMs or correctors in a plane is refused")
    func tooFewElements() {
        let table = TwissTable(elements: [TwissElement(name: "B", keyword: "MONITOR", position: 0, betaX: 1, betaY: 1,
                                                       phaseX: 0, phaseY: 0)])
        #expect(throws: TwissTableError.self) { _ = try ResponseMatrix(optics: table, plane: .horizontal) }
    }
}
