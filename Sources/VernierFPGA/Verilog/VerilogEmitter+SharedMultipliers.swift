/// Dense layers with shared multipliers (`--reuse N`, initiation interval N).
///
/// The layer's products — every weight, zeros included, in row-major order — are cut into consecutive runs of N;
/// each run gets one multiplier (⌈inputs · outputs / N⌉ per layer). In row-major order a run's columns are
/// consecutive modulo the input count, so the inputs are read through a rotating ring instead of a multiplexer
/// per multiplier: when the layer starts, its inputs are loaded into a ring of registers (`ring_j = x_j`), which
/// then turns by one every clock (`ring_j ← ring_{j+1 mod n}`, so in phase t `ring_j = x_{(j+t) mod n}`), and the
/// multiplier whose run starts at column c reads `ring_c` in every phase — a fixed wire. All the multipliers of a
/// layer share the one ring (n registers), as in hls4ml's resource strategy, where the input index is a function
/// of the phase; only the weight is chosen by the phase (a small constant ROM per multiplier). Each multiplier
/// has one accumulator: the registered product, brought into the product format, starts a new sum in the first
/// phase of each row its run touches and is added in the others, and the sum is captured in a partial-sum
/// register of that row in the row's last phase. The partial sums and the bias then go through the ordinary
/// pipelined adder tree (the sum is exact, so the order does not matter) and the activation, whose registers load
/// once per input and hold their value until the next: the next layer's ring reads stable inputs. A tanh layer
/// shares its table ROMs the same way (``sharedTanh``).
///
/// Timing from the cycle the layer's inputs become visible: one cycle to load the ring, N phases, one product
/// register, then the last partial sum is visible after N + 2 cycles; then the adder-tree stages and the
/// activation stage. Inputs come at least N cycles apart: the top module's `in_ready` is low for the N − 1 cycles
/// after an input.
extension EmitState {
    /// One product of a layer: which row and column, and the weight code.
    struct ScheduledProduct {
        var row: Int
        var column: Int
        var weight: Int64
    }

    /// The runs of at most `reuse` products that the multipliers of `layer` compute, in phase order: every weight
    /// of the layer in row-major order (so the columns of a run are consecutive modulo the input count).
    static func productRuns(_ layer: DenseStage, reuse: Int) -> [[ScheduledProduct]] {
        var products: [ScheduledProduct] = []
        for row in 0..<layer.outputCount {
            for column in 0..<layer.inputCount {
                products.append(ScheduledProduct(row: row, column: column, weight: layer.weight(output: row, input: column)))
            }
        }
        return stride(from: 0, to: products.count, by: reuse).map { Array(products[$0..<min($0 + reuse, products.count)]) }
    }

    /// Holds the design inputs for the first shared layer (registers loaded when `in_valid` is high).
    mutating func captureInputs(_ inputs: [Signal]) -> [Signal] {
        let enable = validOfCurrentStage
        stage += 1
        body.line()
        body.line("// Stage \(stage): the inputs, held for the \(reuse) phases of the first layer")
        return inputs.enumerated().map { index, input in
            register("in_h_\(index)", width: input.width, input.name, enable: enable)
        }
    }

