package dev.merchantnotify.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference cannot drift from the code: every setting the application reads has a default in
 * microprofile-config.properties and a row in the README with that default and its environment variable; every server
 * variable has a row with its default; and the deployment files set only variables that exist.
 */
class ConfigurationReferenceTest {

    private static final Path PROPERTIES = Path.of("src/main/resources/META-INF/microprofile-config.properties");
    private static final Path README = Path.of("README.md");
    private static final Pattern ALIAS = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `(notify\\.[a-z0-9.-]+)` \\| (.+?) \\| (.+?) \\| .+ \\|$");
    private static final Pattern VARIABLE_ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| (.+?) \\| .+ \\|$");
    private static final Pattern SERVER_VARIABLE = Pattern.compile(
            "<variable name=\"([^\"]+)\" defaultValue=\"([^\"]*)\"/>");
    /** A setting's name in a string literal; metric names (the argument of {@code metadata(}) are not settings. */
    private static final Pattern KEY_IN_CODE =
            Pattern.compile("(?<!metadata\\()\"(notify\\.[a-z-]+\\.[a-z0-9.-]*[a-z0-9])\"");
    /** Variables of Liberty's launch scripts, not of the application. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("JAVA_HOME", "JVM_ARGS", "WLP_OUTPUT_DIR", "LOG_DIR");

    /** The application's settings and their defaults, as microprofile-config.properties gives them. */
    private static Map<String, String> defaults() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES)) {
            properties.load(reader);
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("notify.")).sorted()
                .forEach(key -> defaults.put(key, properties.getProperty(key)));
        return defaults;
    }

    /** The environment variable operators set: the alias in the default, else the key in MicroProfile's form. */
    private static String environmentVariable(String key, String value) {
        Matcher alias = ALIAS.matcher(value);
        return alias.matches() ? alias.group(1) : key.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT);
    }

    private static String defaultOf(String value) {
        Matcher alias = ALIAS.matcher(value);
        return alias.matches() ? alias.group(2) : value;
    }

    /** The server.xml variables and their defaults (server.xml and the data source files). */
    private static Map<String, String> serverVariables() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/liberty/config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                Matcher variable = SERVER_VARIABLE.matcher(Files.readString(file));
                while (variable.find()) {
                    variables.put(variable.group(1), variable.group(2));
                }
            }
        }
        return variables;
    }

    private static List<String> configurationSection() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## Configuration\n");
        int end = readme.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "the README has a Configuration section");
        return readme.substring(start, end).lines().toList();
    }

    @Test
    void everySettingHasAReadmeRowWithItsDefaultAndEnvironmentVariable() throws IOException {
        Map<String, String> defaults = defaults();
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : configurationSection()) {
            Matcher row = KEY_ROW.matcher(line);
            if (row.matches()) {
                rows.put(row.group(1), new String[] {row.group(2), row.group(3)});
            }
        }
        Set<String> problems = new TreeSet<>();
        defaults.forEach((key, value) -> {
            String[] row = rows.get(key);
            if (row == null) {
                problems.add(key + ": no row in the README");
                return;
            }
            String variable = "`" + environmentVariable(key, value) + "`";
            if (!row[0].equals(variable)) {
                problems.add(key + ": environment variable " + row[0] + ", expected " + variable);
            }
            String expected = defaultOf(value);
            boolean documented = expected.isEmpty() ? row[1].startsWith("empty") : row[1].startsWith("`" + expected + "`");
            if (!documented) {
                problems.add(key + ": default " + row[1] + ", but the application's is '" + expected + "'");
            }
        });
        rows.keySet().stream().filter(key -> !defaults.containsKey(key) && !key.equals("notify.platform.data-dir"))
                .forEach(key -> problems.add(key + ": in the README, but the application has no such setting"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyServerVariableHasAReadmeRowWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : configurationSection()) {
            Matcher row = VARIABLE_ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(1), row.group(2));
            }
        }
        Set<String> problems = new TreeSet<>();
        serverVariables().forEach((name, value) -> {
            if (name.startsWith("notify.")) {
                return;
            }
            String row = documented.get(name);
            if (row == null) {
                problems.add(name + ": no row in the README");
            } else if (value.isEmpty() ? !row.startsWith("empty") : !row.startsWith("`" + value + "`")) {
                problems.add(name + ": default " + row + ", but server.xml's is '" + value + "'");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everySettingTheCodeReadsHasADefault() throws IOException {
        Set<String> known = defaults().keySet();
        Set<String> serverVariables = serverVariables().keySet();
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher key = KEY_IN_CODE.matcher(Files.readString(source));
                while (key.find()) {
                    String name = key.group(1);
                    boolean setting = known.contains(name) || serverVariables.contains(name)
                            || known.stream().anyMatch(k -> k.startsWith(name + "."));
                    if (!setting) {
                        missing.add(name + " (" + source.getFileName() + ")");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "read by the code but without a default in " + PROPERTIES + ": " + missing);
    }

    @Test
    void theDeploymentFilesSetOnlyVariablesThatExist() throws IOException {
        Set<String> variables = new TreeSet<>(LAUNCHER_VARIABLES);
        defaults().forEach((key, value) -> variables.add(environmentVariable(key, value)));
        variables.addAll(serverVariables().keySet());
        Set<String> unknown = new TreeSet<>();
        Pattern assignment = Pattern.compile("(?:^|[ ;,=])([A-Z][A-Z0-9_]+)=");
        for (String file : List.of("deploy/merchant-notify.env", "deploy/systemd/merchant-notify.service",
                "deploy/supervisor/merchant-notify.conf")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                Matcher name = assignment.matcher(line);
                while (name.find()) {
                    if (!variables.contains(name.group(1))) {
                        unknown.add(name.group(1) + " in " + file);
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "variables the application does not read: " + unknown);
        Set<String> envFile = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("deploy/merchant-notify.env"))) {
            if (!line.startsWith("#") && line.contains("=")) {
                envFile.add(line.substring(0, line.indexOf('=')));
            }
        }
        for (String required : List.of("ADMIN_PASSWORD", "PRODUCER_PASSWORD", "NOTIFY_SECURITY_SECRET_KEY", "DB_TYPE",
                "PG_HOST", "PG_PASSWORD", "REDIS_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_ADMIN_CHAT_ID")) {
            assertTrue(envFile.contains(required), "deploy/merchant-notify.env sets " + required);
        }
        assertEquals(1, Files.readAllLines(Path.of("deploy/systemd/merchant-notify.service")).stream()
                .filter(line -> line.equals("Environment=NOTIFY_SECURITY_PRODUCTION_MODE=true")).count(),
                "the service unit turns production mode on");
    }
}
