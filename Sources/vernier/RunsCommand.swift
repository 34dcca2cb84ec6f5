import ArgumentParser

/// `vernier runs`: the run store — list the runs, or show one.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the run store, or show one with its evaluations.",
        discussion: """
            Every tune, train and evaluate run is recorded in the run store, an SQLite file or a PostgreSQL server \
            (--store postgresql://USER@HOST/DATABASE): each evaluation is \
            committed before the next point goes to the plant, so a crash loses nothing and a run can be resumed.

            The store is --store PATH, else $VERNIER_STORE, else $XDG_DATA_HOME/vernier/runs.sqlite, else \
            ~/.local/share/vernier/runs.sqlite.
            """,
        subcommands: [RunsListCommand.self, RunsShowCommand.self, RecordSyntheticRunCommand.self],
        defaultSubcommand: RunsListCommand.self)
}
