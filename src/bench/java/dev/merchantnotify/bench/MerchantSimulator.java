package dev.merchantnotify.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many merchants on loopback, each with a behaviour, recording every request it receives and when it arrived.
 *
 * <p>Merchant {@code n} listens on port {@code basePort + n % ports} at path {@code /m/<n>/<behaviour>}; every path is
 * a merchant of its own for Merchant Notify (its own merchant key). Behaviours:
 * <table>
 *   <caption>behaviours</caption>
 *   <tr><td>{@code ok}</td><td>200 {@code success} at once</td></tr>
 *   <tr><td>{@code slow-<ms>}</td><td>200 {@code success} after that many milliseconds (no thread waits)</td></tr>
 *   <tr><td>{@code hang}</td><td>never answers; the connection stays open until the caller gives up</td></tr>
 *   <tr><td>{@code error}</td><td>500</td></tr>
 *   <tr><td>{@code wrong-body}</td><td>200 {@code fail}</td></tr>
 *   <tr><td>{@code reset}</td><td>closes the connection without an answer</td></tr>
 *   <tr><td>{@code flaky-<p>}</td><td>500 with probability p %, else {@code success}</td></tr>
 *   <tr><td>{@code switch}</td><td>half down, then back: until {@link #switchOn()}, 410 Gone (a notification fails at
 *       once, without retries) for an odd {@code X-Notify-Id} and {@code success} for an even one; after it,
 *       {@code success}</td></tr>
 *   <tr><td>{@code late-<ms>}</td><td>the first request for a notification: 200 {@code success} after that many
 *       milliseconds (later than the caller waits: a late success); the next ones: {@code success} at once</td></tr>
 * </table>
 *
 * <p>Every request is recorded by its {@code X-Notify-Id} (an index into arrays, no allocation per request): how many
 * requests came, when the first came, whether one was answered {@code success}, and how many were <i>duplicates</i>,
 * that is a request for an id already answered {@code success}, or one repeating an attempt number already received.
 *
 * <p>Alone: {@code java src/bench/java/dev/merchantnotify/bench/MerchantSimulator.java --port 7000 --ports 2
 * --merchants 80:ok,10:slow-4000,10:hang} prints the merchants' URLs, then a line of counts every 5 seconds; with
 * {@code --print true}, also a line per request.
 */
public final class MerchantSimulator implements AutoCloseable {

    /** A merchant's behaviour, parsed from its path segment. */
    public record Behaviour(String name, int kind, int parameter) {
        static final int OK = 0, SLOW = 1, HANG = 2, ERROR = 3, WRONG_BODY = 4, RESET = 5, FLAKY = 6, LATE = 7,
                SWITCH = 8;

        public static Behaviour parse(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("slow-")) {
                return new Behaviour(lower, SLOW, Integer.parseInt(lower.substring(5)));
            }
            if (lower.startsWith("late-")) {
                return new Behaviour(lower, LATE, Integer.parseInt(lower.substring(5)));
            }
            if (lower.startsWith("flaky-")) {
                return new Behaviour(lower, FLAKY, Integer.parseInt(lower.substring(6)));
            }
            return switch (lower) {
                case "ok" -> new Behaviour(lower, OK, 0);
                case "hang" -> new Behaviour(lower, HANG, 0);
                case "error" -> new Behaviour(lower, ERROR, 0);
                case "wrong-body" -> new Behaviour(lower, WRONG_BODY, 0);
                case "reset" -> new Behaviour(lower, RESET, 0);
                case "switch" -> new Behaviour(lower, SWITCH, 0);
                default -> throw new IllegalArgumentException("unknown behaviour '" + name + "' (ok, slow-<ms>, hang, "
                        + "error, wrong-body, reset, flaky-<percent>, late-<ms>, switch)");
            };
        }

