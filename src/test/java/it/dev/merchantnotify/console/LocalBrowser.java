package it.dev.merchantnotify.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.service.DriverFinder;

/**
 * Where the console's browser tests find a Chromium or Chrome and a chromedriver, in this order:
 * <ol>
 * <li>the {@code it.chromium} and {@code it.chromedriver} system properties, when given;</li>
 * <li>the system's packages: {@code chromium}, {@code chromium-browser}, {@code google-chrome} or
 * {@code google-chrome-stable} and {@code chromedriver} on the {@code PATH} (Debian's {@code chromium} and
 * {@code chromium-driver});</li>
 * <li>Selenium Manager, which uses an installed Chrome and downloads a matching driver, or downloads Chrome for Testing
 * and its driver, where the machine can reach Google's servers.</li>
 * </ol>
 * Where none is found the tests are skipped (a JUnit assumption) with one line saying why and how to install them, so
 * {@code ./mvnw verify} passes on a machine with a JDK only. With {@code -Dit.browser.required=true} (CI) a missing
 * browser fails them instead.
 */
final class LocalBrowser {

    static final String REQUIRED = "it.browser.required";
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final String INSTALL = "install them with 'sudo apt-get install chromium chromium-driver' (Debian, "
            + "Ubuntu), or name them with -Dit.chromium=... -Dit.chromedriver=...";

    /** A browser and its driver. */
    record Found(Path browser, Path driver, String source) {
    }

    private static Found found;
    private static String missing;

    private LocalBrowser() {
    }

    /**
     * The browser and driver to use; skips the calling test (fails it when {@link #REQUIRED}) when there are none.
     * Looked for once per test run.
     */
    static synchronized Found require() {
        if (found == null && missing == null) {
            locate();
            if (found != null) {
                System.out.printf("Console browser tests: %s with %s (%s)%n", found.browser(), found.driver(),
                        found.source());
            } else if (!Boolean.getBoolean(REQUIRED)) {
                System.out.println("Console browser tests SKIPPED: " + missingLine());
            }
        }
        if (found != null) {
            return found;
        }
        String line = "Console browser tests: " + missingLine();
        if (Boolean.getBoolean(REQUIRED)) {
            Assertions.fail(line + " (" + REQUIRED + "=true: a missing browser is a failure)");
        }
        Assumptions.abort(line);
        throw new AssertionError("unreachable");
    }

    private static String missingLine() {
        return "they need Chromium or Chrome and chromedriver: " + missing + "; " + INSTALL;
    }

    private static void locate() {
        List<String> reasons = new ArrayList<>();
        Optional<Path> browser = given("it.chromium", reasons).or(() -> onPath(BROWSERS));
        Optional<Path> driver = given("it.chromedriver", reasons).or(() -> onPath(List.of("chromedriver")));
        if (!reasons.isEmpty()) {
            missing = String.join("; ", reasons); // named, but wrong: no guessing past what was asked for
            return;
        }
        if (browser.isPresent() && driver.isPresent()) {
            found = new Found(browser.get(), driver.get(), "system packages or -Dit.chromium/-Dit.chromedriver");
            return;
        }
        reasons.add(browser.isEmpty() ? "no " + String.join(", ", BROWSERS) + " on the PATH"
                : "no chromedriver on the PATH (found " + browser.get() + ")");
        try {
            ChromeOptions options = new ChromeOptions();
            browser.ifPresent(path -> options.setBinary(path.toFile()));
            DriverFinder finder = new DriverFinder(ChromeDriverService.createDefaultService(), options);
            Path managedDriver = Path.of(finder.getDriverPath());
            Path managedBrowser = browser.orElseGet(() -> Path.of(finder.getBrowserPath()));
            found = new Found(managedBrowser, managedDriver, "Selenium Manager");
        } catch (RuntimeException e) {
            reasons.add("Selenium Manager found none either (" + firstLine(e) + ")");
            missing = String.join("; ", reasons);
        }
    }

    private static Optional<Path> given(String property, List<String> reasons) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        if (Files.isExecutable(path)) {
            return Optional.of(path);
        }
        reasons.add(property + "=" + value + " is not an executable file");
        return Optional.empty();
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return names.stream()
                .flatMap(name -> Stream.of(path.split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
