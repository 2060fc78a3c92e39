package io.github.nginxmodelsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects what one logger writes while a test runs. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Starts capturing the logger of {@code type}. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()));
    }

    /** Starts capturing every logger (the root logger's view). */
    public static LogCapture all() {
        return new LogCapture(Logger.getLogger(""));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** Formatted messages at {@code level} or above. */
    public synchronized List<String> messages(Level level) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .toList();
    }

    /** Formatted messages at exactly {@code level}. */
    public synchronized List<String> exactly(Level level) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() == level.intValue())
                .map(r -> r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage())
                .toList();
    }

    public synchronized void clear() {
        records.clear();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
