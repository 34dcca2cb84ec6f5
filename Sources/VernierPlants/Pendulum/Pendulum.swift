import Foundation
import VernierCore
import VernierMath

/// Gymnasium's `Pendulum-v1`, exactly: the reference plant for cross-checking Vernier's learners against
/// peer libraries.
///
/// An inverted pendulum of mass `m` = 1 kg and length `l` = 1 m under gravity `g` (default 10 m/s²), driven by
/// a torque. Each step of `dt` = 0.05 s (semi-implicit Euler, as Gymnasium):
///
///     θ̇′ = clip(θ̇ + (3g/(2l) · sin θ + 3/(m l²) · u) · dt, −8, 8),   θ′ = θ + θ̇′ · dt
///
/// with reward `−(norm(θ)² + 0.1 θ̇² + 0.001 u²)` computed on the state *before* the step, `norm` wrapping the
/// angle to `[−π, π)`. Observation `[cos θ, sin θ, θ̇]`. Never terminates; truncated after 200 steps.
///
/// One difference of interface, none of dynamics: Vernier's actions are normalised, so the action `a ∈ [−1, 1]`
/// is the torque `u = 2a` N·m (Gymnasium's action is `u` itself). Out-of-range actions are clipped to ±2 N·m
/// exactly as Gymnasium clips them.
public struct Pendulum: Environment {
    /// Largest angular speed (rad/s); faster is clipped.
    public static let maxSpeed = 8.0
    /// Largest torque (N·m); the action scale.
    public static let maxTorque = 2.0
    /// Time step (s).
    public static let timeStep = 0.05
    /// Mass (kg) and length (m) of the pendulum.
    public static let mass = 1.0, length = 1.0

    /// The options the registry passes (`environments/pendulum.yaml`).
    public struct Options: OptionKeyed, Sendable, Hashable {
        /// Gravitational acceleration (m/s²), Gymnasium's `g`; default 10.
        public var gravity: Double = 10
        /// Steps before truncation; default 200 (Gymnasium's registration).
        public var maxEpisodeSteps: Int = 200

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case gravity = "g"
            case maxEpisodeSteps = "max_episode_steps"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            gravity = try container.decode(.gravity, default: 10)
            maxEpisodeSteps = try container.decode(.maxEpisodeSteps, default: 200)
            guard gravity.isFinite, gravity >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: .gravity, in: container,
                    debugDescription: "g must be a finite, non-negative acceleration in m/s², got \(gravity)")
            }
            guard maxEpisodeSteps > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .maxEpisodeSteps, in: container,
                    debugDescription: "max_episode_steps must be at least 1, got \(maxEpisodeSteps)")
            }
        }
    }

    public let options: Options
    /// Angle θ (rad, 0 = upright) and angular speed θ̇ (rad/s).
    public private(set) var state: (angle: Double, speed: Double) = (0, 0)
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    private var generator = SeededGenerator(seed: 0)
    private var observationBuffer = [0.0, 0.0, 0.0]

    public init(options: Options = Options()) {
        self.options = options
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "Gymnasium Pendulum-v1 (simulation)",
                      isCancellable: false, isSimulated: true, maxEpisodeSteps: options.maxEpisodeSteps)
    }

    public var observationSpace: Space {
        .box(Box(low: [-1, -1, -Self.maxSpeed], high: [1, 1, Self.maxSpeed]))
    }

    public var actionSpace: Space {
        .box(Box(low: [-1], high: [1]))
    }

    /// Starts an episode at θ ~ U(−π, π), θ̇ ~ U(−1, 1), or exactly at `options.state = [θ, θ̇]`.
    public mutating func reset(seed: UInt64?, options resetOptions: ResetOptions?) throws -> Reset {
        if let seed { generator = SeededGenerator(seed: seed) }
        if let exact = resetOptions?.state {
            guard exact.count == 2, exact.allSatisfy(\.isFinite) else {
                throw PlantError.invalidResetState(
                    "Pendulum's reset state is [θ (rad), θ̇ (rad/s)], two finite numbers; got \(exact)")
            }
            state = (exact[0], exact[1])
        } else {
            state = (generator.nextUniform(-Double.pi, Double.pi), generator.nextUniform(-1, 1))
        }
        elapsedSteps = 0
        return Reset(observation: observe())
    }

    public mutating func step(_ action: [Double]) throws -> Step {
        guard action.count == 1 else {
            throw PlantError.wrongActionCount(expected: 1, got: action.count)
        }
        let torque = min(max(Self.maxTorque * action[0], -Self.maxTorque), Self.maxTorque)
        let (angle, speed) = state
        let wrapped = Self.normalizeAngle(angle)
        let cost = wrapped * wrapped + 0.1 * speed * speed + 0.001 * torque * torque
        let gravity = options.gravity, length = Self.length
        var newSpeed = speed
            + (3 * gravity / (2 * length) * sin(angle) + 3 / (Self.mass * length * length) * torque) * Self.timeStep
        newSpeed = min(max(newSpeed, -Self.maxSpeed), Self.maxSpeed)
        state = (angle + newSpeed * Self.timeStep, newSpeed)
        elapsedSteps += 1
        return Step(observation: observe(), reward: -cost, terminated: false,
                    truncated: elapsedSteps >= options.maxEpisodeSteps)
    }

    /// Wraps an angle to `[−π, π)` as Gymnasium's `angle_normalize` (Python's floored modulo).
    public static func normalizeAngle(_ angle: Double) -> Double {
        let period = 2 * Double.pi
        // Python's float `%`: C fmod, then moved into [0, period) when the signs differ.
        var remainder = fmod(angle + Double.pi, period)
        if remainder < 0 { remainder += period }
        return remainder - Double.pi
    }

    private mutating func observe() -> [Double] {
        observationBuffer[0] = cos(state.angle)
        observationBuffer[1] = sin(state.angle)
        observationBuffer[2] = state.speed
        return observationBuffer
    }
}
