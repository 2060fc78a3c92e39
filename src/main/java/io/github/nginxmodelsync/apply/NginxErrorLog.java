package io.github.nginxmodelsync.apply;

import io.github.nginxmodelsync.config.SyncConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NGINX's error log (NGINX_ERROR_LOG), read only to learn why NGINX rejected a reload. */
@Singleton
public class NginxErrorLog {

    /** {@code 2026/11/23 01:36:57 [emerg] 3513#3513: host not found in upstream "x" in /etc/...:5}. */
    private static final Pattern EMERG = Pattern.compile("\\[emerg] \\d+#\\d+: (.*)");
    private static final int MAX_READ = 64 * 1024;

    private final Optional<Path> file;

    @Inject
    NginxErrorLog(SyncConfig config) {
        this(config.nginxErrorLog());
    }

    NginxErrorLog(Optional<Path> file) {
        this.file = file;
    }

    /** The current end of the log, to read from after a reload; 0 when there is no log. */
    public long mark() {
        try {
            return file.isPresent() && Files.exists(file.get()) ? Files.size(file.get()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** NGINX's last {@code [emerg]} message written after {@code mark}: the reason it refused a configuration. */
    public Optional<String> rejectionSince(long mark) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (RandomAccessFile log = new RandomAccessFile(file.get().toFile(), "r")) {
            long length = log.length();
            long from = length < mark ? 0 : Math.max(mark, length - MAX_READ); // truncated or rotated: read anew
            byte[] bytes = new byte[(int) (length - from)];
            log.seek(from);
            log.readFully(bytes);
            return lastEmergency(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> lastEmergency(String text) {
        String found = null;
        for (String line : text.split("\n")) {
            Matcher m = EMERG.matcher(line);
            if (m.find()) {
                found = m.group(1).strip();
            }
        }
        return Optional.ofNullable(found);
    }
}
