package dev.merchantnotify.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import it.dev.merchantnotify.channel.KafkaBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A merchant's broker as the fault suite and the benchmark see it: where a destination publishes to (its settings), a
 * consumer that counts each notification's copies (by {@code notification_id} and {@code attempt}: a copy per attempt
 * that published it, whatever the broker redelivers to the consumer), and a way to stop and start the
 * broker. {@link Rabbit} is the machine's RabbitMQ ({@code rabbitmqctl stop_app}/{@code start_app}); {@link Kafka} is
 * the single-node KRaft broker the tests use ({@link KafkaBroker}, killed and started again).
 */
abstract class BrokerSink implements AutoCloseable {

    private static final Pattern NOTIFICATION_ID = Pattern.compile("\"notification_id\":(\\d+)");
    private static final Pattern ATTEMPT = Pattern.compile("\"attempt\":(\\d+)");

    /** Per notification, the attempts whose message arrived: each is a copy the server published. */
    private final Map<Long, Set<Integer>> copies = new ConcurrentHashMap<>();
    private final AtomicLong messages = new AtomicLong();
    private volatile long lastArrivalNanos;

    /** The destination type. */
    abstract String type();

    /** The destination's settings, as the admin API takes them. */
    abstract String settings();

    /** Makes the run's exchange and queue, or topic, and starts consuming. */
    abstract void prepare(String run) throws Exception;

    abstract void stop() throws Exception;

    abstract void start() throws Exception;

    /**
     * How many copies of the notification arrived: one per attempt that published it. The broker handing the same
     * message to the consumer again (after a restart, before the consumer's acknowledgement or offset reached it) is
     * the broker's at-least-once, not another copy; {@link #messages()} counts those too.
     */
    int times(long id) {
        Set<Integer> attempts = copies.get(id);
        return attempts == null ? 0 : attempts.size();
    }

    /** The count of messages the consumer was handed, the broker's redeliveries included. */
    long messages() {
        return messages.get();
    }

    /**
     * Registers {@link Workload#MERCHANTS} merchant accounts {@code <accounts>0…}, each with one destination
     * {@code broker} on this broker and a single route to it for every event, and the healthy workload over them.
     */
    Workload register(BenchServer server, MerchantSimulator simulator, String accounts)
            throws IOException, InterruptedException {
        for (int m = 0; m < Workload.MERCHANTS; m++) {
            String no = accounts + m;
            server.admin("POST", "accounts", "{\"merchant_no\":\"" + no + "\",\"name\":\"Broker " + m + "\"}");
            server.admin("POST", "accounts/" + no + "/destinations", "{\"name\":\"broker\",\"type\":\"" + type()
                    + "\",\"settings\":" + settings() + "}");
            server.admin("POST", "accounts/" + no + "/routes", "{\"event_pattern\":\"*\",\"strategy\":\"single\","
                    + "\"tiers\":[[{\"destination\":\"broker\"}]]}");
        }
        String[] behaviours = new String[Workload.MERCHANTS];
        Arrays.fill(behaviours, "ok");
        return new Workload(type(), simulator, behaviours, accounts);
    }

    /** How many of the submitted notifications arrived at least once. */
    int arrived(LoadDriver.Submitted submitted) {
        int arrived = 0;
        for (long id : submitted.ids) {
            if (id >= 0 && times(id) > 0) {
                arrived++;
            }
        }
        return arrived;
    }

    /** When the last message arrived ({@link System#nanoTime()}). */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** Notifications of which more than one copy arrived (published by more than one attempt). */
    long repeated() {
        return copies.values().stream().filter(attempts -> attempts.size() > 1).count();
    }

    protected void received(String body) {
        Matcher id = NOTIFICATION_ID.matcher(body);
        if (id.find()) {
            Matcher attempt = ATTEMPT.matcher(body);
            copy(Long.parseLong(id.group(1)), attempt.find() ? Integer.parseInt(attempt.group(1)) : 0);
        }
    }

    /** Counts a copy of a notification, published by one of its attempts. */
    protected void copy(long notificationId, int attemptNo) {
        copies.computeIfAbsent(notificationId, k -> ConcurrentHashMap.newKeySet()).add(attemptNo);
        messages.incrementAndGet();
        lastArrivalNanos = System.nanoTime();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The machine's RabbitMQ on 5672 (guest on loopback): a durable exchange and queue of the run's own. */
    static final class Rabbit extends BrokerSink {
        private static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
        private String exchange;
        private Connection connection;
        private Channel channel;

        @Override
        String type() {
            return "rabbitmq";
        }

        @Override
        String settings() {
            return "{\"uri\":\"" + URI + "\",\"exchange\":\"" + exchange + "\",\"routing_key\":\"{event}\"}";
        }

        @Override
        void prepare(String run) throws Exception {
            exchange = "faults." + run;
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(URI);
            factory.setNetworkRecoveryInterval(500); // the consumer comes back by itself after the broker does
            connection = factory.newConnection("merchant-notify-faults");
            channel = connection.createChannel();
            channel.exchangeDeclare(exchange, "topic", true);
            channel.queueDeclare(exchange, true, false, false, null);
            channel.queueBind(exchange, exchange, "#");
            channel.basicQos(500);
            channel.basicConsume(exchange, false, (tag, message) -> {
                received(new String(message.getBody(), StandardCharsets.UTF_8));
                channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
        }

        @Override
        void stop() throws Exception {
            rabbitmqctl("stop_app");
        }

        @Override
        void start() throws Exception {
            rabbitmqctl("start_app");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!listening(5672) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }

        private static void rabbitmqctl(String action) throws Exception {
            List<String> command = "root".equals(System.getProperty("user.name"))
                    ? List.of("rabbitmqctl", action) : List.of("sudo", "-n", "rabbitmqctl", action);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + action + " failed: " + output);
            }
        }

        @Override
        public void close() throws Exception {
            if (channel != null && channel.isOpen()) {
                channel.queueDelete(exchange);
                channel.exchangeDelete(exchange);
            }
            if (connection != null) {
                connection.abort();
            }
        }
    }

    /** The tests' KRaft broker on 127.0.0.1:19092: a topic of the run's own, three partitions. */
    static final class Kafka extends BrokerSink {
        private KafkaBroker broker;
        private String topic;
        private KafkaConsumer<String, String> consumer;
        private Thread polling;

        @Override
        String type() {
            return "kafka";
        }

        @Override
        String settings() {
            return "{\"bootstrap_servers\":\"" + broker.bootstrap() + "\",\"topic\":\"" + topic + "\"}";
        }

        @Override
        void prepare(String run) throws Exception {
            broker = KafkaBroker.shared();
            topic = "faults." + run;
            Properties properties = new Properties();
            properties.put("bootstrap.servers", broker.bootstrap());
            try (Admin admin = Admin.create(properties)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
            properties.put("group.id", "faults-" + run);
            properties.put("auto.offset.reset", "earliest");
            consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
            polling = new Thread(() -> {
                try {
                    while (true) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            received(record.value());
                        }
                    }
                } catch (WakeupException closing) {
                    consumer.close(Duration.ofSeconds(2));
                }
            }, "faults-kafka-consumer");
            polling.setDaemon(true);
            polling.start();
        }

        @Override
        void stop() {
            broker.stop();
        }

        @Override
        void start() {
            broker.start();
        }

        @Override
        public void close() throws Exception {
            if (consumer != null) {
                consumer.wakeup();
                polling.join(5_000);
            }
        }
    }
}