        /** Whether a request to this merchant may be answered {@code success}. */
        public boolean healthy() {
            return kind == OK;
        }
    }

    private static final byte[] SUCCESS = "success".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL = "fail".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_BODY = "internal error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GONE = "gone".getBytes(StandardCharsets.US_ASCII);

    private final int basePort;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-timer"));
    private final ConcurrentLinkedQueue<HttpExchange> hanging = new ConcurrentLinkedQueue<>();

    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    private final int capacity;
    private final AtomicIntegerArray requests;
    private final AtomicIntegerArray maxAttempt;
    private final AtomicIntegerArray succeeded;
    private final AtomicLongArray firstArrivalNanos;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong unidentified = new AtomicLong();
    private volatile boolean printRequests;
    private volatile boolean switchedOn;

    /**
     * @param basePort first port; {@code ports} consecutive ports are opened
     * @param capacity ids up to this value are recorded one by one; higher ids only count
     */
    public MerchantSimulator(int basePort, int ports, int threads, int capacity) throws IOException {
        // The JDK's server closes a kept-alive connection after its answer, without "Connection: close", once 200 are
        // idle: a client that already sent its next request on it sees the connection end before any answer. A good
        // merchant keeps what it lets the client keep; the bench keeps up to 1,024 requests in flight on 4 ports.
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "4096");
        }
        this.basePort = basePort;
        this.capacity = capacity;
        requests = new AtomicIntegerArray(capacity);
        maxAttempt = new AtomicIntegerArray(capacity);
        succeeded = new AtomicIntegerArray(capacity);
        firstArrivalNanos = new AtomicLongArray(capacity);
        workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "sim-worker"));
        for (int i = 0; i < ports; i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), basePort + i),
                    4096);
            server.createContext("/m/", this::handle);
            server.setExecutor(workers);
            server.start();
            servers.add(server);
        }
    }

    /** From now on the {@code switch} merchants answer {@code success}. */
    public void switchOn() {
        switchedOn = true;
    }

    /** How many ports the merchants are spread over. */
    public int ports() {
        return servers.size();
    }

    /** The URL of merchant {@code n} with a behaviour. */
    public String url(int n, String behaviour) {
        return "http://127.0.0.1:" + (basePort + n % servers.size()) + "/m/" + n + "/" + behaviour;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getRawPath();
        int slash = path.indexOf('/', 3);
        Behaviour behaviour;
        try {
            behaviour = Behaviour.parse(slash < 0 ? "" : path.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            answer(exchange, 404, e.getMessage().getBytes(StandardCharsets.UTF_8));
            return;
        }
        boolean success = switch (behaviour.kind()) {
            case Behaviour.OK, Behaviour.SLOW, Behaviour.LATE -> true;
            case Behaviour.FLAKY -> ThreadLocalRandom.current().nextInt(100) >= behaviour.parameter();
            case Behaviour.SWITCH -> switchedOn
                    || parse(exchange.getRequestHeaders().getFirst("X-Notify-Id")) % 2 == 0;
            default -> false;
        };
        int seen = record(exchange, arrived, success);
        if (printRequests) {
            System.out.printf("%s %s id=%s attempt=%s -> %s%n", java.time.LocalTime.now(), path,
                    exchange.getRequestHeaders().getFirst("X-Notify-Id"),
                    exchange.getRequestHeaders().getFirst("X-Notify-Attempt"), switch (behaviour.kind()) {
                        case Behaviour.HANG -> "no answer";
                        case Behaviour.RESET -> "connection closed";
                        case Behaviour.SLOW -> "success after " + behaviour.parameter() + " ms";
                        default -> success ? "success" : "failure";
                    });
        }
        switch (behaviour.kind()) {
            case Behaviour.OK -> answer(exchange, 200, SUCCESS);
            case Behaviour.SLOW -> timers.schedule(() -> answer(exchange, 200, SUCCESS), behaviour.parameter(),
                    TimeUnit.MILLISECONDS);
            case Behaviour.HANG -> hanging.add(exchange);
            case Behaviour.ERROR -> answer(exchange, 500, ERROR_BODY);
            case Behaviour.WRONG_BODY -> answer(exchange, 200, FAIL);
            case Behaviour.RESET -> exchange.close();
            case Behaviour.FLAKY -> answer(exchange, success ? 200 : 500, success ? SUCCESS : ERROR_BODY);
            case Behaviour.SWITCH -> answer(exchange, success ? 200 : 410, success ? SUCCESS : GONE);
            case Behaviour.LATE -> {
                if (seen <= 1) {
                    timers.schedule(() -> answer(exchange, 200, SUCCESS), behaviour.parameter(), TimeUnit.MILLISECONDS);
                } else {
                    answer(exchange, 200, SUCCESS);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Records a request; returns how many requests came for its notification, this one included (0: unidentified). */
    private int record(HttpExchange exchange, long arrived, boolean success) {
        total.incrementAndGet();
        long id = parse(exchange.getRequestHeaders().getFirst("X-Notify-Id"));
        int attempt = (int) parse(exchange.getRequestHeaders().getFirst("X-Notify-Attempt"));
        if (id < 0 || id >= capacity) {
            unidentified.incrementAndGet();
            return 0;
        }
        int i = (int) id;
        int seen = requests.incrementAndGet(i);
        if (seen == 1) {
            firstArrivalNanos.set(i, arrived);
        }
        int previousAttempt = maxAttempt.getAndAccumulate(i, Math.max(attempt, 1), Math::max);
        boolean alreadySucceeded = success ? succeeded.getAndIncrement(i) > 0 : succeeded.get(i) > 0;
        if (success && !alreadySucceeded) {
            delivered.incrementAndGet();
        }
        if (alreadySucceeded || (previousAttempt > 0 && attempt <= previousAttempt)) {
            duplicates.incrementAndGet();
        }
        return seen;
    }

    private static long parse(String number) {
        if (number == null) {
            return -1;
        }
        try {
            return Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // The caller gave up (timeout) before the answer: nothing to record.
        }
    }

    /** Requests received in all, including unidentified ones. */
    public long total() {
        return total.get();
    }

    /** Requests that repeated a delivered notification or an attempt already received. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Notifications (ids below the capacity) answered {@code success} at least once, counted as they arrive. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Whether notification {@code id} was answered {@code success} at least once. */
    public boolean delivered(long id) {
        return successes(id) > 0;
    }

    /** How many requests for notification {@code id} were answered {@code success}: more than 1 is a duplicate. */
    public int successes(long id) {
        return id >= 0 && id < capacity ? succeeded.get((int) id) : 0;
    }

    /** How many requests came for notification {@code id}. */
    public int requests(long id) {
        return id >= 0 && id < capacity ? requests.get((int) id) : 0;
    }

    /** {@link System#nanoTime()} when the first request for {@code id} arrived; 0 if none did. */
    public long firstArrivalNanos(long id) {
        return id >= 0 && id < capacity ? firstArrivalNanos.get((int) id) : 0;
    }

    /** Forgets every recorded request, so ids can be used again by the next run. */
    public void reset() {
        for (int i = 0; i < capacity; i++) {
            requests.set(i, 0);
            maxAttempt.set(i, 0);
            succeeded.set(i, 0);
            firstArrivalNanos.set(i, 0);
        }
        total.set(0);
        duplicates.set(0);
        delivered.set(0);
        unidentified.set(0);
        HttpExchange held;
        while ((held = hanging.poll()) != null) {
            held.close();
        }
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        timers.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Runs the simulator alone; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        int port = 7000;
        int ports = 2;
        String merchants = "80:ok,10:slow-4000,10:hang";
        boolean print = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--ports" -> ports = Integer.parseInt(args[i + 1]);
                case "--merchants" -> merchants = args[i + 1];
                case "--print" -> print = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--port N, --ports N, --merchants COUNT:BEHAVIOUR,…, --print true|false)");
            }
        }
        MerchantSimulator simulator = new MerchantSimulator(port, ports, 4, 4_000_000);
        simulator.printRequests = print;
        int n = 0;
        for (String group : merchants.split(",")) {
            String[] parts = group.split(":", 2);
            int count = Integer.parseInt(parts[0].trim());
            Behaviour.parse(parts[1].trim());
            System.out.println(count + " merchant(s) " + parts[1].trim() + ": " + simulator.url(n, parts[1].trim())
                    + (count > 1 ? " … " + simulator.url(n + count - 1, parts[1].trim()) : ""));
            n += count;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        long last = 0;
        while (true) {
            Thread.sleep(5000);
            long now = simulator.total();
            System.out.printf("%,d requests (%,d/s), %,d duplicates, %,d without X-Notify-Id%n", now,
                    (now - last) / 5, simulator.duplicates(), simulator.unidentified.get());
            last = now;
        }
    }
}
