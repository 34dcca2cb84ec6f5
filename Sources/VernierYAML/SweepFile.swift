import Foundation
import Yams

/// A sweep file: a named grid of jobs, the cartesian product of the values listed.
///
/// ```yaml
/// sweep: pendulum-seeds           # the name jobs are filed under
/// train:                          # plant × config × seed, `vernier train` each
///   plants: [classic/Pendulum-v1]
///   configs: [tiny.yaml]          # relative to this file; omit for SB3's defaults
///   seeds: [1, 2, 3]
///   steps: 512                    # optional: total steps of each
/// tune:                           # plant × optimizer × seed, `vernier tune` each
///   plants: [awake/Steering-v1]
///   optimizers: [random, bo]
///   seeds: [1, 2]
///   budget: 20                    # optional: evaluations of each
/// ```
/// A single value may stand for a list of one. Jobs are listed train before tune, in the order plant, config or
/// optimizer, seed (the last varying fastest).
public struct SweepFile: Sendable {
    /// The sweep's name (non-empty).
    public var name: String
    /// The jobs, in order.
    public var jobs: [SweepJobSpec]

    /// Reads and checks the sweep file at `path`.
    ///
    /// - Throws: ``SweepFileError`` naming the file, the line and the fix.
    public init(contentsOf path: String) throws(SweepFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SweepFileError(file: path, line: nil, message: "cannot read the file (\(error.localizedDescription)); check the path")
        }
        try self.init(yaml: text, file: path, directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Parses sweep YAML; `file` names it in errors, relative `configs` resolve against `directory`.
    public init(yaml text: String, file: String, directory: String) throws(SweepFileError) {
        func fail(_ node: Node?, _ message: String) -> SweepFileError {
            SweepFileError(file: file, line: node?.mark?.line, message: message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SweepFileError(file: file, line: nil, message: "not valid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw fail(root, "expected a mapping with `sweep: NAME` and a `train:` and/or `tune:` section")
        }
        var name: String?
        var jobs: [SweepJobSpec] = []
        var sawSection = false
        for (keyNode, value) in mapping {
            switch keyNode.string ?? "" {
            case "sweep":
                guard let text = value.string, value.scalar != nil, !text.isEmpty else {
                    throw fail(value, "`sweep:` must be a non-empty name, e.g. `sweep: pendulum-seeds`")
                }
                name = text
            case "train":
                sawSection = true
                let section = try Section(value, allowed: ["plants", "configs", "seeds", "steps"], what: "train", fail: fail)
                let plants = try section.strings("plants", required: true)
                let configs = try section.strings("configs", required: false).map { config in
                    config.hasPrefix("/") ? config : URL(fileURLWithPath: directory).appendingPathComponent(config).standardized.path
                }
                let seeds = try section.seeds()
                let steps = try section.positiveInteger("steps")
                for plant in plants {
                    for config in configs.isEmpty ? [nil] : configs.map(Optional.some) {
                        for seed in seeds {
                            jobs.append(SweepJobSpec(kind: .train, plant: plant, seed: seed, config: config, steps: steps))
                        }
                    }
                }
            case "tune":
                sawSection = true
                let section = try Section(value, allowed: ["plants", "optimizers", "seeds", "budget"], what: "tune", fail: fail)
                let plants = try section.strings("plants", required: true)
                let optimizers = try section.strings("optimizers", required: false)
                let seeds = try section.seeds()
                let budget = try section.positiveInteger("budget")
                for plant in plants {
                    for optimizer in optimizers.isEmpty ? [nil] : optimizers.map(Optional.some) {
                        for seed in seeds {
                            jobs.append(SweepJobSpec(kind: .tune, plant: plant, seed: seed, optimizer: optimizer, budget: budget))
                        }
                    }
                }
            case let other:
                throw fail(keyNode, "unknown key `\(other)`; a sweep file has `sweep:`, `train:` and `tune:`")
            }
        }
        guard let name else { throw fail(root, "name the sweep: add `sweep: NAME` at the top level") }
        guard sawSection else { throw fail(root, "no jobs: add a `train:` section (plants, configs, seeds) or a `tune:` section (plants, optimizers, seeds)") }
        self.name = name
        self.jobs = jobs
    }
}

/// One `train:` or `tune:` section of a sweep file, with the keys it may hold.
private struct Section {
    let node: Node
    let values: [String: Node]
    let what: String
    let fail: (Node?, String) -> SweepFileError

    init(_ node: Node, allowed: [String], what: String, fail: @escaping (Node?, String) -> SweepFileError) throws(SweepFileError) {
        guard let mapping = node.mapping else {
            throw fail(node, "`\(what):` must be a mapping of \(allowed.joined(separator: ", ")) to values")
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard allowed.contains(name) else {
                throw fail(key, "unknown key `\(name)` in `\(what):`; use \(allowed.joined(separator: ", "))")
            }
            values[name] = value
        }
        self.node = node
        self.values = values
        self.what = what
        self.fail = fail
    }

    /// The node's items: a sequence's, or the node itself as a list of one.
    private func items(_ key: String) -> [Node]? {
        guard let value = values[key] else { return nil }
        return value.sequence.map(Array.init) ?? [value]
    }

    func strings(_ key: String, required: Bool) throws(SweepFileError) -> [String] {
        guard let items = items(key) else {
            if required { throw fail(node, "`\(what):` needs `\(key): [...]` (one value or a list)") }
            return []
        }
        var strings: [String] = []
        for item in items {
            guard item.scalar != nil, let text = item.string, !text.isEmpty else {
                throw fail(item, "`\(key)` in `\(what):` must list non-empty names, e.g. `\(key): [a, b]`")
            }
            strings.append(text)
        }
        if strings.isEmpty { throw fail(values[key], "`\(key)` in `\(what):` is an empty list; list at least one value") }
        return strings
    }

    func seeds() throws(SweepFileError) -> [UInt64] {
        guard let items = items("seeds") else { throw fail(node, "`\(what):` needs `seeds: [1, 2, ...]`") }
        var seeds: [UInt64] = []
        for item in items {
            guard item.scalar != nil, let text = item.string, let seed = UInt64(text) else {
                throw fail(item, "seeds in `\(what):` must be whole numbers ≥ 0, e.g. `seeds: [1, 2, 3]`")
            }
            seeds.append(seed)
        }
        if seeds.isEmpty { throw fail(values["seeds"], "`seeds` in `\(what):` is an empty list; list at least one seed") }
        return seeds
    }

    func positiveInteger(_ key: String) throws(SweepFileError) -> Int? {
        guard let value = values[key] else { return nil }
        guard value.scalar != nil, let text = value.string, let number = Int(text), number >= 1 else {
            throw fail(value, "`\(key)` in `\(what):` must be a whole number ≥ 1")
        }
        return number
    }
}
