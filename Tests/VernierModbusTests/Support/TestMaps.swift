/// Register maps of the test plants (inline YAML; the port is replaced by the server's).
enum TestMaps {
    /// ThreeKnobPlant in float64 (exact): parameters in holding 0…11, objective and power in input 0…7,
    /// signal as float32 and drift as a scaled int16.
    static let threeKnob = """
        device: three-knob test plant
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 7
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: a, register: holding, address: 0, encoding: float64, bounds: [-2, 2], max_step: 1}
          - {name: b, register: holding, address: 4, encoding: float64, bounds: [-2, 2], max_step: 1}
          - {name: c, register: holding, address: 8, encoding: float64, bounds: [-1, 1], max_step: 1}
        readings:
          - {name: objective, register: input, address: 0, encoding: float64}
          - {name: power, register: input, address: 4, encoding: float64}
          - {name: signal, register: input, address: 8, encoding: float32}
          - {name: drift, register: input, address: 10, encoding: int16, scale: 0.001}
        """

    /// MeasuredKnobPlant in float32, word-swapped: the monitors m_1…m_3 in input 100…105.
    static let measuredKnob = """
        device: measured three-knob test plant
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        word_order: little
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: a, register: holding, address: 0, encoding: float32, bounds: [-2, 2]}
          - {name: b, register: holding, address: 2, encoding: float32, bounds: [-2, 2]}
          - {name: c, register: holding, address: 4, encoding: float32, bounds: [-2, 2]}
        readings:
          - {name: m_1, register: input, address: 100, encoding: float32}
          - {name: m_2, register: input, address: 102, encoding: float32}
          - {name: m_3, register: input, address: 104, encoding: float32}
        """

    /// MixedDevicePlant: a coil, a scaled int16, a word-swapped uint32, a DCBA float32; a discrete input,
    /// an int32 and a float64 reading; read-back of the current from the holding register itself.
    static let mixed = """
        device: mixed-encoding test device
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 3
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: enable, register: coil, address: 5}
          - name: current_a
            register: holding
            address: 10
            encoding: int16
            scale: 0.01
            unit: A
            bounds: [-300, 300]
            settle_ms: 1
            readback: {tolerance: 0.005}
          - {name: voltage_v, register: holding, address: 11, encoding: uint32, scale: 0.001, word_order: little, unit: V, bounds: [0, 60]}
          - {name: phase_deg, register: holding, address: 13, encoding: float32, word_order: little, byte_order: little, bounds: [-180, 180]}
        readings:
          - {name: ready, register: discrete, address: 2}
          - {name: power_mw, register: input, address: 0, encoding: int32}
          - {name: objective, register: input, address: 2, encoding: float64}
        """

    /// TwoCorrectorSteering: float64 correctors and monitors.
    static let steering = """
        device: two-corrector steering test plant
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: k_1, register: holding, address: 0, encoding: float64, bounds: [-1, 1], max_step: 0.3}
          - {name: k_2, register: holding, address: 4, encoding: float64, bounds: [-1, 1], max_step: 0.3}
        readings:
          - {name: bpm_1, register: input, address: 0, encoding: float64}
          - {name: bpm_2, register: input, address: 4, encoding: float64}
        """

    /// MeasuredKnobPlant with its monitors in holding registers and one function-23 transaction per evaluation.
    static let measuredKnobCombined = """
        device: measured three-knob test plant, function 23
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        combined_write_read: true
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: a, register: holding, address: 0, encoding: float32, bounds: [-2, 2]}
          - {name: b, register: holding, address: 2, encoding: float32, bounds: [-2, 2]}
          - {name: c, register: holding, address: 4, encoding: float32, bounds: [-2, 2]}
        readings:
          - {name: m_1, register: holding, address: 100, encoding: float32}
          - {name: m_2, register: holding, address: 102, encoding: float32}
          - {name: m_3, register: holding, address: 104, encoding: float32}
        """
}

extension TestMaps {
    /// ContextualKnob: x a float32 in holding 0…1, the context an int16 in tenths in holding 10 (read back),
    /// the monitor y a float32 in input 0…1 with a plausible range, the aim a float64 in input 2…5.
    static let contextualKnob = """
        device: contextual knob test plant
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: x, register: holding, address: 0, encoding: float32, bounds: [-1, 1], max_step: 0.5}
        context: {name: aim_tenths, register: holding, address: 10, encoding: int16, scale: 0.1, bounds: [0, 10],
                  settle_ms: 1, readback: {tolerance: 0.01}}
        readings:
          - {name: y, register: input, address: 0, encoding: float32, bounds: [-2, 2]}
          - {name: aim, register: input, address: 2, encoding: float64}
        """
}
