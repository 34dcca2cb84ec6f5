import Foundation
@testable import VernierReport

/// Small fixed runs, computed from formulas (no randomness), shared by the golden-file and browser tests.
enum Fixtures {
    /// A 30-evaluation tuning run of two parameters in [−1, 1] and one constraint ≤ 0.5: objective
    /// (x₀ − 0.3)² + (x₁ + 0.2)² + 0.01, sampled on a contracting spiral; every 7th point violates the constraint.
    static var tuning: TuningRunSummary {
        let evaluations = (0..<30).map { i -> TuningRunSummary.Evaluation in
            let t = Double(i)
            let radius = 0.9 * pow(0.9, t)
            let x = [0.3 + radius * cos(t), -0.2 + radius * sin(t)]
            let objective = (x[0] - 0.3) * (x[0] - 0.3) + (x[1] + 0.2) * (x[1] + 0.2) + 0.01
            let constraint = i % 7 == 3 ? 0.8 : 0.5 * x[0]
            return .init(objective: objective, constraints: [constraint], parameters: x, isFeasible: constraint <= 0.5)
        }
        let picture = PlantPictures.beamPositions(positions: [0, 3.5, 7, 12.25, 20], before: [1.5, -2.25, 3, -0.5, 2],
                                                  after: [0.25, -0.125, 0.5, 0, -0.25], aperture: 5)
        return TuningRunSummary(
            header: RunHeader(runID: "r7", kind: "tune", plant: "test/Spiral-v1", algorithm: "bo", status: "completed",
                              statusMessage: "reached the budget of 30 evaluations", seed: 1, createdAt: "2026-12-04T12:00:00Z"),
            objectiveName: "distance² (a.u.)",
            parameters: [.init(name: "x0", lower: -1, upper: 1), .init(name: "x1", lower: -1, upper: 1)],
            constraints: [.init(name: "half x0", upper: 0.5)],
            evaluations: evaluations, initialParameters: [1.2, -0.2], plantPictures: [picture])
    }

    /// A training run: 400 episodes whose return rises as 1 − e^(−step/20000) with a deterministic wiggle,
    /// and 50 updates of statistics.
    static var training: TrainingRunSummary {
        let episodes = (0..<400).map { i -> TrainingRunSummary.Episode in
            let step = Double((i + 1) * 200)
            let value = -1000 * exp(-step / 20_000) + 50 * sin(Double(i) * 1.7)
            return .init(step: step, episodeReturn: value, length: 200, success: value > -200)
        }
        let updates = (1...50).map { k -> TrainingRunSummary.Update in
            let s = Double(k) / 50
            return .init(step: k * 1600, values: ["policy_loss": -0.01 * s, "value_loss": 100 * (1 - s) + 1,
                                                   "entropy": 1.4 - s, "approx_kl": 0.01 * s, "clip_fraction": 0.1 * s,
                                                   "explained_variance": s, "steps_per_second": 20_000 + Double(k)])
        }
        return TrainingRunSummary(
            header: RunHeader(runID: "r8", kind: "train", plant: "classic/Pendulum-v1", algorithm: "ppo", status: "completed", seed: 1),
            episodes: episodes, updates: updates, metrics: ["steps": 80_000, "mean_return": -150])
    }

    /// An evaluation run of 100 episodes, 80 successful.
    static var evaluation: EvaluationRunSummary {
        EvaluationRunSummary(
            header: RunHeader(runID: "r9", kind: "evaluate", plant: "awake/Steering-v1", algorithm: "policy", status: "completed", seed: 1_000_000),
            episodes: (0..<100).map { i in
                .init(episodeReturn: -Double(i % 17) * 0.5, length: 10 + i % 13, success: i % 5 != 0,
                      stepsToSuccess: i % 5 != 0 ? 1 + i % 9 : nil)
            })
    }