    /// One dense layer with ⌈inputs · outputs / N⌉ shared multipliers (see the extension's description); its
    /// `inputs` must hold their value in the cycle of the current stage's valid bit.
    mutating func sharedDense(_ layer: DenseStage, number: Int, inputs: [Signal], adderTreeDepth: Int,
                              clip: ActionScalingStage?) -> [Signal] {
        let name = "l\(number)"
        let exactBits = layer.inputFormat.fractionBits + layer.weightFormat.fractionBits
        let exactWidth = layer.inputFormat.width + layer.weightFormat.width
        let productIsExact = layer.productFormat.fractionBits == exactBits && layer.productFormat.width >= exactWidth
        let productFractionBits = productIsExact ? exactBits : layer.productFormat.fractionBits
        let productWidth = productIsExact ? exactWidth : layer.productFormat.width
        let sumWidth = layer.exactSumWidth
        let sumBits = layer.sumFractionBits
        let shift = sumBits - productFractionBits
        let runs = Self.productRuns(layer, reuse: reuse)
        multipliers += runs.count

        let load = validOfCurrentStage
        let columns = layer.inputCount
        body.line()
        body.line("// Layer \(number) (\(columns) -> \(layer.outputCount), \(layer.activation.name)): \(runs.count) shared multipliers, \(reuse) phases; weights \(layer.weightFormat)")
        body.line("// Stage \(stage): the inputs load the ring, which then turns by one each clock (ring_j = x_((j + phase) mod \(columns)))")
        let ring = (0..<columns).map { "\(name)_ring_\($0)" }
        for column in 0..<columns {
            body.line("reg \(VerilogLiteral.signedRange(layer.inputFormat.width)) \(ring[column]);")
            body.line("always @(posedge clk) \(ring[column]) <= \(load) ? \(inputs[column].name) : \(ring[(column + 1) % columns]);")
        }
        stage += 1
        let start = validOfCurrentStage
        let phaseWidth = Int.bitWidth - reuse.leadingZeroBitCount
        let idle = "\(phaseWidth)'d\(reuse)"
        body.line("// Stage \(stage): phase 0 of \(reuse)")
        body.line("reg [\(phaseWidth - 1):0] \(name)_count;")
        body.line("reg [\(phaseWidth - 1):0] \(name)_phase_d;")
        body.line("wire [\(phaseWidth - 1):0] \(name)_phase = \(start) ? \(phaseWidth)'d0 : \(name)_count;")
        body.block("always @(posedge clk) begin", "end") { w in
            w.line("if (rst) begin \(name)_count <= \(idle); \(name)_phase_d <= \(idle); end")
            w.line("else begin")
            w.line("    \(name)_count <= \(start) ? \(phaseWidth)'d1 : ((\(name)_count == \(idle)) ? \(idle) : \(name)_count + \(phaseWidth)'d1);")
            w.line("    \(name)_phase_d <= \(name)_phase;")
            w.line("end")
        }
        var partials = Array(repeating: [String](), count: layer.outputCount)
        for (index, run) in runs.enumerated() {
            let selectedWeight = "\(name)_ws_\(index)"
            body.line("reg \(VerilogLiteral.signedRange(layer.weightFormat.width)) \(selectedWeight);")
            body.block("always @* begin", "end") { w in
                w.block("case (\(name)_phase)", "endcase") { w in
                    for (phase, product) in run.enumerated() where product.weight != 0 {
                        w.line("\(phaseWidth)'d\(phase): \(selectedWeight) = \(VerilogLiteral.signed(product.weight, width: layer.weightFormat.width));")
                    }
                    w.line("default: \(selectedWeight) = \(VerilogLiteral.signed(0, width: layer.weightFormat.width));")
                }
            }
            let tap = ring[(run.first?.column ?? 0)]
            let exact = wire("\(name)_m_\(index)", width: exactWidth, "\(tap) * \(selectedWeight)")
            let product = register("\(name)_p_\(index)", width: productWidth,
                                   productIsExact ? exact.name : convert(exact, fractionBits: exactBits, to: layer.productFormat))
            let term = shift == 0 ? product.name : "(\(product.name) <<< \(shift))"
            // The row segments of the run: phases first…last of one row.
            var segments: [(row: Int, first: Int, last: Int)] = []
            for (phase, product) in run.enumerated() {
                if let last = segments.last, last.row == product.row {
                    segments[segments.count - 1].last = phase
                } else {
                    segments.append((product.row, phase, phase))
                }
            }
            let accumulator = "\(name)_acc_\(index)"
            let next = "\(name)_next_\(index)"
            let restarts = segments.map { "\(name)_phase_d == \(phaseWidth)'d\($0.first)" }.joined(separator: " || ")
            body.line("reg \(VerilogLiteral.signedRange(sumWidth)) \(accumulator);")
            body.line("wire \(VerilogLiteral.signedRange(sumWidth)) \(next) = (\(restarts)) ? \(term) : \(accumulator) + \(term);")
            body.line("always @(posedge clk) \(accumulator) <= \(next);")
            for segment in segments {
                let partial = "\(name)_ps_\(index)_\(segment.row)"
                body.line("reg \(VerilogLiteral.signedRange(sumWidth)) \(partial);")
                body.line("always @(posedge clk) if (\(name)_phase_d == \(phaseWidth)'d\(segment.last)) \(partial) <= \(next);")
                partials[segment.row].append(partial)
            }
        }
        stage += reuse + 1
        body.line("// Stage \(stage): every partial sum final (phases 0…\(reuse - 1), product register, partial-sum register)")
        let terms = (0..<layer.outputCount).map { row in
            [VerilogLiteral.signed(layer.bias[row] << Int64(sumBits - layer.biasFormat.fractionBits), width: sumWidth)] + partials[row]
        }
        let sums = adderTree(terms, name: name, width: sumWidth, fractionBits: sumBits, depth: adderTreeDepth, longest: 1)
        if case .tanh(let table) = layer.activation {
            return sharedTanh(layer, number: number, sums: sums, sumWidth: sumWidth, table: table)
        }
        return activate(layer, number: number, sums: sums, sumWidth: sumWidth, clip: clip, enable: validOfCurrentStage)
    }

