/// The emitter's working state: the module body so far, the conversion functions, ROM modules, the stage count.
struct EmitState {
    var body = CodeWriter()
    var conversions: VerilogConversions
    var romModules: [String] = []
    /// Registered stages so far (the latency).
    var stage = 0
    /// Multipliers instantiated so far (constant or shared).
    var multipliers = 0
    let prefix: String
    /// Products per shared multiplier (1: every product has its own constant multiplier and registers load
    /// every clock; N > 1: the stage outputs hold their values between inputs, see ``sharedDense``).
    let reuse: Int

    init(prefix: String, reuse: Int) {
        self.prefix = prefix
        self.reuse = reuse
        conversions = VerilogConversions(prefix: prefix)
    }

    typealias Signal = VerilogEmitter.Signal

    /// Declares `wire signed [width-1:0] name = expression;`.
    mutating func wire(_ name: String, width: Int, _ expression: String) -> Signal {
        body.line("wire \(VerilogLiteral.signedRange(width)) \(name) = \(expression);")
        return Signal(name: name, width: width)
    }

    /// Declares a register loaded with `expression` every clock, or only in cycles where `enable` is high.
    mutating func register(_ name: String, width: Int, _ expression: String, enable: String? = nil) -> Signal {
        body.line("reg \(VerilogLiteral.signedRange(width)) \(name);")
        body.line("always @(posedge clk) \(enable.map { "if (\($0)) " } ?? "")\(name) <= \(expression);")
        return Signal(name: name, width: width)
    }

    /// The signal that is high in the cycle in which the values of the current ``stage`` are first visible:
    /// `in_accept` (an input taken: `in_valid` and `in_ready`) before any register, else the valid chain's bit
    /// `stage - 1`.
    var validOfCurrentStage: String { stage == 0 ? "in_accept" : "valid_pipe[\(stage - 1)]" }

    /// `function(signal)` converting from `fractionBits` to `format`.
    mutating func convert(_ signal: Signal, fractionBits: Int, to format: FixedPointFormat) -> String {
        "\(conversions.name(inputWidth: signal.width, inputFractionBits: fractionBits, to: format))(\(signal.name))"
    }

    /// `c > high ? high : c < low ? low : c` for codes of `width` bits.
    func clamp(_ name: String, low: Int64, high: Int64, width: Int) -> String {
        let highLiteral = VerilogLiteral.signed(high, width: width)
        let lowLiteral = VerilogLiteral.signed(low, width: width)
        return "(\(name) > \(highLiteral)) ? \(highLiteral) : ((\(name) < \(lowLiteral)) ? \(lowLiteral) : \(name))"
    }

    mutating func normalize(_ inputs: [Signal], _ stage: NormalizationStage, inputFormat: FixedPointFormat) -> [Signal] {
        let enable = reuse > 1 ? validOfCurrentStage : nil
        multipliers += inputs.count
        self.stage += 1
        body.line()
        body.line("// Stage \(self.stage): normalisation (x - mean) * scale -> \(stage.outputFormat), clip +/-\(stage.clip) codes")
        let productBits = inputFormat.fractionBits + stage.scaleFormat.fractionBits
        return inputs.enumerated().map { index, input in
            let differenceWidth = input.width + 1
            let difference = wire("norm_d_\(index)", width: differenceWidth,
                                  "\(input.name) - \(VerilogLiteral.signed(stage.mean[index], width: differenceWidth))")
            let product = wire("norm_p_\(index)", width: differenceWidth + stage.scaleFormat.width,
                               "\(difference.name) * \(VerilogLiteral.signed(stage.scale[index], width: stage.scaleFormat.width))")
            let width = stage.outputFormat.width
            let quantized = wire("norm_q_\(index)", width: width, convert(product, fractionBits: productBits, to: stage.outputFormat))
            return register("norm_\(index)", width: width, clamp(quantized.name, low: -stage.clip, high: stage.clip, width: width),
                            enable: enable)
        }
    }

