package it.dev.merchantnotify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven through its chromedriver. Each test has a browser
 * of its own (own profile, no shared cookies). Screenshots of the pages go to target/screenshots/.
 */
class ConsoleIT extends AgainstServer {

    private static final String BASE = "http://localhost:" + Integer.getInteger("it.http.port", 9181);
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        browser = browser("en-US");
    }

    @AfterEach
    void closeBrowser() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private WebDriver browser(String language) throws IOException {
        profile = Files.createTempDirectory("console-it-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=" + language, "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")).toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @Test
    void aWrongPasswordDoesNotGetIn() throws IOException {
        browser.get(BASE + "/console/");
        waitFor(By.id("login:user"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/login.xhtml"), browser.getCurrentUrl());
        screenshot("login");
        logIn(NotifyApi.ADMIN, "not-the-password");
        waitFor(By.cssSelector(".ui-messages-error"));
        assertTrue(browser.findElement(By.cssSelector(".ui-messages-error")).getText().contains("Wrong user or password"));
        browser.get(BASE + "/console/index.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/console/login.xhtml"), "still outside: " + browser.getCurrentUrl());
    }

    @Test
    void aProducerIsNotAnOperator() {
        browser.get(BASE + "/console/login.xhtml");
        logIn(NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD);
        waitFor(By.cssSelector(".ui-messages-error"));
        browser.get(BASE + "/console/index.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/console/login.xhtml"), browser.getCurrentUrl());
    }

    @Test
    void theDashboardShowsWhatTheAdminApiSays() throws IOException {
        String merchantUrl = merchant.url("/ok/console-dashboard");
        long id = api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("console"), merchantUrl, null))
                .data().getJsonNumber("id").longValue();
        api.awaitStatus(id, "success", WAIT);

        logInAsAdmin();
        // The queue moves while other work settles: read the page and the API until they agree.
        NotifyApi.await(() -> {
            browser.navigate().refresh();
            waitFor(By.id("pending"));
            JsonObject queue = api.admin("queue-status").data();
            return text("pending").equals(String.valueOf(queue.getJsonNumber("pending_count").longValue()))
                    && text("delayed").equals(String.valueOf(queue.getJsonNumber("retry_count").longValue()))
                    && text("inflight").equals(String.valueOf(queue.getJsonNumber("inflight_count").longValue()));
        }, "the dashboard's queue counts equal queue-status's", WAIT);
        assertTrue(Long.parseLong(text("attempts")) >= 1, "the last hour has attempts");
        assertTrue(text("success-rate").endsWith("%"), text("success-rate"));
        assertTrue(Long.parseLong(text("merchants-normal")) >= 1, "merchants by status");
        assertEquals(3, browser.findElements(By.tagName("canvas")).size(), "three charts");
        screenshot("dashboard");

        // The page refreshes itself: a new delivery shows up without reloading it.
        long before = Long.parseLong(text("attempts"));
        long next = api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("console"), merchantUrl, null))
                .data().getJsonNumber("id").longValue();
        api.awaitStatus(next, "success", WAIT);
        NotifyApi.await(() -> Long.parseLong(text("attempts")) > before, "the dashboard refreshes by itself",
                Duration.ofSeconds(30));
    }

    @Test
    void theLanguageFollowsTheBrowserAndCanBeSwitched() throws IOException {
        browser.quit();
        browser = browser("zh-CN");
        browser.get(BASE + "/console/login.xhtml");
        waitFor(By.id("login:user"));
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("运维登录"), "Chinese for a Chinese browser");
        logInAsAdmin();
        assertEquals("仪表盘", browser.findElement(By.tagName("h1")).getText());
        screenshot("dashboard-zh");
        browser.findElement(By.id("nav:lang-en")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
        browser.findElement(By.id("nav:lang-zh")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h1"), "仪表盘"));
    }

    @Test
    void logoutEndsTheSession() {
        logInAsAdmin();
        browser.findElement(By.id("nav:logout")).click();
        waitFor(By.id("login:user"));
        browser.get(BASE + "/console/index.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/console/login.xhtml"), browser.getCurrentUrl());
    }

    private void logInAsAdmin() {
        browser.get(BASE + "/console/login.xhtml");
        logIn(NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD);
        waitFor(By.id("pending"));
        assertTrue(browser.getCurrentUrl().contains("/console/index.xhtml"), browser.getCurrentUrl());
    }

    private void logIn(String user, String password) {
        waitFor(By.id("login:user")).sendKeys(user);
        browser.findElement(By.id("login:password")).sendKeys(password);
        browser.findElement(By.id("login:submit")).click();
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** An element's text; the dashboard re-renders itself every few seconds, so a found element may go stale. */
    private String text(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.findElement(By.id(id)).getText().trim();
            } catch (StaleElementReferenceException rerendered) {
                if (attempt == 10) {
                    throw rerendered;
                }
            }
        }
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
