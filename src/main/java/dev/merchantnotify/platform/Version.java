package dev.merchantnotify.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version, written into {@code version.properties} by the build. */
public final class Version {

    public static final String CURRENT = read();

    private Version() {
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