    mutating func dense(_ layer: DenseStage, number: Int, inputs: [Signal], adderTreeDepth: Int,
                        clip: ActionScalingStage?) -> [Signal] {
        let name = "l\(number)"
        let exactBits = layer.inputFormat.fractionBits + layer.weightFormat.fractionBits
        let exactWidth = layer.inputFormat.width + layer.weightFormat.width
        let productIsExact = layer.productFormat.fractionBits == exactBits && layer.productFormat.width >= exactWidth
        let productFractionBits = productIsExact ? exactBits : layer.productFormat.fractionBits
        let sumWidth = layer.exactSumWidth
        let sumBits = layer.sumFractionBits
        // Multiplications.
        stage += 1
        body.line()
        body.line("// Layer \(number) (\(layer.inputCount) -> \(layer.outputCount), \(layer.activation.name)); stage \(stage): products, weights \(layer.weightFormat)")
        var terms: [[String]] = []
        for row in 0..<layer.outputCount {
            var rowTerms: [String] = []
            let biasCode = layer.bias[row] << Int64(sumBits - layer.biasFormat.fractionBits)
            rowTerms.append(VerilogLiteral.signed(biasCode, width: sumWidth))
            for column in 0..<layer.inputCount {
                let weight = layer.weight(output: row, input: column)
                guard weight != 0 else { continue }
                multipliers += 1
                let exact = wire("\(name)_m_\(row)_\(column)", width: exactWidth,
                                 "\(inputs[column].name) * \(VerilogLiteral.signed(weight, width: layer.weightFormat.width))")
                let product = productIsExact
                    ? register("\(name)_p_\(row)_\(column)", width: exactWidth, exact.name)
                    : register("\(name)_p_\(row)_\(column)", width: layer.productFormat.width,
                               convert(exact, fractionBits: exactBits, to: layer.productFormat))
                let shift = sumBits - productFractionBits
                rowTerms.append(shift == 0 ? product.name : "(\(product.name) <<< \(shift))")
            }
            terms.append(rowTerms)
        }
        let sums = adderTree(terms, name: name, width: sumWidth, fractionBits: sumBits, depth: adderTreeDepth,
                             longest: layer.inputCount + 1)
        return activate(layer, number: number, sums: sums, sumWidth: sumWidth, clip: clip, enable: nil)
    }

    /// Pipelined adder trees, one per row of `terms`: each stage (one register deep, loaded every clock) sums
    /// groups of up to 2^depth terms in `width` bits; returns each row's final sum register. The number of
    /// stages is the one `longest` terms need (at least what the longest row needs).
    mutating func adderTree(_ rows: [[String]], name: String, width: Int, fractionBits: Int, depth: Int,
                            longest: Int) -> [String] {
        var terms = rows
        let group = 1 << depth
        let longest = max(longest, terms.map(\.count).max() ?? 1)
        var treeStages = 1
        var reach = group
        while reach < longest { reach *= group; treeStages += 1 }
        for level in 1...treeStages {
            stage += 1
            body.line("// Stage \(stage): adder tree level \(level) of \(treeStages) (\(width)-bit exact sums at 2^-\(fractionBits))")
            for row in terms.indices {
                var next: [String] = []
                var start = 0
                while start < terms[row].count {
                    let chunk = terms[row][start..<min(start + group, terms[row].count)]
                    next.append(register("\(name)_s\(level)_\(row)_\(next.count)", width: width, chunk.joined(separator: " + ")).name)
                    start += group
                }
                terms[row] = next
            }
        }
        return terms.map { $0[0] }
    }

