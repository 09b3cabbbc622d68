package it.dev.merchantnotify.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka (KRaft: broker and controller in one process) on loopback, started from the Kafka jars on
 * the test class path ({@code org.apache.kafka:kafka_2.13}) as a process of its own: its storage formatted once, then
 * {@code kafka.Kafka} with {@code auto.create.topics.enable=false}. Stopped when the JVM ends; {@link #stop} and
 * {@link #start} stop and start it again on the same data (for outages). Its output goes to {@code broker.log} in its
 * directory.
 */
public final class KafkaBroker {

    private static KafkaBroker shared;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * The broker of this test run, started on first use: port {@code it.kafka.port} (19092; the controller on the next
     * one), data under {@code target/kafka-broker}.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            int port = Integer.getInteger("it.kafka.port", 19092);
            KafkaBroker broker = new KafkaBroker(Path.of("target", "kafka-broker").toAbsolutePath(), port, port + 1);
            broker.format();
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
            shared = broker;
        }
        return shared;
    }

    /** {@code 127.0.0.1:port}: the bootstrap servers. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    private void format() {
        try {
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=3",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    ""));
            Process formatting = java("kafka.tools.StorageTool", "format", "-t",
                    org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString());
            if (!formatting.waitFor(120, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka broker's storage failed; see "
                        + dir.resolve("broker.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the broker (again) and waits until it takes connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = java("kafka.Kafka", dir.resolve("server.properties").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not start on " + bootstrap() + "; see "
                        + dir.resolve("broker.log"));
            }
            sleep(200);
        }
    }

    /** Stops the broker (killed, as a crash would) and waits until it is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process java(String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("broker.log");
        Files.writeString(log, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
