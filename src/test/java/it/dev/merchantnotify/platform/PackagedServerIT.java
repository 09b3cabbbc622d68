package it.dev.merchantnotify.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import it.dev.merchantnotify.StubMerchant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runnable package, used as the README's "Running in production" says: target/merchant-notify-server.zip unpacked
 * into an empty directory, configured with the environment file it carries, and started with the command of the
 * supervisor example it carries ({@code /opt}, {@code /etc} and {@code /var} paths moved into the test's directory),
 * then stopped with SIGTERM as systemd and supervisor do. With {@code DB_TYPE=postgres} in the environment (CI's second
 * pass) the packaged server uses a PostgreSQL database of its own, so the packaged driver is tried too; otherwise its
 * embedded H2.
 */
class PackagedServerIT {

    private static final Path ARCHIVE = Path.of("target/merchant-notify-server.zip");
    private static final int HTTP_PORT = Integer.getInteger("it.package.http.port", 9480);
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String PRODUCER_PASSWORD = "producer-" + UUID.randomUUID();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private Process server;
    private Path console;

    @BeforeEach
    void unpack() throws IOException {
        assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " is built by './mvnw package'");
        home = Files.createTempDirectory("merchant-notify-package-");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ARCHIVE))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = home.resolve(entry.getName()).normalize();
                assertTrue(target.startsWith(home), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        // As unzip does: the launch scripts are executable.
        try (Stream<Path> scripts = Files.list(home.resolve("wlp/bin"))) {
            scripts.filter(Files::isRegularFile).forEach(script -> script.toFile().setExecutable(true));
        }
        console = home.resolve("console.log");
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        if (server != null) {
            // The server script, its JVM and the embedded Redis the JVM started: SIGTERM to all, then SIGKILL to what is
            // left (a Redis orphaned by a crash would hold the port for the next run).
            List<ProcessHandle> family = server.descendants().toList();
            family.forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(90, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            family.forEach(ProcessHandle::destroyForcibly);
        }
        // A server that exits on its own (production mode refusing to start) may have started its embedded Redis
        // first; that Redis outlives it, no longer its child. Its pid file in the data directory names it.
        try (Stream<Path> files = Files.walk(home)) {
            for (Path pidFile : files.filter(path -> path.endsWith("redis/redis.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(redis -> {
                    redis.destroy();
                    redis.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(notYet -> {
                        redis.destroyForcibly();
                        return redis;
                    }).join();
                });
            }
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void thePackageRefusesToStartWithoutProductionCredentials() throws Exception {
        String bootstrap = Files.readString(home.resolve("wlp/usr/servers/merchant-notify/bootstrap.properties"));
        assertTrue(bootstrap.contains("notify.security.production-mode=true"), bootstrap);
        assertFalse(bootstrap.contains("allowed-networks"), "no development allow-list in the package: " + bootstrap);

        server = start();
        assertTrue(server.waitFor(180, TimeUnit.SECONDS), "the server stops by itself");
        assertEquals(1, server.exitValue(), Files.readString(console));
        String log = Files.readString(home.resolve("wlp/usr/servers/merchant-notify/logs/messages.log"));
        assertTrue(log.contains("Production mode (notify.security.production-mode=true) refuses to start")
                && log.contains("ADMIN_PASSWORD is the development default")
                && log.contains("NOTIFY_SECURITY_SECRET_KEY"), log);
    }

    @Test
    void withoutItsApplicationTheServerIsNeverReady() throws Exception {
        // The application is declared (merchant-notify-app.xml), not dropped in: a server that cannot start it, here
        // because the WAR is gone, must not tell a load balancer or a supervisor that it is ready.
        Path serverDir = home.resolve("wlp/usr/servers/merchant-notify");
        assertTrue(Files.readString(serverDir.resolve("merchant-notify-app.xml")).contains("location=\"merchant-notify.war\""));
        try (Stream<Path> apps = Files.walk(serverDir.resolve("apps"))) {
            apps.filter(path -> path.toString().contains("merchant-notify.war")).sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
        assertFalse(Files.exists(serverDir.resolve("apps/merchant-notify.war")));

        server = start();
        Path messages = serverDir.resolve("logs/messages.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(Files.isRegularFile(messages) && Files.readString(messages).contains("CWWKF0011I"))) {
            assertTrue(server.isAlive(), () -> "the server stopped: " + read(console));
            assertTrue(System.nanoTime() < deadline, () -> "the server did not start in 180 s: " + read(console));
            Thread.sleep(500);
        }
        assertTrue(Files.readString(messages).contains("CWWKZ0014W"), "the missing application is logged");
        for (int look = 0; look < 3; look++) {
            for (String probe : List.of("/health/ready", "/health/started")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api(probe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, answer.statusCode(), probe + ": " + answer.body());
                JsonObject health = json(answer.body());
                assertEquals("DOWN", health.getString("status"), probe + ": " + answer.body());
                assertTrue(health.getJsonArray("checks").isEmpty(), probe + ": " + answer.body());
            }
            Thread.sleep(2000);
        }
    }

    @Test
    void thePackageStartsFromItsArchiveWithItsDeploymentFilesAndDeliversANotification() throws Exception {
        Path deploy = home.resolve("wlp/usr/servers/merchant-notify/deploy");
        assertTrue(Files.isRegularFile(home.resolve("wlp/usr/servers/merchant-notify/README.md")), "the README is packaged");
        assertTrue(Files.isRegularFile(deploy.resolve("systemd/merchant-notify.service")), "the systemd unit is packaged");

        Map<String, String> settings = new HashMap<>();
        settings.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.put("PRODUCER_PASSWORD", PRODUCER_PASSWORD);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        settings.put("NOTIFY_SECURITY_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        // The stub merchant listens on loopback, which production mode blocks unless it is allowed.
        settings.put("NOTIFY_SECURITY_ALLOWED_NETWORKS", "127.0.0.0/8");
        settings.put("REDIS_URL", "embedded");
        settings.put("HTTP_HOST", "localhost");
        settings.put("HTTP_PORT", String.valueOf(HTTP_PORT));
        settings.put("HTTPS_PORT", String.valueOf(HTTP_PORT + 3));
        settings.putAll(database());
        Path environmentFile = home.resolve("etc/merchant-notify.env");
        Files.createDirectories(environmentFile.getParent());
        Files.writeString(environmentFile, filledIn(Files.readString(deploy.resolve("merchant-notify.env")), settings)
                // Not in the file: the embedded Redis of this test gets a port of its own.
                + "NOTIFY_PLATFORM_REDIS_EMBEDDED_PORT=" + Integer.getInteger("it.package.redis.port", 16492) + "\n");

        try (StubMerchant merchant = new StubMerchant()) {
            server = startAsSupervisorDoes(Files.readString(deploy.resolve("supervisor/merchant-notify.conf")),
                    environmentFile);
            awaitReady();
            String orderNo = "PKG-" + UUID.randomUUID();
            HttpResponse<String> accepted = send(HttpRequest.newBuilder(api("/api/v1/notifications"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"order_no\":\"" + orderNo + "\",\"notify_url\":\""
                            + merchant.url("/ok") + "\",\"payload\":{\"order_no\":\"" + orderNo + "\",\"amount\":\"9.90\"}}")),
                    "producer", PRODUCER_PASSWORD);
            assertEquals(202, accepted.statusCode(), accepted.body());
            long id = json(accepted.body()).getJsonObject("data").getJsonNumber("id").longValue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String status;
            do {
                Thread.sleep(200);
                status = json(send(HttpRequest.newBuilder(api("/api/v1/notifications/" + id)).GET(), "producer",
                        PRODUCER_PASSWORD).body()).getJsonObject("data").getString("status");
            } while (!status.equals("success") && System.nanoTime() < deadline);
            assertEquals("success", status);
            assertEquals(1, merchant.receivedWith(orderNo).size(), "the merchant received it once");

            HttpResponse<String> denied = send(HttpRequest.newBuilder(api("/admin/merchant-notify/queue-status")).GET(),
                    "admin", "admin-dev-secret");
            assertEquals(401, denied.statusCode(), "the development password is not the admin's");
        }

        // SIGTERM, as systemd and supervisor stop it: Liberty stops normally.
        server.toHandle().descendants().forEach(ProcessHandle::destroy);
        server.destroy();
        assertTrue(server.waitFor(90, TimeUnit.SECONDS), "the server stops on SIGTERM");
        Path log = home.resolve("var/log/merchant-notify/messages.log");
        assertTrue(Files.isRegularFile(log), "logs go to LOG_DIR");
        String messages = Files.readString(log);
        // The application stopped (CWWKZ0009I) before the server did (CWWKE0036I): a normal stop, not a kill.
        assertTrue(messages.contains("CWWKZ0009I") && messages.contains("CWWKE0036I"), messages);
        assertTrue(Files.isDirectory(home.resolve("var/lib/merchant-notify/merchant-notify/data")),
                "the state lives in WLP_OUTPUT_DIR, not in the installation");
    }

    /** The environment file with {@code settings} put in place of the values it has for them. */
    private static String filledIn(String file, Map<String, String> settings) {
        StringBuilder filled = new StringBuilder();
        Map<String, String> left = new HashMap<>(settings);
        for (String line : file.split("\n")) {
            int equals = line.indexOf('=');
            String name = line.startsWith("#") || equals < 0 ? null : line.substring(0, equals);
            filled.append(name != null && left.containsKey(name) ? name + "=" + left.remove(name) : line).append('\n');
        }
        left.forEach((name, value) -> filled.append(name).append('=').append(value).append('\n'));
        return filled.toString();
    }

    /** Runs the program line of the supervisor example, its absolute paths moved under the test's directory. */
    private Process startAsSupervisorDoes(String supervisorConf, Path environmentFile) throws IOException {
        String command = supervisorConf.lines().filter(line -> line.startsWith("command=")).findFirst()
                .orElseThrow().substring("command=".length());
        String prefix = "/bin/sh -c '";
        assertTrue(command.startsWith(prefix) && command.endsWith("'"), command);
        String script = command.substring(prefix.length(), command.length() - 1)
                .replace("/etc/merchant-notify/merchant-notify.env", environmentFile.toString())
                .replace("/opt/merchant-notify", home.toString())
                .replace("/var/lib/merchant-notify", home.resolve("var/lib/merchant-notify").toString())
                .replace("/var/log/merchant-notify", home.resolve("var/log/merchant-notify").toString());
        Files.createDirectories(home.resolve("var/lib/merchant-notify"));
        Files.createDirectories(home.resolve("var/log/merchant-notify"));
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        // What supervisord hands its programs: its own environment, here a bare one with a JDK.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** The packaged server's database: its own PostgreSQL database in CI's PostgreSQL pass, else its embedded H2. */
    private static Map<String, String> database() throws SQLException {
        if (!"postgres".equals(System.getenv("DB_TYPE"))) {
            return Map.of("DB_TYPE", "h2");
        }
        String host = System.getenv().getOrDefault("PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PG_PORT", "5432");
        String user = System.getenv().getOrDefault("PG_USER", "postgres");
        String password = System.getenv().getOrDefault("PG_PASSWORD", "");
        String database = "merchant_notify_package_it";
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + System.getenv().getOrDefault("PG_DB", "test"), user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        }
        return Map.of("DB_TYPE", "postgres", "PG_HOST", host, "PG_PORT", port, "PG_DB", database, "PG_USER", user,
                "PG_PASSWORD", password);
    }

    /** Starts the unpacked server as it is, with nothing set but its ports. */
    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("wlp/bin/server").toString(), "run", "merchant-notify")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> environment = builder.environment();
        // Nothing of this test run's environment (CI's database settings) leaks into the package.
        environment.keySet().removeIf(name -> name.startsWith("NOTIFY_") || name.startsWith("PG_")
                || name.equals("DB_TYPE") || name.equals("REDIS_URL") || name.endsWith("_PASSWORD"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("HTTP_PORT", String.valueOf(HTTP_PORT));
        environment.put("HTTPS_PORT", String.valueOf(HTTP_PORT + 3));
        environment.put("NOTIFY_PLATFORM_REDIS_EMBEDDED_PORT", Integer.getInteger("it.package.redis.port", 16492).toString());
        return builder.start();
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the packaged server stopped (exit " + server.exitValue() + "): " + Files.readString(console));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(api("/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("the packaged server is not ready after 180 s: " + Files.readString(console));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    private URI api(String path) {
        return URI.create("http://localhost:" + HTTP_PORT + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
