/// Every input format Vernier reads from outside, as a libFuzzer target (`VERNIER_FUZZ_TARGET=<raw value>`,
/// seed corpus in `Fuzz/Corpus/<raw value>/`).
enum FuzzTarget: String, CaseIterable {
    /// `vernier tune --config`: optimizer, safety and stopping sections.
    case tuneConfiguration = "tune-config"
    /// `vernier run --config`: the safety section.
    case runConfiguration = "run-config"
    /// `vernier train --config`: PPO's hyperparameters.
    case ppoConfiguration = "ppo-config"
    /// Register maps (`hardware/*.yaml`, `--map`).
    case registerMap = "register-map"
    /// `modbus/Device-v1` definitions (a register map plus objective, constraints, initial, RL view).
    case deviceDefinition = "device-definition"
    /// The expression language of device definitions (objectives, constraints).
    case expression = "expression"
    /// Policy files (`policies/*.json`).
    case policyFile = "policy-file"
    /// `vernier tune --objective-cmd … --space FILE`.
    case spaceFile = "space-file"
    /// One answer line of an `--objective-cmd` evaluator.
    case evaluatorAnswer = "evaluator-answer"
    /// `vernier rollout --reset-options JSON`.
    case resetOptions = "reset-options"
    /// The command line: every command's `parse` + `validate`, never `run`.
    case commandLine = "cli-arguments"
    /// `vernier cache simulate|advise TRACE.csv` (with `--size-unit`, `--columns`): CSV access logs.
    case csvTrace = "csv-trace"
    /// `vernier cache simulate|advise TRACE.bin`: libCacheSim's `oracleGeneral` binary records.
    case oracleGeneralTrace = "oracle-general-trace"

    /// Checks one input; a broken property traps.
    func check(_ bytes: [UInt8]) {
        switch self {
        case .tuneConfiguration: ConfigurationTargets.tune(bytes)
        case .runConfiguration: ConfigurationTargets.run(bytes)
        case .ppoConfiguration: ConfigurationTargets.ppo(bytes)
        case .registerMap: ModbusTargets.registerMap(bytes)
        case .deviceDefinition: ModbusTargets.deviceDefinition(bytes)
        case .expression: ExpressionTarget.check(bytes)
        case .policyFile: PolicyFileTarget.check(bytes)
        case .spaceFile: ExternalObjectiveTargets.space(bytes)
        case .evaluatorAnswer: ExternalObjectiveTargets.answer(bytes)
        case .resetOptions: CommandLineTargets.resetOptions(bytes)
        case .commandLine: CommandLineTargets.arguments(bytes)
        case .csvTrace: CacheTraceTargets.csv(bytes)
        case .oracleGeneralTrace: CacheTraceTargets.oracleGeneral(bytes)
        }
    }
}
