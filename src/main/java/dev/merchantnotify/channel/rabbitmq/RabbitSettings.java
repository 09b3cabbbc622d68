package dev.merchantnotify.channel.rabbitmq;

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
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of a {@code rabbitmq} destination:
 * <ul>
 *   <li>{@code uri} (required): {@code amqp://[user@]host[:port][/vhost]}, or {@code amqps://} for TLS (the JVM's
 *       trusted certificates, host name verified); port 5672 (5671 with TLS) and vhost {@code /} by default, a vhost
 *       percent-encoded as in RabbitMQ's URI spec ({@code %2F} is {@code /}). A password in the URI is taken out of it
 *       and kept as {@code password};</li>
 *   <li>{@code password}: kept encrypted, never shown; {@code null} or absent on a change keeps the stored one;</li>
 *   <li>{@code exchange}: where messages are published; absent or empty is the default exchange (then the routing key
 *       is a queue's name);</li>
 *   <li>{@code routing_key}: a {@link KeyTemplate}, {@code {event}} by default.</li>
 * </ul>
 */
final class RabbitSettings {

    static final int MAX_URI_LENGTH = 1024;
    /** AMQP's short strings (exchange names, routing keys) hold at most 255 bytes. */
    static final int MAX_SHORT_STRING = 255;
    static final String DEFAULT_ROUTING_KEY = "{event}";
    private static final String FORM = "amqp://user@host:5672/vhost or amqps://…";
    private static final Set<String> FIELDS = Set.of("uri", "password", "exchange", "routing_key");
    /** RabbitMQ's exchange names: letters, digits, hyphen, underscore, period and colon. */
    private static final Pattern EXCHANGE = Pattern.compile("[A-Za-z0-9_.:-]*");

    /**
     * A destination's settings as the channel uses them.
     *
     * @param password null when none was given: then the client's default ({@code guest}) goes with the user
     */
    record Parsed(boolean tls, String host, int port, String vhost, String user, String password, String exchange,
                  KeyTemplate routingKey) {

        /** The broker connection these settings share with others: its address and credentials. */
        String connectionKey() {
            return (tls ? "amqps://" : "amqp://") + user + ":" + password + "@" + host + ":" + port + "/" + vhost;
        }

        /** What operators see: the broker and exchange, without credentials. */
        String address() {
            return shown(tls, user, host, port, vhost, exchange);
        }
    }

    private RabbitSettings() {
    }

    static CheckedSettings check(JsonObject settings, JsonObject storedSecrets, OutboundGuard guard) {
        for (String field : settings.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidSetting("settings." + field, Problem.UNKNOWN_FIELD, String.join(", ",
                        "uri", "password", "exchange", "routing_key"));
            }
        }
        String uriText = SettingFields.text(settings, "uri", true);
        if (uriText.length() > MAX_URI_LENGTH) {
            throw new InvalidSetting("settings.uri", Problem.TOO_LONG, String.valueOf(MAX_URI_LENGTH));
        }
        BrokerUri uri = BrokerUri.parse(uriText);
        try {
            guard.checkHost(uri.host);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("settings.uri", Problem.BLOCKED, e.getMessage());
        }
        String password = SettingFields.text(settings, "password", false);
        if (password == null && settings.containsKey("password") && settings.get("password") instanceof JsonString) {
            password = ""; // given empty: no password
        }
        if (password == null) {
            password = uri.password;
        } else if (uri.password != null) {
            throw new InvalidSetting("settings.password", Problem.DUPLICATE, "password (also in settings.uri)");
        }
        if (password == null) {
            password = storedSecrets.getString("password", null);
        }
        String exchange = SettingFields.text(settings, "exchange", false);
        exchange = exchange == null ? "" : exchange;
        if (exchange.getBytes(StandardCharsets.UTF_8).length > MAX_SHORT_STRING) {
            throw new InvalidSetting("settings.exchange", Problem.TOO_LONG, MAX_SHORT_STRING + " bytes");
        }
        if (!EXCHANGE.matcher(exchange).matches() || exchange.startsWith("amq.") && !isStandardExchange(exchange)) {
            throw new InvalidSetting("settings.exchange", Problem.NAME_RULE,
                    "letters, digits, '-', '_', '.' and ':' (names starting with amq. are the broker's own)",
                    exchange);
        }
        String routingKey = SettingFields.text(settings, "routing_key", false);
        routingKey = routingKey == null ? DEFAULT_ROUTING_KEY : routingKey;
        if (routingKey.getBytes(StandardCharsets.UTF_8).length > MAX_SHORT_STRING) {
            throw new InvalidSetting("settings.routing_key", Problem.TOO_LONG, MAX_SHORT_STRING + " bytes");
        }
        KeyTemplate.parse("settings.routing_key", routingKey);

        JsonObject plain = Json.createObjectBuilder()
                .add("uri", address(uri.tls, uri.user, uri.host, uri.port, uri.vhost))
                .add("exchange", exchange)
                .add("routing_key", routingKey)
                .build();
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        if (password != null && !password.isEmpty()) {
            secrets.add("password", password);
        }
        return new CheckedSettings(plain, secrets.build(), shown(uri.tls, uri.user, uri.host, uri.port, uri.vhost,
                exchange), DeliveryFormat.JSON);
    }

    /** The settings of a registered destination (plain and secret merged), as {@link #check} stored them. */
    static Parsed parse(JsonObject settings) {
        BrokerUri uri = BrokerUri.parse(settings.getString("uri"));
        return new Parsed(uri.tls, uri.host, uri.port, uri.vhost, uri.user, settings.getString("password", null),
                settings.getString("exchange", ""),
                KeyTemplate.parse("settings.routing_key", settings.getString("routing_key", DEFAULT_ROUTING_KEY)));
    }

    private static boolean isStandardExchange(String exchange) {
        return exchange.equals("amq.direct") || exchange.equals("amq.topic") || exchange.equals("amq.fanout")
                || exchange.equals("amq.headers") || exchange.equals("amq.match");
    }

    private static String shown(boolean tls, String user, String host, int port, String vhost, String exchange) {
        return address(tls, user, host, port, vhost) + " exchange " + (exchange.isEmpty() ? "(default)" : exchange);
    }

    /** A broker's URI without its password, the vhost encoded: what is stored in plain and shown. */
    static String address(boolean tls, String user, String host, int port, String vhost) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "amqps://" : "amqp://") + URLEncoder.encode(user, StandardCharsets.UTF_8) + "@" + hostPart + ":"
                + port + "/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8);
    }

    /** An {@code amqp(s)://} URI, read as RabbitMQ's URI spec says. */
    private record BrokerUri(boolean tls, String user, String password, String host, int port, String vhost) {

        static BrokerUri parse(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM,
                        e.getReason() + " at index " + e.getIndex());
            }
            String scheme = uri.getScheme();
            if (scheme == null || !scheme.equalsIgnoreCase("amqp") && !scheme.equalsIgnoreCase("amqps")) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM, "the scheme must be amqp or amqps");
            }
            boolean tls = scheme.equalsIgnoreCase("amqps");
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM, "it has no host");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM,
                        "query parameters are not taken; the other settings are separate fields");
            }
            int port = uri.getPort() == -1 ? tls ? 5671 : 5672 : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM, "the port must be 1 to 65535");
            }
            String user = "guest";
            String password = null;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
                if (user.isEmpty()) {
                    throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM, "the user name is empty");
                }
            }
            String path = uri.getRawPath();
            String vhost;
            if (path == null || path.isEmpty() || path.equals("/")) {
                vhost = "/";
            } else if (path.indexOf('/', 1) >= 0) {
                throw new InvalidSetting("settings.uri", Problem.NOT_ADDRESS, FORM,
                        "a vhost with a '/' is written %2F");
            } else {
                vhost = decode(path.substring(1));
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new BrokerUri(tls, user, password, host.toLowerCase(java.util.Locale.ROOT), port, vhost);
        }

        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
