import ArgumentParser

/// `vernier`: tune and steer physics apparatus with learning.
@main
struct Vernier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tune and steer physics apparatus — beamlines, amplifiers, caches — with optimisers and learned policies.",
        discussion: """
            Every plant is named by an id such as awake/Steering-v1; `vernier envs` lists them.
            Output is for people by default; add --json for scripts (snake_case keys).
            Exit status: 0 success, 1 a failed run or check, 64 bad input.
            """,
        subcommands: [
            EnvsCommand.self,
            CheckCommand.self,
            RolloutCommand.self,
            ParamapCommand.self,
            TrainCommand.self,
            EvaluateCommand.self,
            RunCommand.self,
            DemoCommand.self,
            DeviceCommand.self,
            ProbeCommand.self,
            TuneCommand.self,
            RunsCommand.self,
            StoreCommand.self,
            SweepCommand.self,
            WorkerCommand.self,
            ServeCommand.self,
            ScanCommand.self,
            CacheCommand.self,
            ExportCommand.self,
            ReportCommand.self,
        ]
    )
}