    /// The tanh of a shared layer through ⌈outputs / N⌉ table ROMs, each serving up to N rows one per clock:
    /// the table indices are registered once, a phase counter walks each ROM over its rows, each result lands
    /// in a staging register, and when the last has arrived all are copied into the output registers, which
    /// hold them until the next input (the staging registers are refilled while the next layer reads them).
    /// Takes rows-per-ROM + 3 cycles.
    mutating func sharedTanh(_ layer: DenseStage, number: Int, sums: [String], sumWidth: Int, table: TanhTable) -> [Signal] {
        let name = "l\(number)"
        let module = "\(prefix)_tanh_l\(number)"
        romModules.append(romModule(module, table: table))
        let roms = (layer.outputCount + reuse - 1) / reuse
        let rowsPerRom = (layer.outputCount + roms - 1) / roms
        let bits = table.sizeExponent
        let width = table.outputFormat.width
        let indexReady = validOfCurrentStage
        stage += 1
        body.line("// Stage \(stage): tanh table indices of the \(layer.outputCount) accumulators \(layer.accumulatorFormat), held")
        var indices: [String] = []
        for row in 0..<layer.outputCount {
            let accumulator = wire("\(name)_a_\(row)", width: layer.accumulatorFormat.width,
                                   convert(Signal(name: sums[row], width: sumWidth), fractionBits: layer.sumFractionBits,
                                           to: layer.accumulatorFormat))
            let index = tanhIndex(accumulator, table: table, layer: number, row: row)
            let held = "\(name)_ih_\(row)"
            body.line("reg [\(bits - 1):0] \(held);")
            body.line("always @(posedge clk) if (\(indexReady)) \(held) <= \(index);")
            indices.append(held)
        }
        let start = validOfCurrentStage
        let phaseWidth = Int.bitWidth - rowsPerRom.leadingZeroBitCount
        let idle = "\(phaseWidth)'d\(rowsPerRom)"
        body.line("// \(roms) tanh ROM(s), \(rowsPerRom) rows each, one row per clock")
        body.line("reg [\(phaseWidth - 1):0] \(name)_tcount;")
        body.line("reg [\(phaseWidth - 1):0] \(name)_tphase_d;")
        body.line("wire [\(phaseWidth - 1):0] \(name)_tphase = \(start) ? \(phaseWidth)'d0 : \(name)_tcount;")
        body.block("always @(posedge clk) begin", "end") { w in
            w.line("if (rst) begin \(name)_tcount <= \(idle); \(name)_tphase_d <= \(idle); end")
            w.line("else begin")
            w.line("    \(name)_tcount <= \(start) ? \(phaseWidth)'d1 : ((\(name)_tcount == \(idle)) ? \(idle) : \(name)_tcount + \(phaseWidth)'d1);")
            w.line("    \(name)_tphase_d <= \(name)_tphase;")
            w.line("end")
        }
        var staged = Array(repeating: "", count: layer.outputCount)
        for rom in 0..<roms {
            let rows = Array((rom * rowsPerRom)..<min((rom + 1) * rowsPerRom, layer.outputCount))
            let address = "\(name)_ta_\(rom)"
            let output = "\(name)_tq_\(rom)"
            body.line("reg [\(bits - 1):0] \(address);")
            body.block("always @* begin", "end") { w in
                w.block("case (\(name)_tphase)", "endcase") { w in
                    for (phase, row) in rows.enumerated() {
                        w.line("\(phaseWidth)'d\(phase): \(address) = \(indices[row]);")
                    }
                    w.line("default: \(address) = \(bits)'d0;")
                }
            }
            body.line("wire \(VerilogLiteral.signedRange(width)) \(output);")
            body.line("\(module) \(name)_rom_\(rom) (.clk(clk), .en(1'b1), .addr(\(address)), .q(\(output)));")
            for (phase, row) in rows.enumerated() {
                let register = "\(name)_ts_\(row)"
                body.line("reg \(VerilogLiteral.signedRange(width)) \(register);")
                body.line("always @(posedge clk) if (\(name)_tphase_d == \(phaseWidth)'d\(phase)) \(register) <= \(output);")
                staged[row] = register
            }
        }
        stage += rowsPerRom + 1
        body.line("// Stage \(stage): every tanh result staged; copied into the held outputs")
        let copy = validOfCurrentStage
        stage += 1
        return staged.enumerated().map { row, register in
            self.register("\(name)_y_\(row)", width: width, register, enable: copy)
        }
    }
}