    /// The activation stage of a dense layer on its exact sums: accumulator quantisation, then the output
    /// quantisation, ReLU or the tanh ROM, and the action clip when folded in. With `enable`, the output
    /// registers (and ROMs) load only in cycles where it is high and hold their value otherwise.
    mutating func activate(_ layer: DenseStage, number: Int, sums: [String], sumWidth: Int, clip: ActionScalingStage?,
                           enable: String?) -> [Signal] {
        let name = "l\(number)"
        let sumBits = layer.sumFractionBits
        stage += 1
        body.line("// Stage \(stage): accumulator \(layer.accumulatorFormat), \(layer.activation.name) -> \(clip?.actionFormat ?? layer.outputFormat)")
        var outputs: [Signal] = []
        for row in 0..<layer.outputCount {
            let sum = Signal(name: sums[row], width: sumWidth)
            let accumulatorWidth = layer.accumulatorFormat.width
            let accumulator = wire("\(name)_a_\(row)", width: accumulatorWidth,
                                   convert(sum, fractionBits: sumBits, to: layer.accumulatorFormat))
            let accumulatorBits = layer.accumulatorFormat.fractionBits
            switch layer.activation {
            case .tanh(let table):
                outputs.append(tanh(accumulator, table: table, layer: number, row: row, enable: enable))
            case .linear, .relu:
                var source = accumulator
                if layer.activation == .relu {
                    source = wire("\(name)_r_\(row)", width: accumulatorWidth,
                                  "\(accumulator.name)[\(accumulatorWidth - 1)] ? \(VerilogLiteral.signed(0, width: accumulatorWidth)) : \(accumulator.name)")
                }
                let expression = convert(source, fractionBits: accumulatorBits, to: layer.outputFormat)
                if let clip {
                    let value = wire("\(name)_o_\(row)", width: layer.outputFormat.width, expression)
                    let action = wire("\(name)_c_\(row)", width: clip.actionFormat.width,
                                      convert(value, fractionBits: layer.outputFormat.fractionBits, to: clip.actionFormat))
                    outputs.append(register("\(name)_y_\(row)", width: clip.actionFormat.width,
                                            clamp(action.name, low: clip.low[row], high: clip.high[row], width: clip.actionFormat.width),
                                            enable: enable))
                } else {
                    outputs.append(register("\(name)_y_\(row)", width: layer.outputFormat.width, expression, enable: enable))
                }
            }
        }
        return outputs
    }

