import VernierFPGA

/// What `vernier export` reports (and writes as `report.json`); absent values are omitted.
struct ExportReport: Encodable {
    struct StageFormat: Encodable {
        var stage: String
        var format: String
    }

    struct Saturation: Encodable {
        var stage: String
        var share: Double
    }

    struct Resources: Encodable {
        var device: String
        var luts: Int
        var flipFlops: Int
        var dsps: Int
        var bram18: Int
    }

    var policy: String
    var plantId: String
    var target: String
    var out: String
    var precision: String
    /// "hls4ml" for `--compat hls4ml` (the network alone in hls4ml 1.3's arithmetic).
    var compat: String?
    var maxError: Double?
    var formats: [StageFormat]
    var observationSource: String
    var vectors: Int
    var maxAbsError: Double
    var meanAbsError: Double
    var maxAbsErrorPerAction: [Double]
    var tanhTableSize: Int
    var tanhTableMaxError: Double?
    var saturation: [Saturation]
    var latencyCycles: Int
    var initiationInterval: Int
    var clockMhz: Double
    var latencyNs: Double
    var multipliers: Int
    var mismatches: Int?
    var simulations: [SimulationResult]?
    var resources: Resources?
    var fmaxMhz: Double?
    var seconds: Double
}

extension FixedPointPolicy {
    /// Every stage's formats, for the report.
    var stageFormats: [ExportReport.StageFormat] {
        var formats = [ExportReport.StageFormat(stage: "input", format: inputFormat.hlsType)]
        if let normalization {
            formats.append(.init(stage: "normalization scale", format: normalization.scaleFormat.hlsType))
            formats.append(.init(stage: "normalized", format: normalization.outputFormat.hlsType))
        }
        for (index, layer) in layers.enumerated() {
            let name = "layer \(index + 1)"
            formats.append(.init(stage: "\(name) weights", format: layer.weightFormat.hlsType))
            formats.append(.init(stage: "\(name) biases", format: layer.biasFormat.hlsType))
            formats.append(.init(stage: "\(name) products", format: layer.productFormat.hlsType))
            formats.append(.init(stage: "\(name) accumulator", format: layer.accumulatorFormat.hlsType))
            formats.append(.init(stage: "\(name) \(layer.activation.name) output", format: layer.outputFormat.hlsType))
        }
        if case .continuous(let scaling) = output {
            formats.append(.init(stage: "action", format: scaling.actionFormat.hlsType))
        }
        return formats
    }
}
