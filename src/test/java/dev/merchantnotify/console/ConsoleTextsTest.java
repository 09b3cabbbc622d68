package dev.merchantnotify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The console's two languages say the same things, and every text a page or bean asks for exists. */
class ConsoleTextsTest {

    private static final Path BUNDLES = Path.of("src/main/resources/dev/merchantnotify/console");
    private static final Pattern PAGE_KEY = Pattern.compile("msg\\['([a-z0-9_.-]+)'\\]");
    private static final Pattern CODE_KEY = Pattern.compile("texts\\.get\\(\"([a-z0-9_.-]+)\"");

    private static Set<String> keys(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(BUNDLES.resolve(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }

    @Test
    void englishAndChineseHaveTheSameTexts() throws IOException {
        assertEquals(keys("messages.properties"), keys("messages_zh.properties"));
    }

    @Test
    void everyTextAskedForExists() throws IOException {
        Set<String> known = keys("messages.properties");
        Set<String> missing = new TreeSet<>();
        scan(Path.of("src/main/webapp"), ".xhtml", PAGE_KEY, known, missing);
        scan(Path.of("src/main/java/dev/merchantnotify/console"), ".java", CODE_KEY, known, missing);
        assertTrue(missing.isEmpty(), "texts asked for but not in messages.properties: " + missing);
    }

    private static void scan(Path root, String suffix, Pattern pattern, Set<String> known, Set<String> missing)
            throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                Matcher key = pattern.matcher(Files.readString(file));
                while (key.find()) {
                    // A key built from a prefix ('status.'.concat(...)) must have at least one text under it.
                    String name = key.group(1);
                    boolean found = name.endsWith(".") ? known.stream().anyMatch(k -> k.startsWith(name))
                            : known.contains(name);
                    if (!found) {
                        missing.add(name + " (" + file.getFileName() + ")");
                    }
                }
            }
        }
    }
}
