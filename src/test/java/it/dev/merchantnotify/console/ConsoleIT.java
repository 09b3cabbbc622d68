package it.dev.merchantnotify.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.channel.SocketClient;
import it.dev.merchantnotify.NotifyApi;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * The console in a real browser: a headless Chromium (or Chrome) driven through its chromedriver, found by
 * {@link LocalBrowser} (skipped, with the reason, where there is none, unless it.browser.required). Each test has a
 * browser of its own (own profile, no shared cookies). Screenshots of the pages go to target/screenshots/.
 */
class ConsoleIT extends AgainstServer {

    private static final int PORT = Integer.getInteger("it.http.port", 9181);
    private static final String BASE = "http://localhost:" + PORT;
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private LocalBrowser.Found chromium;
    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        chromium = LocalBrowser.require(); // each test is reported as skipped (with the reason) where there is none
        browser = browser("en-US");
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser == null) {
            return; // skipped: no browser on this machine
        }
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private WebDriver browser(String language) throws IOException {
        return browser(language, null, null);
    }

    /** A browser in {@code language}, in time zone {@code zone} (null: the machine's), saving downloads in a folder. */
    private WebDriver browser(String language, String zone, Path downloads) throws IOException {
        profile = Files.createTempDirectory("console-it-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=" + language, "--user-data-dir=" + profile);
        Map<String, Object> prefs = new java.util.HashMap<>(Map.of("intl.accept_languages", language));
        if (downloads != null) {
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
        }
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService.Builder service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.driver().toFile());
        if (zone != null) {
            service.withEnvironment(Map.of("TZ", zone));
        }
        ChromeDriver driver = new ChromeDriver(service.build(), options);
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

    @Test
    void searchANotificationOpenItsAttemptsAndRetryIt() throws IOException {
        String orderNo = NotifyApi.uniqueOrderNo("console-failed");
        long id = api.submit(NotifyApi.notificationJson(orderNo, merchant.url("/error/console"), null))
                .data().getJsonNumber("id").longValue();
        api.awaitStatus(id, "failed", WAIT);

        logInAsAdmin();
        browser.findElement(By.id("nav:notifications")).click();
        waitFor(By.id("search:order-no")).sendKeys(orderNo);
        browser.findElement(By.id("search:find")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("search:results"), orderNo));
        assertEquals(1, browser.findElements(By.cssSelector("#search\\:results_data tr")).size(), "one match");
        screenshot("notifications");

        browser.findElement(By.linkText(String.valueOf(id))).click();
        waitFor(By.id("detail:attempts"));
        assertEquals(orderNo, text("detail:order-no"));
        assertEquals("Failed", text("detail:status"), "state labels are capitalised");
        List<WebElement> attempts = browser.findElements(By.cssSelector("#detail\\:attempts_data tr"));
        assertEquals(4, attempts.size(), "every attempt is listed");
        assertTrue(attempts.get(0).getText().contains("500"), attempts.get(0).getText());
        screenshot("notification");

        browser.findElement(By.id("detail:retry")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("detail:messages"), "queued again"));
        NotifyApi.await(() -> api.notification(id).getInt("attempts") >= 5, "the retry made a new attempt", WAIT);
        JsonObject audit = api.admin("audit?limit=1").data().getJsonArray("list").getJsonObject(0);
        assertEquals("retry", audit.getString("action"), audit.toString());
        assertEquals(NotifyApi.ADMIN, audit.getString("actor"), audit.toString());
    }

    @Test
    void anOrderNumberWithMarkupShowsAsText() throws IOException {
        // At most 64 characters: a script element and an image whose error handler would run.
        String orderNo = "<script>xssRan=2</script><img src=x onerror=xssRan=1>" + UUID.randomUUID().toString()
                .substring(0, 8);
        long id = api.submit(NotifyApi.notificationJson(orderNo, merchant.url("/ok/console-xss"), null))
                .data().getJsonNumber("id").longValue();
        logInAsAdmin();
        browser.get(BASE + "/console/notifications.xhtml");
        waitFor(By.id("search:order-no")).sendKeys(orderNo);
        browser.findElement(By.id("search:find")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("search:results"), "<script>xssRan=2</script>"));
        browser.get(BASE + "/console/notification.xhtml?id=" + id);
        waitFor(By.id("detail:order-no"));
        assertEquals(orderNo, text("detail:order-no"), "the order number is shown as it is, as text");
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.xssRan;"), "no script ran");
        screenshot("notification-markup");
        assertTrue(browser.findElements(By.cssSelector("img[src='x']")).isEmpty(), "no element was injected");
    }

    @Test
    void resetAMerchantsBreakerAndIssueItsSecret() throws IOException {
        String url = merchant.refusedUrl() + "/" + NotifyApi.uniqueOrderNo("console-breaker");
        api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("console-breaker-1"), url, null));
        api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("console-breaker-2"), url, null));
        String status = "merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        NotifyApi.await(() -> "circuit_breaker".equals(api.admin(status).data().getString("status")),
                "the breaker opens", WAIT);
        String key = api.admin(status).data().getString("merchant_key");

        logInAsAdmin();
        browser.findElement(By.id("nav:merchants")).click();
        waitFor(By.id("merchants:table"));
        // The merchants' rows are rendered (each key links to its merchant's page).
        assertTrue(browser.findElements(By.cssSelector("a[id$=':open']")).size() >= 1,
                "the merchants' rows: " + text("merchants:table"));
        screenshot("merchants");
        browser.get(BASE + "/console/merchant.xhtml?key=" + key);
        waitFor(By.id("merchant:status"));
        assertEquals("Circuit breaker open", text("merchant:status"));
        browser.findElement(By.id("merchant:reset")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("merchant:status"), "Normal"));
        assertEquals("normal", api.admin(status).data().getString("status"), "the breaker is closed");

        browser.findElement(By.id("merchant:issue-secret")).click();
        WebElement issued = waitFor(By.id("merchant:issued-secret"));
        assertTrue(issued.getText().startsWith("whsec_"), issued.getText());
        String hint = api.admin("merchant-secret?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).data()
                .getString("secret_hint");
        assertTrue(issued.getText().endsWith(hint), "the admin API sees the secret the console issued");
        screenshot("merchant");
    }

    @Test
    void recoverAfterAConfirmationThatSaysHowManyThenPauseAndResume() throws IOException {
        String name = NotifyApi.uniqueOrderNo("console-recover").toLowerCase(java.util.Locale.ROOT);
        merchant.setUp(name, false);
        String url = merchant.url("/switch/" + name);
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("console-recover-" + i), url, null))
                    .data().getJsonNumber("id").longValue());
        }
        ids.forEach(id -> api.awaitStatus(id, "failed", WAIT));
        String status = "merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        String key = api.admin(status).data().getString("merchant_key");
        merchant.setUp(name, true);

        logInAsAdmin();
        browser.get(BASE + "/console/merchant.xhtml?key=" + key);
        waitFor(By.id("merchant:recover-since_input")).sendKeys("2020-01-01 00:00");
        browser.findElement(By.id("merchant:recover-count")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("merchant:recover-confirm"), "3 notification(s) will be sent again"));
        screenshot("merchant-recover-confirm");
        ids.forEach(id -> assertEquals("failed", api.notification(id).getString("status"), "nothing sent yet"));
        browser.findElement(By.id("merchant:recover")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("merchant:messages"), "Queued"));
        ids.forEach(id -> api.awaitStatus(id, "success", WAIT));

        waitFor(By.id("merchant:pause-reason")).sendKeys("moving servers");
        browser.findElement(By.id("merchant:pause")).click();
        waitFor(By.id("merchant:confirm-yes")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("merchant:status"), "Paused"));
        String pausedState = text("paused-state");
        assertTrue(pausedState.contains("by admin") && pausedState.contains("moving servers"), pausedState);
        JsonObject paused = api.admin(status).data();
        assertEquals("paused", paused.getString("status"));
        assertEquals("moving servers", paused.getString("paused_reason"));
        screenshot("merchant-paused");
        browser.findElement(By.id("merchant:resume")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("merchant:status"), "Normal"));
        assertEquals("normal", api.admin(status).data().getString("status"));
    }

    @Test
    void aRefusalShowsInTheOperatorsLanguage() throws IOException {
        // The secret is removed through the admin API while the (Chinese) merchant page still offers to remove it:
        // the operator service refuses, and the page says why in Chinese.
        String url = merchant.url("/ok/" + NotifyApi.uniqueOrderNo("console-refusal"));
        String body = "{\"notify_url\":\"" + url + "\"}";
        assertEquals(200, api.adminPost("merchant-secret", body).status());
        String key = api.admin("merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).data()
                .getString("merchant_key");

        browser.quit();
        browser = browser("zh-CN");
        logInAsAdmin();
        browser.get(BASE + "/console/merchant.xhtml?key=" + key);
        waitFor(By.id("merchant:remove-secret"));
        assertEquals(200, api.adminPost("remove-merchant-secret", body).status());
        browser.findElement(By.id("merchant:remove-secret")).click();
        waitFor(By.id("merchant:confirm-yes")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("merchant:messages"), "的商户没有签名密钥"));
        String shown = browser.findElement(By.id("merchant:messages")).getText();
        assertTrue(shown.contains("notify_url 为 \"" + url + "\""), shown);
        screenshot("merchant-refusal-zh");
    }

    @Test
    void registerAnAccountWithTwoDestinationsAndAFailoverRouteThenSeeItInChinese() throws IOException {
        String merchantNo = "C-" + UUID.randomUUID().toString().substring(0, 8);
        logInAsAdmin();
        browser.findElement(By.id("nav:accounts")).click();
        waitFor(By.id("accounts:table"));
        browser.findElement(By.id("accounts:merchant-no")).sendKeys(merchantNo);
        browser.findElement(By.id("accounts:name")).sendKeys("Console Coffee");
        browser.findElement(By.id("accounts:create")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.id("account:status"), "No destinations"));
        assertTrue(browser.findElement(By.id("account:messages")).getText().contains("Merchant account " + merchantNo
                + " created"), browser.findElement(By.id("account:messages")).getText());

        // A destination without a URL is refused, naming the field; then two are added.
        browser.findElement(By.id("account:destination-name-input")).sendKeys("primary");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "settings.url"));
        addDestination("primary", merchant.refusedUrl());
        addDestination("backup", merchant.url("/ok/console-backup-" + merchantNo));
        assertEquals("Normal", text("account:status"));

        // A failover route: primary in tier 1, backup in tier 2 (destinations are listed by name: backup, primary).
        waitFor(By.id("account:members:1:tier_input")).sendKeys("1");
        browser.findElement(By.id("account:members:0:tier_input")).sendKeys("2");
        browser.findElement(By.id("account:add-route")).click();
        settle().until(ExpectedConditions.visibilityOfElementLocated(
                By.id("account:routes:0:route-tiers")));
        assertEquals("1: primary · 2: backup", text("account:routes:0:route-tiers"));
        assertEquals("Failover", text("account:routes:0:route-strategy"));
        JsonObject route = api.admin("accounts/" + merchantNo).data().getJsonArray("routes").getJsonObject(0);
        assertEquals("failover", route.getString("strategy"), route.toString());

        // A test notification to the backup is delivered; one to the dead primary says why it failed.
        browser.findElement(By.id("account:destinations:0:test")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "Test notification to backup: delivered"));
        browser.findElement(By.id("account:destinations:1:test")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "Test notification to primary failed (connect)"));

        // Notifications for the account reach the backup; the page shows the primary's failures.
        List<String> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String orderNo = NotifyApi.uniqueOrderNo("console-routed-" + i);
            orders.add(orderNo);
            assertEquals(202, api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                    + "\",\"payload\":{\"order_no\":\"" + orderNo + "\"}}").status());
        }
        NotifyApi.await(() -> orders.stream().allMatch(orderNo -> merchant.receivedWith(orderNo).stream()
                .anyMatch(r -> r.path().equals("/ok/console-backup-" + merchantNo))), "the backup gets all five", WAIT);
        browser.navigate().refresh();
        waitFor(By.id("account:destinations:1:destination-failures"));
        assertTrue(Integer.parseInt(text("account:destinations:1:destination-failures")) >= 5,
                "five failed attempts at the primary: " + text("account:destinations:1:destination-failures"));
        screenshot("account");

        // Switched off, the primary is shown so, and the route passes it by.
        browser.findElement(By.id("account:destinations:1:switch-destination")).click();
        settle().until(ExpectedConditions.textToBe(
                By.id("account:destinations:1:destination-status"), "Switched off"));
        assertEquals("Normal", text("account:status"), "the account sums up its switched-on destinations");

        // The backup's URL is changed, and the route's event pattern, in place.
        browser.findElement(By.id("account:destinations:0:edit-destination")).click();
        settle().until(ExpectedConditions.attributeContains(
                By.id("account:destination-url"), "value", "/ok/console-backup-"));
        WebElement url = browser.findElement(By.id("account:destination-url"));
        url.clear();
        url.sendKeys(merchant.url("/ok/console-moved-" + merchantNo));
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "Destination backup changed"));
        assertTrue(api.admin("accounts/" + merchantNo + "/destinations/backup").data().getString("address")
                .endsWith("/ok/console-moved-" + merchantNo));
        browser.findElement(By.id("account:routes:0:edit-route")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account"), "Change the route"));
        assertEquals("*", browser.findElement(By.id("account:event-pattern")).getAttribute("value"));
        WebElement pattern = browser.findElement(By.id("account:event-pattern"));
        pattern.clear();
        pattern.sendKeys("order.*");
        browser.findElement(By.id("account:add-route")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "Route for order.* changed"));
        JsonObject changed = api.admin("accounts/" + merchantNo).data().getJsonArray("routes").getJsonObject(0);
        assertEquals("order.*", changed.getString("event_pattern"), changed.toString());
        assertEquals(2, changed.getJsonArray("tiers").size(), "its tiers kept: " + changed);

        browser.quit();
        browser = browser("zh-CN");
        logInAsAdmin();
        browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
        waitFor(By.id("account:routes:0:route-strategy"));
        assertEquals("故障转移", text("account:routes:0:route-strategy"));
        assertEquals("正常", text("account:status"));
        assertEquals("已停用", text("account:destinations:1:destination-status"));
        screenshot("account-zh");
        browser.get(BASE + "/console/accounts.xhtml");
        String listed = waitFor(By.id("accounts:table")).getText();
        screenshot("accounts-zh");
        assertTrue(listed.contains(merchantNo) && listed.contains("正常"), listed);
    }

    @Test
    void brokerDestinationsAreAddedAndChangedWithTheirOwnSettings() throws IOException {
        String merchantNo = "CONSOLE-MQ-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Queues\"}")
                .status());
        logInAsAdmin();
        browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
        waitFor(By.id("account:destination-name-input")).sendKeys("mq");
        chooseDestinationType("rabbitmq");
        waitFor(By.id("account:destination-uri")).sendKeys("amqp://guest@127.0.0.1:5672/%2F");
        browser.findElement(By.id("account:destination-password")).sendKeys("guest");
        browser.findElement(By.id("account:destination-exchange")).sendKeys("amq.topic");
        browser.findElement(By.id("account:destination-routing-key")).sendKeys("console.{event}");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                "Destination mq added"));
        JsonObject mq = api.admin("accounts/" + merchantNo + "/destinations/mq").data();
        assertEquals("rabbitmq", mq.getString("type"));
        assertEquals("amq.topic", mq.getJsonObject("settings").getString("exchange"));
        assertEquals("console.{event}", mq.getJsonObject("settings").getString("routing_key"));
        assertEquals("[\"password\"]", mq.getJsonArray("secret_names").toString());

        // Changed: the form shows its settings but not its password; left empty, the password stays.
        settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destinations:0:edit-destination")))
                .click();
        WebElement exchange = settle().until(ExpectedConditions.attributeToBe(By.id("account:destination-exchange"),
                "value", "amq.topic")) ? browser.findElement(By.id("account:destination-exchange")) : null;
        assertEquals("", browser.findElement(By.id("account:destination-password")).getAttribute("value"));
        exchange.clear();
        exchange.sendKeys("amq.direct");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                "Destination mq changed"));
        mq = api.admin("accounts/" + merchantNo + "/destinations/mq").data();
        assertEquals("amq.direct", mq.getJsonObject("settings").getString("exchange"));
        assertEquals("[\"password\"]", mq.getJsonArray("secret_names").toString(), "the password was kept");

        // A Kafka destination; a missing topic is refused, naming the field.
        WebElement name = waitFor(By.id("account:destination-name-input"));
        name.clear();
        name.sendKeys("stream");
        chooseDestinationType("kafka");
        waitFor(By.id("account:destination-bootstrap")).sendKeys("127.0.0.1:19092");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                "settings.topic"));
        settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destination-topic"))).sendKeys("orders");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                "Destination stream added"));
        screenshot("account-broker-destinations");
        JsonObject stream = api.admin("accounts/" + merchantNo + "/destinations/stream").data();
        assertEquals("kafka://127.0.0.1:19092 topic orders", stream.getString("address"));
    }

    @Test
    void aWebSocketDestinationShowsItsOpenSockets() throws Exception {
        String merchantNo = "CONSOLE-WS-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Till\"}")
                .status());
        logInAsAdmin();
        browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
        waitFor(By.id("account:destination-name-input")).sendKeys("pos");
        chooseDestinationType("websocket");
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                "Destination pos added"));
        settle().until(ExpectedConditions.textToBe(By.id("account:destinations:0:destination-sessions"),
                "0 socket(s) open on this node, 0 on other nodes"));
        String key = api.admin("accounts/" + merchantNo + "/destinations/pos").data().getString("destination_key");
        String secret = api.adminPost("merchant-secret", "{\"merchant_key\":\"" + key + "\"}").data()
                .getString("secret");
        try (SocketClient first = SocketClient.connect(PORT, SocketClient.freshQuery(merchantNo, "pos", secret));
                SocketClient second = SocketClient.connect(PORT, SocketClient.freshQuery(merchantNo, "pos", secret))) {
            it.dev.merchantnotify.NotifyApi.await(() -> api.admin("accounts/" + merchantNo).data()
                    .getJsonArray("destinations").getJsonObject(0).getJsonArray("sessions").size() == 2,
                    "both sockets open", java.time.Duration.ofSeconds(10));
            browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
            assertEquals("2 socket(s) open on this node, 0 on other nodes",
                    waitFor(By.id("account:destinations:0:destination-sessions")).getText());
            screenshot("account-websocket");
        }
    }

    @Test
    void anEmailDestinationIsMadeChangedAndTestedFromTheConsole() throws Exception {
        String merchantNo = "CONSOLE-EM-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Mail\"}")
                .status());
        try (it.dev.merchantnotify.channel.MailServer mail = it.dev.merchantnotify.channel.MailServer.start(
                Integer.getInteger("it.smtp.port", 9325))) {
            logInAsAdmin();
            browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
            waitFor(By.id("account:destination-name-input")).sendKeys("ops");
            chooseDestinationType("email");
            WebElement to = waitFor(By.id("account:destination-to"));
            to.sendKeys("ops@console.example, not an address");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "settings.to[1] is not a usable address"));
            to = waitFor(By.id("account:destination-to"));
            to.clear();
            to.sendKeys("ops@console.example, boss@console.example");
            WebElement templates = browser.findElement(By.id("account:destination-templates"));
            templates.sendKeys("{\"order.paid\": {\"subject\": ");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "templates is not valid JSON"));
            templates = waitFor(By.id("account:destination-templates"));
            templates.clear();
            templates.sendKeys("{\"*\":{\"subject\":\"Console {order_no}\",\"text\":\"Event {event}\"}}");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "Destination ops added"));
            JsonObject ops = api.admin("accounts/" + merchantNo + "/destinations/ops").data();
            assertEquals("[\"ops@console.example\",\"boss@console.example\"]",
                    ops.getJsonObject("settings").getJsonArray("to").toString());
            assertEquals("Console {order_no}", ops.getJsonObject("settings").getJsonObject("templates")
                    .getJsonObject("*").getString("subject"));

            // Changed: the recipients and templates come back into the form; a change keeps the templates.
            settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destinations:0:edit-destination")))
                    .click();
            settle().until(ExpectedConditions.attributeToBe(By.id("account:destination-to"), "value",
                    "ops@console.example, boss@console.example"));
            to = browser.findElement(By.id("account:destination-to"));
            to.clear();
            to.sendKeys("ops@console.example");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "Destination ops changed"));
            ops = api.admin("accounts/" + merchantNo + "/destinations/ops").data();
            assertEquals("[\"ops@console.example\"]", ops.getJsonObject("settings").getJsonArray("to").toString());
            assertEquals("Event {event}", ops.getJsonObject("settings").getJsonObject("templates")
                    .getJsonObject("*").getString("text"));

            // Tested: the SMTP server gets the test email, and the page says so.
            settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destinations:0:test"))).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "Test notification to ops: delivered"));
            java.util.List<it.dev.merchantnotify.channel.MailServer.Received> got = mail.await("ops@console.example",
                    1, java.time.Duration.ofSeconds(10));
            assertTrue(got.get(0).message().getSubject().startsWith("Console "), got.get(0).message().getSubject());
            screenshot("account-email");
        }
    }

    @Test
    void anSmsDestinationIsMadeAndTestedFromTheConsole() throws Exception {
        String merchantNo = "CONSOLE-SMS-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Text\"}")
                .status());
        try (it.dev.merchantnotify.channel.SmsProviderStandIns providers =
                     it.dev.merchantnotify.channel.SmsProviderStandIns.start()) {
            logInAsAdmin();
            browser.get(BASE + "/console/account.xhtml?no=" + merchantNo);
            waitFor(By.id("account:destination-name-input")).sendKeys("contact");
            chooseDestinationType("sms");
            WebElement to = waitFor(By.id("account:destination-sms-to"));
            to.sendKeys("+86 138 0013");
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("PF('smsProvider').selectValue('twilio');");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "settings.to[0] is not a usable address"));
            to = waitFor(By.id("account:destination-sms-to"));
            to.clear();
            to.sendKeys("+86 138 0013 8000");
            browser.findElement(By.id("account:add-destination")).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "Destination contact added"));
            JsonObject contact = api.admin("accounts/" + merchantNo + "/destinations/contact").data();
            assertEquals("sms:+8613800138000 via twilio", contact.getString("address"));

            settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destinations:0:test"))).click();
            settle().until(ExpectedConditions.textToBePresentInElementLocated(By.id("account:messages"),
                    "Test notification to contact: delivered"));
            assertEquals(1, providers.sentTo("+8613800138000").size());
            screenshot("account-sms");

            // A notification texted: its page shows the provider's receipt for the number.
            assertEquals(201, api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\","
                    + "\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"contact\"}]]}").status());
            var submitted = api.submit("{\"order_no\":\"" + it.dev.merchantnotify.NotifyApi.uniqueOrderNo("console-sms")
                    + "\",\"merchant_no\":\"" + merchantNo + "\",\"event\":\"order.paid\",\"payload\":{}}");
            assertEquals(202, submitted.status(), submitted.rawBody());
            long id = submitted.data().getJsonNumber("id").longValue();
            api.awaitStatus(id, "success", java.time.Duration.ofSeconds(30));
            it.dev.merchantnotify.NotifyApi.await(() -> {
                var receipts = api.notification(id).getJsonArray("deliveries").getJsonObject(0)
                        .getJsonArray("receipts");
                return receipts != null && "confirmed".equals(receipts.getJsonObject(0).getString("state"));
            }, "the receipt", java.time.Duration.ofSeconds(15));
            browser.get(BASE + "/console/notification.xhtml?id=" + id);
            assertTrue(waitFor(By.id("detail:attempts:0:receipts")).getText().startsWith(
                    "+8613800138000: delivered to the phone (delivered) "), browser.findElement(
                    By.id("detail:attempts:0:receipts")).getText());
            screenshot("notification-sms-receipt");
        }
    }

    /**
     * Picks a type in the destination form's PrimeFaces menu through its widget (as a click on the item would, with
     * its ajax update; a click can land while the menu's panel still opens) and waits for its settings to be shown.
     */
    private void chooseDestinationType(String type) {
        settle().until(ExpectedConditions.elementToBeClickable(By.id("account:destination-type")));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "var menu = PF('destinationType'); menu.selectValue(arguments[0]); menu.triggerChange();", type);
        settle().until(ExpectedConditions.textToBe(By.id("account:destination-type_label"), type));
        settle().until(ExpectedConditions.presenceOfElementLocated(By.id(switch (type) {
            case "kafka" -> "account:destination-bootstrap";
            case "websocket" -> "account:destination-websocket-hint";
            case "email" -> "account:destination-to";
            case "sms" -> "account:destination-sms-to";
            default -> "account:destination-uri";
        })));
    }

    private void addDestination(String name, String url) {
        WebElement nameInput = waitFor(By.id("account:destination-name-input"));
        nameInput.clear();
        nameInput.sendKeys(name);
        WebElement urlInput = browser.findElement(By.id("account:destination-url"));
        urlInput.clear();
        urlInput.sendKeys(url);
        browser.findElement(By.id("account:add-destination")).click();
        settle().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("account:messages"), "Destination " + name + " added"));
    }
    /** A wait that looks again when the page re-rendered the element between finding and reading it. */
    private WebDriverWait settle() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }


    @Test
    void theAnalysisDashboardShowsTheApisFiguresInTheOperatorsZoneAndLanguageAndExportsThem() throws Exception {
        // Deliveries of their own event, so that no other test's deliveries count: 20 answered at once, 1 that fails
        // 4 times (HTTP 500).
        String run = UUID.randomUUID().toString().substring(0, 8);
        String event = "it.analysis." + run;
        String okUrl = merchant.url("/ok/console-analysis-" + run);
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("analysis"), okUrl,
                    "\"event\":\"" + event + "\"")).data().getJsonNumber("id").longValue());
        }
        long failing = api.submit(NotifyApi.notificationJson(NotifyApi.uniqueOrderNo("analysis"),
                merchant.url("/error/console-analysis-" + run), "\"event\":\"" + event + "\""))
                .data().getJsonNumber("id").longValue();
        for (long id : ids) {
            api.awaitStatus(id, "success", WAIT);
        }
        api.awaitStatus(failing, "failed", WAIT);
        String okKey = api.admin("merchant-status?notify_url=" + URLEncoder.encode(okUrl, StandardCharsets.UTF_8))
                .data().getString("merchant_key");

        browser.quit();
        Path downloads = Files.createTempDirectory("console-it-downloads-");
        browser = browser("en-US", "Asia/Shanghai", downloads);
        logInAsAdmin();
        browser.findElement(By.id("nav:analysis")).click();
        assertTrue(waitFor(By.id("analysis:zone")).getText().contains("Asia/Shanghai"), text("analysis:zone"));
        browser.findElement(By.id("analysis:event")).sendKeys(event);
        // by day (left to the console, a week is shown by hour)
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "PF('analysisGranularity').selectValue('day');");
        settle().until(ExpectedConditions.textToBe(By.id("analysis:granularity_label"), "Days"));
        browser.findElement(By.id("analysis:show")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.id("attempts"),
                "24"));
        JsonObject measures = api.admin("analysis?event=" + URLEncoder.encode(event, StandardCharsets.UTF_8))
                .data().getJsonObject("total").getJsonObject("measures");
        assertEquals(24, measures.getInt("attempts"));
        assertEquals(String.valueOf(measures.getInt("notifications")), text("notifications"));
        assertEquals("21", text("notifications"));
        assertEquals("20", text("successes"));
        assertEquals(measures.getJsonNumber("success_rate").bigDecimalValue().toPlainString() + " %",
                text("success-rate"));
        assertEquals("83.33 %", text("success-rate"));
        assertEquals(measures.getJsonNumber("p95_ms").longValue() + " ms", text("p95"));
        assertTrue(text("analysis:shown").startsWith("Days, " + java.time.LocalDate.now(java.time.ZoneId.of(
                "Asia/Shanghai")).minusDays(6) + " 00:00:00 – "), text("analysis:shown"));
        assertEquals(3 + 1, browser.findElements(By.cssSelector("#analysis canvas")).size(),
                "three measure charts and the failure reasons");
        assertTrue(text("analysis:forecast-missing").contains("two days"), text("analysis:forecast-missing"));
        List<WebElement> reasons = browser.findElements(By.cssSelector("#analysis\\:reasons_data tr"));
        assertEquals(1, reasons.size(), "one failure reason");
        assertTrue(reasons.get(0).getText().contains("Error status (HTTP 500)"), reasons.get(0).getText());
        assertTrue(reasons.get(0).getText().contains("4"), reasons.get(0).getText());
        // worst merchants: only the one with 20 attempts qualifies
        List<WebElement> worst = browser.findElements(By.cssSelector("#analysis\\:worst_data tr"));
        assertEquals(1, worst.size(), "merchants with at least 20 attempts");
        assertTrue(worst.get(0).getText().contains(okKey) && worst.get(0).getText().contains("100.00 %"),
                worst.get(0).getText());
        screenshot("analysis");

        // CSV of what is shown: one line per bucket (days), adding up to the totals
        browser.findElement(By.id("analysis:csv")).click();
        NotifyApi.await(() -> csvIn(downloads) != null, "the CSV download", WAIT);
        List<String> lines = Files.readAllLines(csvIn(downloads), StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("start,group,attempts,notifications"), lines.get(0));
        assertEquals(7, lines.size() - 1, "a line per day of the last 7: " + lines);
        assertTrue(lines.get(1).startsWith(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
                .minusDays(6) + "T00:00+08:00"), lines.get(1));
        assertEquals(24, lines.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[2])).sum());

        // a value that is too long is refused, saying which
        browser.findElement(By.id("analysis:merchant")).sendKeys("m".repeat(65));
        browser.findElement(By.id("analysis:show")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("analysis:messages"), "Merchants: each value must have 1 to 64 characters"));
        browser.findElement(By.id("analysis:merchant")).clear();
        browser.findElement(By.id("analysis:show")).click();
        waitFor(By.id("analysis:worst:0:merchant-link")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains(
                "merchant.xhtml?key=" + okKey));

        // in Chinese
        browser.findElement(By.id("nav:analysis")).click();
        waitFor(By.id("analysis:event"));
        browser.findElement(By.id("nav:lang-zh")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h1"), "投递数据分析"));
        waitFor(By.id("analysis:event")).sendKeys(event);
        browser.findElement(By.id("analysis:show")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("analysis:reasons"), "错误状态码 (HTTP 500)"));
        assertTrue(text("analysis:zone").contains("您的时区 Asia/Shanghai"), text("analysis:zone"));
        screenshot("analysis-zh");
    }

    /** The CSV file downloaded into {@code folder} (complete: Chromium names it .csv only when done), or null. */
    /** The downloaded CSV once the browser has written its first line (the file can appear empty before that). */
    private static Path csvIn(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".csv")).filter(file -> {
                try {
                    return Files.size(file) > 0 && Files.readString(file, StandardCharsets.UTF_8).contains("\n");
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void alertsStatsAndMaintenancePages() throws IOException {
        logInAsAdmin();
        browser.findElement(By.id("nav:alerts")).click();
        waitFor(By.id("alerts:table"));
        screenshot("alerts");
        browser.findElement(By.id("nav:stats")).click();
        waitFor(By.id("total"));
        long total = api.admin("stats").data().getJsonNumber("total").longValue();
        assertTrue(Long.parseLong(text("total")) >= total, "the last 7 days, as the admin API's default range");
        screenshot("stats");
        browser.findElement(By.id("nav:maintenance")).click();
        WebElement days = waitFor(By.id("maintenance:days_input"));
        days.clear();
        days.sendKeys("36500");
        browser.findElement(By.id("maintenance:cleanup")).click();
        waitFor(By.id("maintenance:confirm-yes")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("maintenance:messages"), "Deleted 0 notification(s)"));
        screenshot("maintenance");
        JsonObject audit = api.admin("audit?limit=1").data().getJsonArray("list").getJsonObject(0);
        assertEquals("cleanup", audit.getString("action"), audit.toString());
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
