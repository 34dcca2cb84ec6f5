import ArgumentParser

/// `--json`, shared by every command: human output by default, one JSON document (snake_case keys, absent
/// values omitted) for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (snake_case keys; a value that does not exist is omitted, never null) instead of text.")
    var json = false
}

/// `--json` and `--quiet`, for commands that show a progress line while they work.
struct ProgressOutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (snake_case keys; a value that does not exist is omitted, never null) instead of text; no progress line.")
    var json = false

    @Flag(help: "No progress line on standard error (the result is still printed).")
    var quiet = false

    /// Whether to draw the live progress line: not for scripts (`--json`) and not when asked to be quiet.
    var showsProgress: Bool { !json && !quiet }
}
