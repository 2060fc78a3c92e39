package io.github.nginxmodelsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sidecar shares the pod's network with NGINX, so it must never take a port NGINX may use. */
class PortsTest {

    @Test
    void servesHttpOnPort9000AndNeverOnNginxPorts() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PortsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }

        assertEquals("9000", properties.getProperty("quarkus.http.port"));
        for (String name : properties.stringPropertyNames()) {
            if (name.endsWith("quarkus.http.port") || name.endsWith("quarkus.management.port")) {
                assertFalse(Set.of("80", "443", "8080").contains(properties.getProperty(name)), name);
            }
        }
    }
}
