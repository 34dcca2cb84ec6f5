import Foundation
import Testing
import VernierCore
import VernierMath
import VernierTestSupport
@testable import vernier

/// `vernier serve PLANT --stdio`: the line protocol of docs/serve-protocol.md, from a separate process, checked
/// bit for bit against the plant in-process and against `vernier rollout`.
@Suite("vernier serve")
struct ServeCommandTests {
    /// The numbers of a reply field, exactly as written.
    static func numbers(_ reply: String, _ field: String) throws -> [Double] {
        let value = try JSONLineParser.parse(reply)
        guard case .array(let elements)? = value[field] else { throw CommandLineTool.HarnessError("no \(field) in \(reply)") }
        return elements.compactMap(\.number)
    }

    /// The numbers of an array value.
    static func numbers(_ value: JSONLineValue?) -> [Double] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap(\.number)
    }

    static func number(_ reply: String, _ field: String) throws -> Double? {
        try JSONLineParser.parse(reply)[field]?.number
    }

    static func flag(_ reply: String, _ field: String) throws -> Bool? {
        if case .bool(let value)? = try JSONLineParser.parse(reply)[field] { return value }
        return nil
    }

    /// A deterministic action sequence in [−1, 1], written as shortest round-trip decimals.
    static func actions(count: Int, size: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<size).map { _ in Double.random(in: -1...1, using: &generator) } }
    }

    static func line(_ values: [Double]) -> String {
        "[" + values.map(\.description).joined(separator: ",") + "]"
    }

    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    @Test("greets with the protocol and version, then describes the plant")
    func greetingAndDescribe() throws {
        let client = try ServeClient(["awake/Steering-v1"])
        #expect(client.readLine() == #"{"protocol":"vernier-serve","version":1,"id":"awake/Steering-v1","copies":1}"#)
        let reply = try client.ask(#"{"op":"describe"}"#)
        let description = try #require(try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any])
        #expect(description["interfaces"] as? [String] == ["environment", "optimizable"])
        let metadata = try #require(description["metadata"] as? [String: Any])
        #expect(metadata["render_modes"] as? [String] == ["ansi"])
        #expect(metadata["max_episode_steps"] as? Int == 50)
        let optimizable = try #require(description["optimizable"] as? [String: Any])
        let plant = try #require(try PlantCatalogs.registry().make("awake/Steering-v1") as? any SingleOptimizable)
        #expect(optimizable["parameter_names"] as? [String] == plant.parameterNames)
        #expect(optimizable["objective_name"] as? String == plant.objectiveName)
        let space = try JSONLineParser.parse(try client.ask(#"{"op":"optimization_space"}"#))["space"]
        #expect(Self.bits(Self.numbers(space?["low"])) == Self.bits(plant.optimizationSpace.low))
        #expect(Self.bits(Self.numbers(space?["high"])) == Self.bits(plant.optimizationSpace.high))
        #expect(try client.ask(#"{"op":"close"}"#) == #"{"closed":true}"#)
        #expect(client.finish().status == 0)
    }

    @Test("a seeded episode equals the in-process plant's, bit for bit",
          arguments: ["classic/Pendulum-v1", "awake/Steering-v1", "jpa/Tuning-v1"])
    func episodeMatchesInProcessPlant(id: String) throws {
        var plant = try #require(try PlantCatalogs.registry().make(id) as? any Environment)
        let client = try ServeClient([id])
        _ = client.readLine()
        let actions = Self.actions(count: 40, size: plant.actionSpace.elementCount, seed: 11)
        let reset = try plant.reset(seed: 42, options: nil)
        #expect(Self.bits(try Self.numbers(try client.ask(#"{"op":"reset","seed":42}"#), "observation")) == Self.bits(reset.observation))
        for action in actions {
            let step = try plant.step(action)
            let reply = try client.ask(#"{"op":"step","action":\#(Self.line(action))}"#)
            #expect(Self.bits(try Self.numbers(reply, "observation")) == Self.bits(step.observation))
            #expect(try Self.number(reply, "reward")?.bitPattern == step.reward.bitPattern)
            #expect(try Self.flag(reply, "terminated") == step.terminated)
            #expect(try Self.flag(reply, "truncated") == step.truncated)
        }
        #expect(client.finish().status == 0)
    }

    @Test("a seeded episode equals `vernier rollout`'s, bit for bit")
    func episodeMatchesRollout() throws {
        let actions = Self.actions(count: 30, size: 10, seed: 5)
        let file = try FoundationCommandTests.temporaryFile("actions.json", contents: "[" + actions.map(Self.line).joined(separator: ",") + "]")
        let rollout = try CommandLineTool.run(["rollout", "awake/Steering-v1", "--seed", "18446744073709551615", "--actions", file.path, "--json"])
        #expect(rollout.status == 0)
        let reference = try JSONLineParser.parse(rollout.standardOutput)
        guard case .array(let steps)? = reference["steps"] else { Issue.record("no steps"); return }
        let client = try ServeClient(["awake/Steering-v1"])
        _ = client.readLine()
        let reset = try client.ask(#"{"op":"reset","seed":18446744073709551615}"#)
        guard case .array(let resetObservation)? = reference["reset_observation"] else { Issue.record("no reset"); return }
        #expect(Self.bits(try Self.numbers(reset, "observation")) == Self.bits(resetObservation.compactMap(\.number)))
        #expect(!steps.isEmpty)
        for (action, step) in zip(actions, steps) {
            let reply = try client.ask(#"{"op":"step","action":\#(Self.line(action))}"#)
            guard case .array(let observation)? = step["observation"] else { Issue.record("no observation"); return }
            #expect(Self.bits(try Self.numbers(reply, "observation")) == Self.bits(observation.compactMap(\.number)))
            #expect(try Self.number(reply, "reward")?.bitPattern == step["reward"]?.number?.bitPattern)
        }
        #expect(client.finish().status == 0)
    }

    @Test("batched steps of K copies equal K in-process plants, autoreset included, bit for bit")
    func batchMatchesInProcessPlants() throws {
        let registry = try PlantCatalogs.registry()
        let options = try PlantFactory.parsedOptions("{max_episode_steps: 3}")
        var plants = try (0..<2).map { _ in try #require(try registry.make("classic/Pendulum-v1", options: options) as? any Environment) }
        let client = try ServeClient(["classic/Pendulum-v1", "--options", "{max_episode_steps: 3}", "--copies", "2"])
        #expect(client.readLine() == #"{"protocol":"vernier-serve","version":1,"id":"classic/Pendulum-v1","copies":2}"#)
        let resets = try JSONLineParser.parse(try client.ask(#"{"op":"reset_batch","seeds":[5,null]}"#))["resets"]
        let first = [try plants[0].reset(seed: 5, options: nil), try plants[1].reset(seed: nil, options: nil)]
        guard case .array(let served)? = resets else { Issue.record("no resets"); return }
        #expect(served.count == 2)
        for (reply, reset) in zip(served, first) { #expect(Self.bits(Self.numbers(reply["observation"])) == Self.bits(reset.observation)) }
        var resetsSeen = 0
        for action in Self.actions(count: 7, size: 2, seed: 3) {
            let reply = try client.ask(#"{"op":"step_batch","autoreset":true,"actions":[[\#(action[0])],[\#(action[1])]]}"#)
            guard case .array(let steps)? = try JSONLineParser.parse(reply)["steps"], steps.count == 2 else {
                Issue.record("no steps in \(reply)"); return
            }
            for index in 0..<2 {
                let step = try plants[index].step([action[index]])
                #expect(Self.bits(Self.numbers(steps[index]["observation"])) == Self.bits(step.observation))
                #expect(steps[index]["reward"]?.number?.bitPattern == step.reward.bitPattern)
                if step.isDone {
                    resetsSeen += 1
                    let reset = try plants[index].reset(seed: nil, options: nil)
                    #expect(Self.bits(Self.numbers(steps[index]["reset_observation"])) == Self.bits(reset.observation))
                } else {
                    #expect(steps[index]["reset_observation"] == nil)
                }
            }
        }
        #expect(resetsSeen == 4)
        #expect(client.finish().status == 0)
    }

    @Test("evaluations, with and without a context, equal the in-process plant's bit for bit")
    func evaluationsMatch() throws {
        var awake = try #require(try PlantCatalogs.registry().make("awake/Steering-v1") as? any SingleOptimizable)
        let client = try ServeClient(["awake/Steering-v1"])
        _ = client.readLine()
        let start = try awake.initialParameters(seed: 9)
        #expect(Self.bits(try Self.numbers(try client.ask(#"{"op":"initial_parameters","seed":9}"#), "parameters")) == Self.bits(start))
        let point = (0..<10).map { Double($0 - 5) * 1e-4 / 3 }
        let expected = try awake.evaluate(point)
        let reply = try client.ask(#"{"op":"evaluate","parameters":\#(Self.line(point))}"#)
        #expect(try Self.number(reply, "objective")?.bitPattern == expected.objective.bitPattern)
        #expect(try JSONLineParser.parse(reply)["observables"]?["rms_mm"]?.number?.bitPattern == expected.observables["rms_mm"]?.bitPattern)
        let noContext = try client.ask(#"{"op":"evaluate","parameters":\#(Self.line(point)),"context":5}"#)
        #expect(noContext == #"{"error":"awake/Steering-v1 has no context: leave 'context' out (see `vernier envs`)","kind":"unsupported"}"#)
        #expect(client.finish().status == 0)

        var jpa = try #require(try PlantCatalogs.registry().make("jpa/Tuning-v1") as? any ContextualOptimizable)
        let context = jpa.contextRange.lowerBound + 0.01
        let jpaClient = try ServeClient(["jpa/Tuning-v1"])
        _ = jpaClient.readLine()
        let jpaStart = try jpa.initialParameters(context: context, seed: 3)
        let startReply = try jpaClient.ask(#"{"op":"initial_parameters","seed":3,"context":\#(context)}"#)
        #expect(Self.bits(try Self.numbers(startReply, "parameters")) == Self.bits(jpaStart))
        let jpaPoint = [jpaStart[0], jpaStart[1] + 7.25, 0.1]
        let jpaExpected = try jpa.evaluate(jpaPoint, context: context)
        let jpaReply = try jpaClient.ask(#"{"op":"evaluate","parameters":\#(Self.line(jpaPoint)),"context":\#(context)}"#)
        #expect(try Self.number(jpaReply, "objective")?.bitPattern == jpaExpected.objective.bitPattern)
        #expect(Self.bits(try Self.numbers(jpaReply, "constraints")) == Self.bits(jpaExpected.constraints))
        let space = try jpa.optimizationSpace(context: context)
        let spaceReply = try jpaClient.ask(#"{"op":"optimization_space","context":\#(context)}"#)
        let served = try JSONLineParser.parse(spaceReply)["space"]
        #expect(Self.bits(Self.numbers(served?["low"])) == Self.bits(space.low))
        #expect(Self.bits(Self.numbers(served?["high"])) == Self.bits(space.high))
        #expect(jpaClient.finish().status == 0)
    }

    @Test("a refused request is an error line and the session goes on", arguments: [
        ("garbage", #"{"error":"the request is not valid JSON at byte 0: unexpected character 'g'","kind":"request"}"#),
        (#"{"op":"stepp"}"#, #"{"error":"unknown op 'stepp' (did you mean step?); ops: close, configure, describe, evaluate, initial_parameters, optimization_space, render, reset, reset_batch, step, step_batch","kind":"request"}"#),
        (#"{"op":"step","action":[1,2]}"#, #"{"error":"the action has 2 elements; classic/Pendulum-v1 takes 1","kind":"plant"}"#),
        (#"{"op":"reset","seed":-1}"#, #"{"error":"reset: 'seed' must be an integer in 0...18446744073709551615 or null","kind":"request"}"#),
        (#"{"op":"reset","options":{"state":[1]}}"#, #"{"error":"Pendulum's reset state is [θ (rad), θ̇ (rad/s)], two finite numbers; got [1.0]","kind":"plant"}"#),
        (#"{"op":"reset","options":{"sate":[1]}}"#, #"{"error":"reset options take 'state' (an exact initial state) and 'context' (a number); got 'sate'","kind":"request"}"#),
        (#"{"op":"evaluate","parameters":[0]}"#, #"{"error":"classic/Pendulum-v1 is not an optimisation problem without a context: give a context (see `vernier envs`)","kind":"unsupported"}"#),
    ])
    func refusals(request: String, reply: String) throws {
        let client = try ServeClient(["classic/Pendulum-v1"])
        _ = client.readLine()
        #expect(try client.ask(request) == reply)
        #expect(try Self.numbers(try client.ask(#"{"op":"reset","seed":1}"#), "observation").count == 3)
        #expect(client.finish().status == 0)
    }

    @Test("a plant that cannot be built is an error line, the CLI's message on standard error, and exit 64")
    func unknownPlant() throws {
        let client = try ServeClient(["classic/Pendulm-v1"])
        let line = try #require(client.readLine())
        let message = "no plant is registered as 'classic/Pendulm-v1'. Did you mean classic/Pendulum-v1? Run `vernier envs` to list them."
        #expect(line == #"{"error":"\#(message)","kind":"usage"}"#)
        let (status, standardError) = client.finish()
        #expect(status == 64)
        #expect(standardError.contains("Error: \(message)"))
    }

    @Test("numbers round-trip exactly through the writer and the reader, non-finite ones included")
    func numbersRoundTrip() throws {
        let values: [Double] = [0.1, -0.0, 0, 5e-324, 2.2250738585072014e-308, .greatestFiniteMagnitude, 1.0 / 3, -1e-5,
                                123456789012345680, .nan, .infinity, -.infinity]
        var writer = JSONLineWriter()
        writer.beginObject()
        writer.member("values", values)
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == #"{"values":[0.1,-0.0,0.0,5e-324,2.2250738585072014e-308,1.7976931348623157e+308,0.3333333333333333,-1e-05,1.2345678901234568e+17,"nan","inf","-inf"]}"#)
        let read = try Self.numbers(text, "values")
        #expect(read.count == values.count)
        #expect(Self.bits(Array(read.prefix(9))) == Self.bits(Array(values.prefix(9))))
        #expect(read[9].isNaN && read[10] == .infinity && read[11] == -.infinity)
        // Python's json.dumps writes the bare tokens.
        #expect(try Self.numbers(#"{"v":[NaN,Infinity,-Infinity,1E2]}"#, "v").map(\.description) == ["nan", "inf", "-inf", "100.0"])
        #expect(throws: JSONLineParser.Failure.self) { try JSONLineParser.parse(#"{"v":[01]}"#) }
        #expect(throws: JSONLineParser.Failure.self) { try JSONLineParser.parse(#"{"v":[1.]}"#) }
        #expect(try JSONLineParser.parse(#"{"s":"a\"b\\c\u00e9\ud83d\ude00"}"#)["s"] == .string("a\"b\\cé😀"))
    }

    @Test("base64 arrays (configure) carry the same doubles as decimal arrays, both ways")
    func base64Arrays() throws {
        let values: [Double] = [0.1, -0.0, 5e-324, .nan, .infinity, -.infinity, 1.0 / 3]
        for count in 0...values.count {
            var bytes: [UInt8] = []
            Base64Doubles.append(Array(values.prefix(count)), to: &bytes)
            #expect(bytes.count == (count * 8 + 2) / 3 * 4)
            let back = try #require(Base64Doubles.decode(String(decoding: bytes, as: UTF8.self)))
            #expect(Self.bits(back) == Self.bits(Array(values.prefix(count))))
        }
        // Python's base64.b64encode(struct.pack("<d", 0.1)) is "mpmZmZmZuT8=".
        #expect(Base64Doubles.decode("mpmZmZmZuT8=").map(Self.bits) == [Double(0.1).bitPattern])
        #expect(Base64Doubles.decode("mpmZmZmZuT") == nil)
        #expect(Base64Doubles.decode("mpmZ*ZmZuT8=") == nil)

        let decimal = try ServeClient(["awake/Steering-v1"])
        let binary = try ServeClient(["awake/Steering-v1"])
        _ = decimal.readLine()
        _ = binary.readLine()
        #expect(try binary.ask(#"{"op":"configure","arrays":"base64"}"#) == #"{"arrays":"base64"}"#)
        let plain = try Self.numbers(try decimal.ask(#"{"op":"reset","seed":3}"#), "observation")
        guard case .string(let encoded)? = try JSONLineParser.parse(try binary.ask(#"{"op":"reset","seed":3}"#))["observation"] else {
            Issue.record("the observation is not a base64 string"); return
        }
        #expect(Base64Doubles.decode(encoded).map(Self.bits) == Self.bits(plain))
        let action = Self.actions(count: 1, size: 10, seed: 8)[0]
        var actionBytes: [UInt8] = []
        Base64Doubles.append(action, to: &actionBytes)
        let stepped = try Self.numbers(try decimal.ask(#"{"op":"step","action":\#(Self.line(action))}"#), "observation")
        let binaryReply = try binary.ask(#"{"op":"step","action":"\#(String(decoding: actionBytes, as: UTF8.self))"}"#)
        guard case .string(let steppedEncoded)? = try JSONLineParser.parse(binaryReply)["observation"] else {
            Issue.record("no base64 observation in \(binaryReply)"); return
        }
        #expect(Base64Doubles.decode(steppedEncoded).map(Self.bits) == Self.bits(stepped))
        #expect(try binary.ask(#"{"op":"configure","arrays":"hex"}"#).contains(#""kind":"request""#))
        #expect(decimal.finish().status == 0)
        #expect(binary.finish().status == 0)
    }

    @Test("render shows the last step as text; close and the end of input both end the process with status 0")
    func renderAndEnd() throws {
        let client = try ServeClient(["classic/Pendulum-v1"])
        _ = client.readLine()
        _ = try client.ask(#"{"op":"reset","options":{"state":[0,0]}}"#)
        #expect(try client.ask(#"{"op":"render"}"#) == #"{"text":"reset  observation [1, 0, 0]"}"#)
        _ = try client.ask(#"{"op":"step","action":[0]}"#)
        #expect(try client.ask(#"{"op":"render"}"#) == #"{"text":"step 1  observation [1, 0, 0]  reward -0"}"#)
        #expect(client.finish().status == 0)
    }
}
