/// Why a verification step could not run.
public enum VerificationError: Error, CustomStringConvertible {
    /// The tool is not installed.
    case toolMissing(String)
    /// The tool exited with an error.
    case toolFailed(tool: String, status: Int32, log: String)
    /// The tool ran past its time limit.
    case timedOut(tool: String, seconds: Double)
    /// The simulation's output could not be read.
    case unreadableOutput(String)

    public var description: String {
        switch self {
        case .toolMissing(let name):
            return "\(name) is not installed (Debian: apt-get install \(Self.package(of: name)))"
        case .toolFailed(let tool, let status, let log):
            return "\(tool) failed with status \(status):\n\(log)"
        case .timedOut(let tool, let seconds):
            return "\(tool) did not finish within \(Int(seconds)) s"
        case .unreadableOutput(let detail):
            return "the simulation output is unreadable: \(detail)"
        }
    }

    static func package(of tool: String) -> String {
        switch tool {
        case "iverilog", "vvp": "iverilog"
        case "nextpnr-ice40": "nextpnr-ice40"
        case "icepack": "fpga-icestorm"
        default: tool
        }
    }
}
