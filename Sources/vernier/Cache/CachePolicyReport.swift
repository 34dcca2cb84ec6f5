import Foundation
import VernierCache

/// One policy's results, as the JSON output and the run store record them (snake_case, absent values omitted).
struct CachePolicyReport: Encodable {
    var policy: String
    var requests: Int
    var hitRatio: Double
    var byteHitRatio: Double
    /// H/W, the 2020 throughput (a ratio).
    var throughputHitPerWrite: Double?
    /// (H − W)/C in percent, the later throughput.
    var throughput: Double
    var cost: Double
    var readOnHit: Double
    var bandwidth: Double?
    var cpuEfficiency: Double?
    var redirected: Int
    var days: Int
    var daily: [Day]?

    struct Day: Encodable {
        var day: Int
        var requests: Int
        var hitRatio: Double
        var byteHitRatio: Double
        var throughputHitPerWrite: Double?
        var throughput: Double
        var cost: Double
        var readOnHit: Double
        var bandwidth: Double?
        var cpuEfficiency: Double?
        /// Fraction of the capacity held at the day's end, 0–1.
        var occupancy: Double
    }

    init(_ simulator: CacheSimulator, name: String? = nil, daily includeDaily: Bool = false) {
        let m = simulator.metrics
        policy = name ?? simulator.policy.name
        requests = m.requests; hitRatio = m.hitRatio; byteHitRatio = m.byteHitRatio
        throughputHitPerWrite = m.throughputHitPerWrite; throughput = m.throughput; cost = m.cost
        readOnHit = m.readOnHit; bandwidth = m.bandwidth; cpuEfficiency = m.cpuEfficiency
        redirected = m.redirected; days = m.days
        if includeDaily {
            daily = zip(simulator.dailyMetrics, simulator.dailyOccupancy).map { entry, occupancy in
                let m = entry.metrics
                return Day(day: entry.day, requests: m.requests, hitRatio: m.hitRatio, byteHitRatio: m.byteHitRatio,
                           throughputHitPerWrite: m.throughputHitPerWrite, throughput: m.throughput, cost: m.cost,
                           readOnHit: m.readOnHit, bandwidth: m.bandwidth, cpuEfficiency: m.cpuEfficiency,
                           occupancy: occupancy)
            }
        }
    }

    /// The run store's summary figures.
    var storeMetrics: [String: Double] {
        var metrics = ["hit_ratio": hitRatio, "byte_hit_ratio": byteHitRatio, "throughput": throughput,
                       "cost": cost, "read_on_hit": readOnHit]
        if let throughputHitPerWrite { metrics["throughput_hit_per_write"] = throughputHitPerWrite }
        if let bandwidth { metrics["bandwidth"] = bandwidth }
        if let cpuEfficiency { metrics["cpu_efficiency"] = cpuEfficiency }
        return metrics
    }
}

/// The human table of policies (the table, labelled with each metric's definition).
enum CachePolicyTable {
    static func render(_ reports: [CachePolicyReport]) -> String {
        let header = ["policy", "hit %", "byte hit %", "thr H/W", "thr (H-W)/C %", "cost (W+D)/C %",
                      "read-on-hit %", "bandwidth M/B %", "CPU eff. %"]
        var rows = [header]
        func f(_ value: Double?, _ digits: Int = 2) -> String {
            guard let value else { return "–" }
            return String(format: "%.\(digits)f", value)
        }
        for r in reports {
            rows.append([r.policy, f(r.hitRatio * 100), f(r.byteHitRatio * 100), f(r.throughputHitPerWrite, 3),
                         f(r.throughput), f(r.cost), f(r.readOnHit), f(r.bandwidth), f(r.cpuEfficiency)])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
