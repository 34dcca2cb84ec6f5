/// The running minimum of feasible objectives.
public enum BestSoFar {
    /// One value per evaluation: the least feasible, non-NaN objective so far; NaN before there is one.
    public static func values(objectives: [Double], feasible: [Bool]) -> [Double] {
        var best = Double.nan
        return zip(objectives, feasible).map { objective, isFeasible in
            if isFeasible && !objective.isNaN && (best.isNaN || objective < best) { best = objective }
            return best
        }
    }
}
