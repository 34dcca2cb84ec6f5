import Foundation

extension PolicyFile {
    /// The policy as pretty-printed JSON with sorted keys (deterministic: same policy, same bytes).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the policy to `url` atomically (a crash leaves the old file or the new one, never half of one).
    public func write(to url: URL) throws {
        try encoded().write(to: url, options: .atomic)
    }

    /// Reads and validates the policy file at `url`.
    public static func load(from url: URL) throws(PolicyFileError) -> PolicyFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data)
    }

    /// Decodes and validates a policy file: JSON, format and version, fields, shapes, finite numbers, checksum.
    public static func decode(_ data: Data) throws(PolicyFileError) -> PolicyFile {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .notJSON("\(data.count) bytes: \((error as NSError).localizedDescription)")
        }
        // Format and version first: a future version may have other fields, and should be reported as such.
        struct Header: Decodable {
            var format: String?
            var formatVersion: Int?
            enum CodingKeys: String, CodingKey {
                case format
                case formatVersion = "format_version"
            }
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .notAPolicyFile(found: nil)
        }
        guard header.format == formatName else { throw .notAPolicyFile(found: header.format) }
        guard let version = header.formatVersion else { throw .missingField("format_version") }
        guard version == currentVersion else { throw .unsupportedVersion(found: version, supported: currentVersion) }

        let file: PolicyFile
        do {
            file = try JSONDecoder().decode(PolicyFile.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw .notJSON("\(error)")
        }
        try file.validate()
        return file
    }

    /// Checks shapes, numbers and the checksum.
    public func validate() throws(PolicyFileError) {
        guard format == Self.formatName else { throw .notAPolicyFile(found: format) }
        guard formatVersion == Self.currentVersion else {
            throw .unsupportedVersion(found: formatVersion, supported: Self.currentVersion)
        }
        guard !layers.isEmpty else { throw .shapeMismatch("the network has no layers") }
        guard observationCount >= 1 else { throw .shapeMismatch("observation_count is \(observationCount); it must be at least 1") }
        guard layers[0].inputs == observationCount else {
            throw .shapeMismatch("layer 0 takes \(layers[0].inputs) inputs but observation_count is \(observationCount)")
        }
        for (index, layer) in layers.enumerated() {
            guard layer.inputs >= 1, layer.outputs >= 1 else {
                throw .shapeMismatch("layer \(index) is \(layer.inputs) → \(layer.outputs); sizes must be at least 1")
            }
            if index > 0, layers[index - 1].outputs != layer.inputs {
                throw .shapeMismatch("layer \(index - 1) has \(layers[index - 1].outputs) outputs but layer \(index) takes \(layer.inputs) inputs")
            }
            // Sizes come from the file: their product can overflow Int (found by fuzzing, issue 16).
            let (weightCount, overflows) = layer.inputs.multipliedReportingOverflow(by: layer.outputs)
            guard !overflows, layer.weights.count == weightCount else {
                let needed = overflows ? "more than \(Int.max)" : "\(weightCount)"
                throw .shapeMismatch("layer \(index) has \(layer.weights.count) weights; \(layer.outputs) × \(layer.inputs) needs \(needed)")
            }
            guard layer.bias.count == layer.outputs else {
                throw .shapeMismatch("layer \(index) has \(layer.bias.count) biases for \(layer.outputs) outputs")
            }
            if let bad = (layer.weights + layer.bias).first(where: { !$0.isFinite }) {
                throw .invalidNumber("layer \(index) holds \(bad)")
            }
        }
        let outputs = layers[layers.count - 1].outputs
        let actions = actionScaling.actionCount
        switch actionScaling.kind {
        case .continuous:
            let counts = [actionScaling.scale.count, actionScaling.offset.count, actionScaling.high.count]
            guard counts.allSatisfy({ $0 == actions }), actions >= 1 else {
                throw .shapeMismatch("action_scaling has \(actions) low, \(counts[2]) high, \(counts[0]) scale and \(counts[1]) offset elements; they must agree")
            }
            guard outputs == actions else {
                throw .shapeMismatch("the network has \(outputs) outputs but the action has \(actions) elements")
            }
            let numbers = actionScaling.scale + actionScaling.offset + actionScaling.low + actionScaling.high
            if let bad = numbers.first(where: { !$0.isFinite }) {
                throw .invalidNumber("action_scaling holds \(bad)")
            }
            if let index = actions == 0 ? nil : (0..<actions).first(where: { actionScaling.low[$0] > actionScaling.high[$0] }) {
                throw .shapeMismatch("action_scaling element \(index): low \(actionScaling.low[index]) is above high \(actionScaling.high[index])")
            }
            guard head.kind != .categorical else {
                throw .shapeMismatch("a categorical head needs discrete action_scaling")
            }
        case .discrete:
            guard actionScaling.choices == outputs, outputs >= 1 else {
                throw .shapeMismatch("the network has \(outputs) outputs but action_scaling has \(actionScaling.choices) choices")
            }
            guard head.kind == .categorical else {
                throw .shapeMismatch("discrete action_scaling needs a categorical head, not \(head.kind.rawValue)")
            }
        }
        switch head.kind {
        case .gaussian:
            guard head.logStd.count == actions else {
                throw .shapeMismatch("the gaussian head has \(head.logStd.count) log-std values for \(actions) action elements")
            }
        case .stateDependentGaussian:
            let latent = layers.count >= 2 ? layers[layers.count - 1].inputs : observationCount
            let (needed, overflows) = latent.multipliedReportingOverflow(by: actions)
            guard !overflows, head.logStd.count == needed else {
                throw .shapeMismatch("the state-dependent head has \(head.logStd.count) log-std values; \(latent) latent × \(actions) actions needs \(overflows ? "more than \(Int.max)" : "\(needed)")")
            }
        case .categorical:
            guard head.logStd.isEmpty else { throw .shapeMismatch("a categorical head has no log-std values") }
        }
        if let bad = head.logStd.first(where: { !$0.isFinite }) { throw .invalidNumber("head log_std holds \(bad)") }
        if let normalization = observationNormalization {
            guard normalization.mean.count == observationCount, normalization.variance.count == observationCount else {
                throw .shapeMismatch("observation_normalization has \(normalization.mean.count) means and \(normalization.variance.count) variances for \(observationCount) observation elements")
            }
            let numbers = normalization.mean + normalization.variance + [normalization.clip, normalization.epsilon]
            if let bad = numbers.first(where: { !$0.isFinite }) {
                throw .invalidNumber("observation_normalization holds \(bad)")
            }
            guard normalization.variance.allSatisfy({ $0 >= 0 }), normalization.epsilon >= 0, normalization.clip > 0 else {
                throw .invalidNumber("observation_normalization needs variances ≥ 0, epsilon ≥ 0 and clip > 0")
            }
            guard normalization.variance.allSatisfy({ $0 + normalization.epsilon > 0 }) else {
                throw .invalidNumber("observation_normalization divides by zero: a variance plus epsilon is 0")
            }
        }
        let computed = computedChecksum()
        guard checksum == computed else { throw .checksumMismatch(stored: checksum, computed: computed) }
    }

    /// Refuses the policy for a plant other than the one it was trained on.
    public func requirePlant(_ requested: String) throws(PolicyFileError) {
        guard requested == plantID else { throw .plantMismatch(policy: plantID, requested: requested) }
    }

    private static func describe(_ error: DecodingError) -> PolicyFileError {
        func path(_ context: DecodingError.Context, appending key: CodingKey? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .missingField(path(context, appending: key))
        case .valueNotFound(let type, let context):
            return .wrongType(field: path(context), detail: "null where \(type) is needed")
        case .typeMismatch(let type, let context):
            return .wrongType(field: path(context), detail: "expected \(type)")
        case .dataCorrupted(let context):
            return .wrongType(field: path(context), detail: context.debugDescription)
        @unknown default:
            return .notJSON("\(error)")
        }
    }
}
