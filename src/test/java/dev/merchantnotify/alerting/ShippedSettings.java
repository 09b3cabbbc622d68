package dev.merchantnotify.alerting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The alerting settings as shipped (META-INF/microprofile-config.properties), with chosen keys overridden. */
final class ShippedSettings {

    private ShippedSettings() {
    }

    static AlertSettings with(Map<String, String> overrides) {
        Properties shipped = new Properties();
        try (InputStream in = ShippedSettings.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        // "${ENV_VAR:default}": the environment is not consulted here, the default applies.
        shipped.stringPropertyNames().forEach(key -> values.put(key,
                shipped.getProperty(key).replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1")));
        values.putAll(overrides);
        return AlertSettings.of(key -> Optional.ofNullable(values.get(key)).filter(value -> !value.isEmpty()));
    }
}