    /// Three compared runs.
    static var comparison: [RunComparison.Entry] {
        let names = ["bo", "nelder-mead", "random"]
        return (0..<3).map { (run: Int) -> RunComparison.Entry in
            let objectives: [Double] = (0..<40).map { (i: Int) -> Double in
                let wiggle = Double((i * (run + 3)) % 11)
                return 1 + wiggle / Double(i + 1)
            }
            return RunComparison.Entry(label: "r\(run + 1) \(names[run])", objectiveName: "objective",
                         objectives: objectives, feasible: objectives.map { _ in true }, status: "completed")
        }
    }

    /// A cache study of four policies (Belady as the offline bound) over days 0–13 with no request on day 5:
    /// the SCDL table figures for LRU, LFU and the learned policy, and daily curves from formulas
    /// (policy p, day d): hit ratio 0.3 + 0.05p + 0.01(d mod 5), byte hit ratio 0.25 + 0.05p + 0.02(d mod 3),
    /// occupancy min(1, (0.15 + 0.05p)(d + 1)).
    static var cacheStudy: CacheStudySummary {
        let policies = ["lru", "lfu", "belady", "learned"]
        let days = (0..<14).filter { $0 != 5 }
        return CacheStudySummary(
            title: "Run r4 — cache-advise of grid/Cache-v1 with q-learning",
            facts: [ReportFact("trace", "synthetic drift, 4000 requests"), ReportFact("capacity", "10 % of the working set")],
            policies: policies,
            metrics: [.init(name: "throughput H/W", values: [0.4715, 0.6501, 1.2, 0.7943], higherIsBetter: true),
                      .init(name: "throughput (H−W)/C (%)", values: [-20, -10, 30, 5], higherIsBetter: true),
                      .init(name: "cost (W+D)/C (%)", values: [112.84, 104.73, 40, 50.68], higherIsBetter: false),
                      .init(name: "read-on-hit (%)", values: [27.64, 33.29, 45, 21.22], higherIsBetter: true),
                      .init(name: "bandwidth M/B (%)", values: [54.93, 51.00, 40, 58.94], higherIsBetter: false),
                      .init(name: "CPU efficiency (%)", values: [59.90, 60.92, 65, .nan], higherIsBetter: true),
                      .init(name: "hit ratio (%)", values: [41, 38, 60, 35], higherIsBetter: true)],
            daily: policies.indices.map { p in
                let P = Double(p)
                return .init(policy: policies[p], days: days.map(Double.init),
                             hitRatio: days.map { d in 0.3 + 0.05 * P + 0.01 * Double(d % 5) },
                             byteHitRatio: days.map { d in 0.25 + 0.05 * P + 0.02 * Double(d % 3) },
                             occupancy: days.map { d in min(1, (0.15 + 0.05 * P) * Double(d + 1)) })
            },
            recommended: "learned",
            recommendation: "learned admission cuts cost by 55 % for 6.4 points of read-on-hit (versus LRU).",
            referencePolicies: ["belady"])
    }

    /// The gain-like field g(x, y) = 30 − (x² + y²)/2 on [−10, 10]², with its 20 dB contour the circle of radius √20.
    static var paramap: Plot {
        let axis = (0...40).map { -10 + Double($0) * 0.5 }
        let grid = Grid(xs: axis, ys: axis, values: axis.map { y in axis.map { x in
            let r2 = x * x + y * y
            return r2 > 90 ? .nan : 30 - r2 / 2
        } })
        return PlantPictures.paramap(grid: grid, level: 20, operatingPoints: [(3, 3)])
    }

    /// Every report kind, by name, as documents.
    static var documents: [(name: String, document: ReportDocument)] {
        [("tuning", TuningReport.document(tuning)), ("training", TrainingReport.document(training)),
         ("evaluation", EvaluationReport.document(evaluation)), ("comparison", RunComparison.document(comparison)),
         ("cache-study", CacheStudyReport.document(cacheStudy)),
         ("paramap", ReportDocument(title: "Paramap", facts: [], sections: [ReportSection(heading: "Paramap", blocks: [.figure(paramap)])]))]
    }
}
