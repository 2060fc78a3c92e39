package io.github.nginxmodelsync.cli;

import java.util.Map;

/** What the process was started to do, read from its arguments. */
public enum Command {
    /** No argument: the sidecar, polling until it is stopped. */
    RUN,
    /** {@code --once}: one pass, then exit 0 on success and 1 on failure. */
    ONCE,
    /** {@code --dry-run}: fetch, validate and print the rendered configuration; write and signal nothing. */
    DRY_RUN,
    /** {@code --help}. */
    HELP;

    /** Exit code of a run that could not even start: unknown arguments. */
    public static final int USAGE = 2;

    public static final String USAGE_TEXT = """
            usage: java -jar quarkus-run.jar [--once | --dry-run | --help]
              (no option)  run the sidecar: poll every CHECK_INTERVAL, serve probes, metrics and /sync on port 9000
              --once       run one pass (fetch, render, write, reload, record) and print its outcome as JSON;
                           exit 0 when the routes are applied or unchanged, 1 when the pass failed
              --dry-run    fetch and validate the model list and print the rendered configuration to stdout,
                           rejected entries to stderr; write and signal nothing. Exit: 0 every entry valid,
                           1 failure, 3 rendered but some entries were rejected
            Settings are environment variables (see the README); logs go to stderr with --once and --dry-run.
            """;

    private static final Map<String, Command> FLAGS = Map.of(
            "--once", ONCE, "--dry-run", DRY_RUN, "--help", HELP, "-h", HELP);

    /**
     * Reads the arguments: none, or exactly one known flag.
     *
     * @throws IllegalArgumentException with a message for the user, for anything else
     */
    public static Command parse(String... args) {
        if (args.length == 0) {
            return RUN;
        }
        if (args.length > 1) {
            throw new IllegalArgumentException("expected at most one option, got " + String.join(" ", args));
        }
        Command command = FLAGS.get(args[0]);
        if (command == null) {
            throw new IllegalArgumentException("unknown option " + args[0]);
        }
        return command;
    }

    /** Settings for a run that does one thing and exits: no schedule, no HTTP port, logs on stderr only. */
    public Map<String, String> settings() {
        if (this != ONCE && this != DRY_RUN) {
            return Map.of();
        }
        return Map.of(
                "quarkus.scheduler.start-mode", "halted",
                "quarkus.http.host-enabled", "false",
                "quarkus.log.console.stderr", "true",
                "quarkus.log.category.\"io.quarkus\".level", "WARN");
    }
}
