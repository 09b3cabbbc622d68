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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * consumer that counts each notification's messages by {@code notification_id}, and a way to stop and start the
 * broker. {@link Rabbit} is the machine's RabbitMQ ({@code rabbitmqctl stop_app}/{@code start_app}); {@link Kafka} is
 * the single-node KRaft broker the tests use ({@link KafkaBroker}, killed and started again).
 */
abstract class BrokerSink implements AutoCloseable {

    private static final Pattern NOTIFICATION_ID = Pattern.compile("\"notification_id\":(\\d+)");

    private final Map<Long, Integer> times = new ConcurrentHashMap<>();
    private volatile long lastArrivalNanos;

    /** The destination type. */
    abstract String type();

    /** The destination's settings, as the admin API takes them. */
    abstract String settings();

    /** Makes the run's exchange and queue, or topic, and starts consuming. */
    abstract void prepare(String run) throws Exception;

    abstract void stop() throws Exception;

    abstract void start() throws Exception;

    /** How many times the notification's message arrived. */
    int times(long id) {
        return times.getOrDefault(id, 0);
    }

    /** The count of messages that arrived, repeats included. */
    int messages() {
        return times.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** When the last message arrived ({@link System#nanoTime()}). */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** Notifications whose message arrived more than once. */
    long repeated() {
        return times.values().stream().filter(n -> n > 1).count();
    }

    protected void received(String body) {
        Matcher id = NOTIFICATION_ID.matcher(body);
        if (id.find()) {
            times.merge(Long.parseLong(id.group(1)), 1, Integer::sum);
            lastArrivalNanos = System.nanoTime();
        }
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
