package io.github.nginxmodelsync.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Entry point: reads the command line before Quarkus starts, since {@code --once} runs with other settings. */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        Command command;
        try {
            command = Command.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Command.USAGE_TEXT);
            System.exit(Command.USAGE);
            return;
        }
        if (command == Command.HELP) {
            System.out.print(Command.USAGE_TEXT);
            return;
        }
        // System properties outrank application.properties and the environment.
        command.settings().forEach(System::setProperty);
        Quarkus.run(SidecarApplication.class, args);
    }
}
