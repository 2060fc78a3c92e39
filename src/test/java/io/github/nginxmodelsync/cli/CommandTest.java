package io.github.nginxmodelsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void readsEachFlag() {
        assertEquals(Command.RUN, Command.parse());
        assertEquals(Command.ONCE, Command.parse("--once"));
        assertEquals(Command.DRY_RUN, Command.parse("--dry-run"));
        assertEquals(Command.HELP, Command.parse("-h"));
    }

    @Test
    void refusesUnknownOrSeveralFlags() {
        assertEquals("unknown option --onse",
                assertThrows(IllegalArgumentException.class, () -> Command.parse("--onse")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Command.parse("--once", "--dry-run"))
                .getMessage().startsWith("expected at most one option"));
    }

    @Test
    void oneShotRunsListenOnNoPortAndScheduleNothing() {
        for (Command command : new Command[] {Command.ONCE, Command.DRY_RUN}) {
            assertEquals("halted", command.settings().get("quarkus.scheduler.start-mode"));
            assertEquals("false", command.settings().get("quarkus.http.host-enabled"));
            assertEquals("true", command.settings().get("quarkus.log.console.stderr"));
        }
        assertTrue(Command.RUN.settings().isEmpty());
    }
}