    /// The tanh table lookup of one accumulator: index by shift and clamp, then a synchronous ROM.
    mutating func tanh(_ accumulator: Signal, table: TanhTable, layer: Int, row: Int, enable: String?) -> Signal {
        let module = "\(prefix)_tanh_l\(layer)"
        if row == 0 { romModules.append(romModule(module, table: table)) }
        let index = tanhIndex(accumulator, table: table, layer: layer, row: row)
        let output = "l\(layer)_y_\(row)"
        body.line("wire \(VerilogLiteral.signedRange(table.outputFormat.width)) \(output);")
        body.line("\(module) l\(layer)_rom_\(row) (.clk(clk), .en(\(enable ?? "1'b1")), .addr(\(index)), .q(\(output)));")
        return Signal(name: output, width: table.outputFormat.width)
    }

    /// The table index of one accumulator (a wire named `l<layer>_i_<row>`): shift, then clamp to the table.
    /// An hls4ml-style table shifts toward zero: a negative accumulator with any shifted-out bit set gets 1
    /// added to its arithmetic shift.
    mutating func tanhIndex(_ accumulator: Signal, table: TanhTable, layer: Int, row: Int) -> String {
        let shift = table.indexShift
        let bits = table.sizeExponent
        let offsetWidth = max(accumulator.width - shift, bits + 2)
        let offset: Signal
        if shift > 0 && table.indexRoundsTowardZero {
            let name = "l\(layer)_x_\(row)"
            if shift >= accumulator.width {
                offset = wire(name, width: offsetWidth, VerilogLiteral.signed(0, width: offsetWidth))
            } else {
                let floor = wire("\(name)_f", width: offsetWidth, "\(accumulator.name) >>> \(shift)")
                let up = "\(name)_u"
                body.line("wire \(up) = \(accumulator.name)[\(accumulator.width - 1)] & (|\(accumulator.name)[\(shift - 1):0]);")
                offset = wire(name, width: offsetWidth,
                              "\(up) ? \(floor.name) + \(VerilogLiteral.signed(1, width: offsetWidth)) : \(floor.name)")
            }
        } else {
            offset = wire("l\(layer)_x_\(row)", width: offsetWidth,
                          shift >= 0 ? "\(accumulator.name) >>> \(shift)" : "\(accumulator.name) <<< \(-shift)")
        }
        let half = Int64(table.size / 2)
        let index = "l\(layer)_i_\(row)"
        body.line("wire [\(bits - 1):0] \(index) = (\(offset.name) < \(VerilogLiteral.signed(-half, width: offsetWidth))) ? \(bits)'d0 : "
                  + "((\(offset.name) > \(VerilogLiteral.signed(half - 1, width: offsetWidth))) ? \(bits)'d\(table.size - 1) : "
                  + "\(offset.name) + \(VerilogLiteral.signed(half, width: offsetWidth)));")
        return index
    }

    func romModule(_ name: String, table: TanhTable) -> String {
        var writer = CodeWriter()
        let width = table.outputFormat.width
        let sampling: String
        switch table.style {
        case .midpoint: sampling = "midpoints"
        case .hls4ml(let entryFormat): sampling = "hls4ml 1.3: left edges in \(entryFormat), index toward zero"
        }
        writer.line("// tanh on [-\(1 << table.rangeExponent), \(1 << table.rangeExponent)) in \(table.size) bins (\(sampling)), entries \(table.outputFormat); max |error| \(table.maximumError)")
        writer.block("module \(name) (", ");") { w in
            w.line("input wire clk,")
            w.line("input wire en,")
            w.line("input wire [\(table.sizeExponent - 1):0] addr,")
            w.line("output reg \(VerilogLiteral.signedRange(width)) q")
        }
        writer.block("", "endmodule") { w in
            w.block("always @(posedge clk) begin", "end") { w in
                w.block("if (en) case (addr)", "endcase") { w in
                    for (index, entry) in table.entries.enumerated() {
                        w.line("\(table.sizeExponent)'d\(index): q <= \(VerilogLiteral.signed(entry, width: width));")
                    }
                }
            }
        }
        return writer.text
    }

    mutating func scaleActions(_ values: [Signal], _ scaling: ActionScalingStage, layerFormat: FixedPointFormat) -> [Signal] {
        stage += 1
        body.line()
        body.line("// Stage \(stage): action scaling y * k + o -> \(scaling.actionFormat), clipped to the action bounds")
        let productBits = layerFormat.fractionBits + scaling.scaleFormat.fractionBits
        let offsetShift = productBits - scaling.actionFormat.fractionBits
        multipliers += values.count
        return values.enumerated().map { index, value in
            let width = value.width + scaling.scaleFormat.width + 2
            let offset = offsetShift >= 0 ? scaling.offset[index] << Int64(offsetShift) : 0
            let scaled = wire("act_s_\(index)", width: width,
                              "\(value.name) * \(VerilogLiteral.signed(scaling.scale[index], width: scaling.scaleFormat.width)) + \(VerilogLiteral.signed(offset, width: width))")
            let action = wire("act_q_\(index)", width: scaling.actionFormat.width,
                              convert(scaled, fractionBits: productBits, to: scaling.actionFormat))
            return register("act_\(index)", width: scaling.actionFormat.width,
                            clamp(action.name, low: scaling.low[index], high: scaling.high[index], width: scaling.actionFormat.width))
        }
    }

    mutating func argmax(_ values: [Signal], start: Int, width: Int) -> Signal {
        stage += 1
        body.line()
        body.line("// Stage \(stage): arg-max of \(values.count) logits (first on ties) + \(start)")
        var best = values[0]
        var bestIndex = wire("am_i_0", width: width, VerilogLiteral.signed(0, width: width))
        for index in 1..<max(values.count, 1) {
            let greater = "am_g_\(index)"
            body.line("wire \(greater) = \(values[index].name) > \(best.name);")
            best = wire("am_v_\(index)", width: values[index].width, "\(greater) ? \(values[index].name) : \(best.name)")
            bestIndex = wire("am_i_\(index)", width: width, "\(greater) ? \(VerilogLiteral.signed(Int64(index), width: width)) : \(bestIndex.name)")
        }
        return register("am_out", width: width, "\(bestIndex.name) + \(VerilogLiteral.signed(Int64(start), width: width))")
    }
}
