package dev.merchantnotify.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real server as the project builds it: the Open Liberty installation under {@code target/liberty/wlp}, the
 * server {@code merchant-notify-bench} (the application's server configuration plus src/bench/liberty/bench-server)
 * and the built WAR. Started with {@code bin/server start}, watched while it runs: peak heap in use (from
 * {@code /metrics}) and peak resident memory of the process (from {@code /proc}).
 */
final class BenchServer implements AutoCloseable {

    static final String NAME = "merchant-notify-bench";
    /** A second node, for the fault suite's two-node case (the same configuration). */
    static final String SECOND_NAME = "merchant-notify-bench-b";
    /** A third node, for the fault suite's three-node case. */
    static final String THIRD_NAME = "merchant-notify-bench-c";
    /** The administrator every bench server has (the application's development default). */
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-dev-secret";
    private static final Pattern USED_HEAP = Pattern.compile("(?m)^memory_usedHeap_bytes\\{[^}]*} ([0-9.Ee+]+)");

    private final Path wlp;
    private final String name;
    private final int httpPort;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ScheduledExecutorService sampler;
    private volatile long peakHeapBytes;
    private volatile long heapBytes;
    private volatile long peakRssBytes;

    BenchServer(Path wlp, int httpPort, Map<String, String> environment) {
        this(wlp, NAME, httpPort, environment);
    }

    BenchServer(Path wlp, String name, int httpPort, Map<String, String> environment) {
        this.wlp = wlp;
        this.name = name;
        this.httpPort = httpPort;
        this.environment = environment;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Calls the server's admin API as {@link #ADMIN}; anything but a 2xx answer is an error naming the call. */
    String admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/merchant-notify/"
                        + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return answer.body();
    }

    /** Deletes the server's data directory: a fresh H2 database and a fresh embedded Redis. */
    void wipeData() throws IOException {
        deleteTree(wlp.resolve("usr/servers").resolve(name).resolve("data"));
    }

    /** Copies a server's configuration and application (not its logs, work area or data) to a new server. */
    static void copy(Path wlp, String from, String to) throws IOException {
        Path source = wlp.resolve("usr/servers").resolve(from);
        Path target = wlp.resolve("usr/servers").resolve(to);
        deleteTree(target);
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path relative = source.relativize(file);
                String top = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
                if (List.of("logs", "workarea", "data", "tranlog").contains(top)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** Deletes a directory and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Starts the server with extra environment variables and waits until {@code /health/ready} answers 200. */
    void start(Map<String, String> extra) throws IOException, InterruptedException {
        long began = System.nanoTime();
        run("start", extra);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not become ready within 180 s; see "
                        + wlp.resolve("usr/servers").resolve(name).resolve("logs/messages.log"));
            }
            Thread.sleep(250);
        }
        Bench.log("%s ready in %.1f s (%s)", NAME.equals(name) ? "server" : name, (System.nanoTime() - began) / 1e9,
                extra.isEmpty() ? "defaults" : extra);
        peakHeapBytes = 0;
        heapBytes = 0;
        peakRssBytes = 0;
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-memory-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long pid = pid();
        sampler.scheduleWithFixedDelay(() -> sample(pid), 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample(long pid) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics?scope=base"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher used = USED_HEAP.matcher(metrics.body());
            if (used.find()) {
                heapBytes = (long) Double.parseDouble(used.group(1));
                peakHeapBytes = Math.max(peakHeapBytes, heapBytes);
            }
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    peakRssBytes = Math.max(peakRssBytes, kb * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the server is starting or stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time (user and system) the server process has used so far, in seconds. */
    double cpuSeconds() throws IOException {
        return cpuSeconds(pid());
    }

    /** CPU time (user and system) process {@code pid} has used so far, in seconds; 0 if it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 1/100 s
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The heap in use at the last sample (every 500 ms while the server runs). */
    long heapBytes() {
        return heapBytes;
    }

    long peakHeapBytes() {
        return peakHeapBytes;
    }

    long peakRssBytes() {
        return peakRssBytes;
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid").resolve(name + ".pid")).trim());
    }

    /** Kills the server's JVM with SIGKILL, as a crash would (its embedded Redis, a child process, stays running). */
    void kill() throws Exception {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
        ProcessHandle jvm = ProcessHandle.of(pid()).orElseThrow(() -> new IllegalStateException("the server is not running"));
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Kills the embedded Redis the server started (its pid file is in the server's data directory), with SIGKILL. */
    void killEmbeddedRedis() throws Exception {
        Path pidFile = wlp.resolve("usr/servers").resolve(name).resolve("data/redis/redis.pid");
        ProcessHandle redis = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .orElseThrow(() -> new IllegalStateException("the embedded Redis is not running"));
        redis.destroyForcibly();
        redis.onExit().get(30, TimeUnit.SECONDS);
    }

    void stop() throws IOException, InterruptedException {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
        run("stop", Map.of());
    }

    private void run(String action, Map<String, String> extra) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(wlp.resolve("bin/server").toString(), action, name));
        if ("start".equals(action)) {
            // A clean start: Liberty's cached configuration would keep the datasource include chosen by the previous
            // start's DB_TYPE (seen: a PostgreSQL run after an H2 run of the same server used H2).
            arguments.add("--clean");
        }
        ProcessBuilder command = new ProcessBuilder(arguments)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(wlp.resolve("../bench-server-commands.log").toFile()));
        command.environment().putAll(environment);
        command.environment().putAll(extra);
        Process process = command.start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || (process.exitValue() != 0 && !"stop".equals(action))) {
            throw new IllegalStateException("'server " + action + " " + name + "' failed (exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + "); see target/liberty/bench-server-commands.log");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
