import ArgumentParser
import VernierCore

/// `vernier serve ID --stdio`: one plant as a session of JSON lines on standard input and output, for hosts in
/// other languages (the Python package in `python/`). The protocol is documented in `docs/serve-protocol.md`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a simulated plant as a session of JSON lines on standard input/output (for Python's gymnasium and cernml-coi).",
        discussion: "The server first writes a greeting {\"protocol\": \"vernier-serve\", \"version\": 1, \"id\": ..., "
            + "\"copies\": K}, then answers each request line ({\"op\": \"describe\" | \"reset\" | \"step\" | "
            + "\"reset_batch\" | \"step_batch\" | \"evaluate\" | \"initial_parameters\" | \"optimization_space\" | "
            + "\"render\" | \"configure\" | \"close\", ...}) with one reply line. A request that cannot be answered gets "
            + "{\"error\": message, \"kind\": ...} and the session goes on. End of input or \"close\" ends the session "
            + "(exit 0). Numbers are shortest round-trip decimals (NaN and ±∞ the strings \"nan\", \"inf\", \"-inf\"), "
            + "or base64 little-endian doubles after {\"op\": \"configure\", \"arrays\": \"base64\"}. "
            + "See docs/serve-protocol.md.")

    @OptionGroup var plant: PlantSelection

    @Flag(help: "Talk JSON lines on standard input and output (the one transport of protocol version 1).")
    var stdio = false

    @Option(help: "Copies of the plant for the batched requests reset_batch and step_batch (1 to 4096); single requests drive copy 0.")
    var copies = 1

    func validate() throws {
        guard stdio else {
            throw ValidationError("vernier serve needs --stdio: requests come on standard input, replies go to standard output (docs/serve-protocol.md)")
        }
        guard (1...4096).contains(copies) else {
            throw ValidationError("--copies must be between 1 and 4096; got \(copies)")
        }
    }

    func run() throws {
        var channel = LineChannel()
        let instance: any Plant
        do {
            instance = try plant.makePlant()
            guard instance.metadata.isSimulated else {
                throw ValidationError(
                    "\(plant.id) drives a real machine; vernier serve serves simulated plants only (a machine is driven through the safety envelope: use vernier tune or vernier run)")
            }
        } catch {
            // The host reads the reason on its first line as well as on standard error.
            var writer = JSONLineWriter()
            ServeSession.writeError(error, into: &writer)
            channel.write(line: writer.bytes)
            throw error
        }
        var others: [ServedPlant] = []
        for _ in 1..<copies { others.append(ServedPlant(id: plant.id, plant: try plant.makePlant())) }
        var session = ServeSession(plant: ServedPlant(id: plant.id, plant: instance), others: others)
        guard channel.write(line: session.greeting()) else { return }
        while !session.isClosed, let reply = channel.nextLine({ session.reply(to: $0) }) {
            guard channel.write(line: reply) else { break }
        }
        try session.close()
    }
}
