package io.github.nginxmodelsync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneLineOfJsonPerRecordEvenForHostileText() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.WARN, "rejected %s", ExtLogRecord.FormatStyle.PRINTF,
                JsonLogFormatterTest.class.getName());
        record.setParameters(new Object[] {"models[0] \"a\nb\": \\ {}"});
        record.setLoggerName("io.github.nginxmodelsync.sync.Reconciler");
        record.setInstant(Instant.parse("2026-11-23T10:15:30Z"));

        String line = new JsonLogFormatter().format(record);

        assertTrue(line.endsWith("\n"));
        assertEquals(1, line.lines().count(), line);
        JsonNode json = JSON.readTree(line);
        assertEquals("2026-11-23T10:15:30Z", json.get("timestamp").asText());
        assertEquals("WARN", json.get("level").asText());
        assertEquals("io.github.nginxmodelsync.sync.Reconciler", json.get("loggerName").asText());
        assertEquals("rejected models[0] \"a\nb\": \\ {}", json.get("message").asText());
        assertFalse(json.has("exception"));
    }

    @Test
    void anExceptionTravelsAsItsStackTrace() throws Exception {
        ExtLogRecord record = new ExtLogRecord(Level.ERROR, "failed", JsonLogFormatterTest.class.getName());
        record.setThrown(new IllegalStateException("boom"));

        JsonNode json = JSON.readTree(new JsonLogFormatter().format(record));

        assertTrue(json.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"));
        assertEquals("failed", json.get("message").asText());
    }
}
