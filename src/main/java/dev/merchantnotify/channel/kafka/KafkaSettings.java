package dev.merchantnotify.channel.kafka;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.channel.KeyTemplate;
import dev.merchantnotify.channel.SettingFields;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a {@code kafka} destination:
 * <ul>
 *   <li>{@code bootstrap_servers} (required): {@code host:port[,host:port…]}, each host judged by the outbound guard;</li>
 *   <li>{@code topic} (required): an existing topic (it is never created);</li>
 *   <li>{@code key}: the record key, a {@link KeyTemplate}, {@code {order_no}} by default (one order's events in one
 *       partition, read in the order they were published);</li>
 *   <li>{@code security_protocol}: {@code PLAINTEXT} (default), {@code SSL}, {@code SASL_PLAINTEXT} or
 *       {@code SASL_SSL} (TLS with the JVM's trusted certificates, host name verified);</li>
 *   <li>{@code sasl_mechanism} ({@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}), {@code username} and
 *       {@code password} for the SASL protocols; the password kept encrypted, never shown, kept on a change when left
 *       out.</li>
 * </ul>
 */
final class KafkaSettings {

    static final String DEFAULT_KEY = "{order_no}";
    static final int MAX_SERVERS_LENGTH = 1024;
    static final int MAX_KEY_TEMPLATE_LENGTH = 255;
    private static final List<String> FIELDS = List.of("bootstrap_servers", "topic", "key", "security_protocol",
            "sasl_mechanism", "username", "password");
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    /** Kafka's topic names: at most 249 of letters, digits, '.', '_' and '-', and not "." or "..". */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):([0-9]{1,5})");

    /** A broker address as given: host (without brackets) and port. */
    record Server(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A destination's settings as the channel uses them.
     *
     * @param username null without SASL
     * @param password null without SASL
     */
    record Parsed(List<Server> servers, String topic, KeyTemplate key, String protocol, String mechanism,
                  String username, String password) {

        /** What operators see. */
        String address() {
            return shown(servers, topic);
        }
    }

    private KafkaSettings() {
    }

    static CheckedSettings check(JsonObject settings, JsonObject storedSecrets, OutboundGuard guard) {
        for (String field : settings.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidSetting("settings." + field, Problem.UNKNOWN_FIELD, String.join(", ", FIELDS));
            }
        }
        String serversText = SettingFields.text(settings, "bootstrap_servers", true);
        if (serversText.length() > MAX_SERVERS_LENGTH) {
            throw new InvalidSetting("settings.bootstrap_servers", Problem.TOO_LONG, String.valueOf(MAX_SERVERS_LENGTH));
        }
        List<Server> servers = servers(serversText);
        for (Server server : servers) {
            try {
                guard.checkHost(server.host());
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("settings.bootstrap_servers", Problem.BLOCKED, e.getMessage());
            }
        }
        String topic = SettingFields.text(settings, "topic", true);
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new InvalidSetting("settings.topic", Problem.NAME_RULE,
                    "1 to 249 letters, digits, '.', '_' and '-'", topic);
        }
        String key = SettingFields.text(settings, "key", false);
        key = key == null ? DEFAULT_KEY : key;
        if (key.length() > MAX_KEY_TEMPLATE_LENGTH) {
            throw new InvalidSetting("settings.key", Problem.TOO_LONG, String.valueOf(MAX_KEY_TEMPLATE_LENGTH));
        }
        KeyTemplate.parse("settings.key", key);
        String protocolText = SettingFields.text(settings, "security_protocol", false);
        String protocol = protocolText == null ? "PLAINTEXT" : protocolText.toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InvalidSetting("settings.security_protocol", Problem.ONE_OF,
                    "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL", protocolText);
        }
        boolean sasl = protocol.startsWith("SASL");
        JsonObjectBuilder plain = Json.createObjectBuilder()
                .add("bootstrap_servers", String.join(",", servers.stream().map(Server::toString).toList()))
                .add("topic", topic)
                .add("key", key)
                .add("security_protocol", protocol);
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        if (sasl) {
            String mechanismText = SettingFields.text(settings, "sasl_mechanism", false);
            String mechanism = mechanismText == null ? "PLAIN" : mechanismText.toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(mechanism)) {
                throw new InvalidSetting("settings.sasl_mechanism", Problem.ONE_OF,
                        "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512", mechanismText);
            }
            String username = SettingFields.text(settings, "username", true);
            String password = SettingFields.text(settings, "password", false);
            if (password == null) {
                password = storedSecrets.getString("password", null);
            }
            if (password == null) {
                throw new InvalidSetting("settings.password", Problem.REQUIRED);
            }
            plain.add("sasl_mechanism", mechanism).add("username", username);
            secrets.add("password", password);
        } else {
            for (String saslOnly : List.of("sasl_mechanism", "username", "password")) {
                JsonValue given = settings.get(saslOnly);
                if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
                    throw new InvalidSetting("settings." + saslOnly, Problem.UNKNOWN_FIELD,
                            "bootstrap_servers, topic, key, security_protocol (sasl_mechanism, username and "
                                    + "password go with SASL_PLAINTEXT or SASL_SSL)");
                }
            }
        }
        return new CheckedSettings(plain.build(), secrets.build(), shown(servers, topic), DeliveryFormat.JSON);
    }

    /** The settings of a registered destination (plain and secret merged), as {@link #check} stored them. */
    static Parsed parse(JsonObject settings) {
        return new Parsed(servers(settings.getString("bootstrap_servers")), settings.getString("topic"),
                KeyTemplate.parse("settings.key", settings.getString("key", DEFAULT_KEY)),
                settings.getString("security_protocol", "PLAINTEXT"), settings.getString("sasl_mechanism", null),
                settings.getString("username", null), settings.getString("password", null));
    }

    private static String shown(List<Server> servers, String topic) {
        return "kafka://" + String.join(",", servers.stream().map(Server::toString).toList()) + " topic " + topic;
    }

    private static List<Server> servers(String text) {
        List<Server> servers = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String server = part.strip();
            Matcher matcher = SERVER.matcher(server);
            if (!matcher.matches()) {
                throw new InvalidSetting("settings.bootstrap_servers", Problem.NOT_ADDRESS, "host:port[,host:port…]",
                        "not host:port: " + (server.isEmpty() ? "(empty)" : server));
            }
            int port = Integer.parseInt(matcher.group(2));
            if (port < 1 || port > 65535) {
                throw new InvalidSetting("settings.bootstrap_servers", Problem.NOT_ADDRESS, "host:port[,host:port…]",
                        "the port must be 1 to 65535: " + server);
            }
            String host = matcher.group(1);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            servers.add(new Server(host.toLowerCase(Locale.ROOT), port));
        }
        return List.copyOf(servers);
    }
}
