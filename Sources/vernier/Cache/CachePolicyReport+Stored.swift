import VernierStore

extension CachePolicyReport {
    /// The policy as the run store keeps it for its report: the figures of ``storeMetrics`` with the counts
    /// (`requests`, `redirected`, `days`), and every day's figures with its occupancy (``daily`` must be filled).
    var stored: CachePolicyRecord {
        var metrics = storeMetrics
        metrics["requests"] = Double(requests)
        metrics["redirected"] = Double(redirected)
        metrics["days"] = Double(days)
        return CachePolicyRecord(policy: policy, metrics: metrics, days: (daily ?? []).map { day in
            var statistics = ["requests": Double(day.requests), "hit_ratio": day.hitRatio, "byte_hit_ratio": day.byteHitRatio,
                              "throughput": day.throughput, "cost": day.cost, "read_on_hit": day.readOnHit,
                              "occupancy": day.occupancy]
            if let value = day.throughputHitPerWrite { statistics["throughput_hit_per_write"] = value }
            if let value = day.bandwidth { statistics["bandwidth"] = value }
            if let value = day.cpuEfficiency { statistics["cpu_efficiency"] = value }
            return CacheDayRecord(day: day.day, statistics: statistics)
        })
    }
}
