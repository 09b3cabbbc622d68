package dev.merchantnotify.channel.email;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.channel.KeyTemplate;
import dev.merchantnotify.channel.SettingFields;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of an {@code email} destination:
 * <ul>
 *   <li>{@code to} (required): the recipients, an array of addresses or one text of comma-separated ones (at most
 *       {@value #MAX_RECIPIENTS});</li>
 *   <li>{@code language}: {@code zh} or {@code en}, the language of the built-in templates; absent, the
 *       deployment's ({@code notify.email.language});</li>
 *   <li>{@code format}: {@code both} (default: plain text and HTML alternatives), {@code text} or {@code html};</li>
 *   <li>{@code templates}: the destination's own templates by event ({@code "order.paid"}, or {@code "*"} for the
 *       others), each {@code {"subject":…,"text":…,"html":…}} with the placeholders of {@link KeyTemplate}; an event
 *       without one gets the built-in template of its language;</li>
 *   <li>{@code from}, {@code smtp_host}, {@code smtp_port}, {@code smtp_security} ({@code starttls}, {@code tls} or
 *       {@code none}), {@code username}, {@code password} (kept encrypted): the destination's own sender and SMTP
 *       server instead of the deployment's ({@code notify.email.*}). A destination with its own {@code smtp_host}
 *       takes none of the deployment's server settings.</li>
 * </ul>
 */
final class EmailSettings {

    static final int MAX_RECIPIENTS = 20;
    static final int MAX_SUBJECT = 255;
    static final int MAX_BODY = 32 * 1024;
    static final int MAX_TEMPLATES = 50;
    private static final String ADDRESS_FORM = "name@example.com";
    private static final String HOST_FORM = "a host name or address, such as smtp.example.com";
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("to", "language", "format", "templates",
            "from", "smtp_host", "smtp_port", "smtp_security", "username", "password"));
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

    /** How a destination's mail is encoded. */
    enum Format {
        BOTH, TEXT, HTML;

        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A destination's own template for an event. */
    record Template(KeyTemplate subject, KeyTemplate text, KeyTemplate html) {
    }

    /**
     * A registered destination's settings as the channel uses them, the deployment's not yet applied.
     *
     * @param language null: the deployment's
     * @param server   null: the deployment's SMTP server
     * @param from     null: the deployment's sender
     */
    record Parsed(List<String> to, String language, Format format, Map<String, Template> templates, String from,
                  SmtpServerSettings server) {
    }

    private EmailSettings() {
    }

    static CheckedSettings check(JsonObject settings, JsonObject storedSecrets, OutboundGuard guard,
                                 EmailDeployment deployment) {
        for (String field : settings.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidSetting("settings." + field, Problem.UNKNOWN_FIELD, String.join(", ", FIELDS));
            }
        }
        List<String> to = recipients(settings);
        String language = oneOf(settings, "language", List.of("zh", "en"), null);
        Format format = Format.valueOf(oneOf(settings, "format", List.of("both", "text", "html"), "both")
                .toUpperCase(Locale.ROOT));
        JsonObject templates = templates(settings);

        String from = SettingFields.text(settings, "from", false);
        if (from != null) {
            address("settings.from", from, true);
        } else if (deployment.from() == null) {
            throw new InvalidSetting("settings.from", Problem.REQUIRED);
        }
        String host = SettingFields.text(settings, "smtp_host", false);
        JsonObjectBuilder plain = Json.createObjectBuilder();
        JsonArrayBuilder recipients = Json.createArrayBuilder();
        to.forEach(recipients::add);
        plain.add("to", recipients);
        if (language != null) {
            plain.add("language", language);
        }
        plain.add("format", format.apiName());
        if (!templates.isEmpty()) {
            plain.add("templates", templates);
        }
        if (from != null) {
            plain.add("from", from);
        }
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        String server;
        if (host == null) {
            for (String field : List.of("smtp_port", "smtp_security", "username", "password")) {
                JsonValue given = settings.get(field);
                if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
                    throw new InvalidSetting("settings.smtp_host", Problem.REQUIRED);
                }
            }
            if (deployment.server() == null) {
                // Neither the deployment nor the destination names a server: nothing could be sent.
                throw new InvalidSetting("settings.smtp_host", Problem.REQUIRED);
            }
            server = deployment.server().shown();
        } else {
            if (host.length() > 253 || !HOST.matcher(host).matches()) {
                throw new InvalidSetting("settings.smtp_host", Problem.NOT_ADDRESS, HOST_FORM, host);
            }
            try {
                guard.checkHost(host);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("settings.smtp_host", Problem.BLOCKED, e.getMessage());
            }
            SmtpServerSettings.Security security = SmtpServerSettings.Security.valueOf(oneOf(settings,
                    "smtp_security", List.of("starttls", "tls", "none"), "starttls").toUpperCase(Locale.ROOT));
            int port = port(settings.get("smtp_port"), security);
            String username = SettingFields.text(settings, "username", false);
            String password = SettingFields.text(settings, "password", false);
            JsonValue givenPassword = settings.get("password");
            if (password == null && username != null
                    && (givenPassword == null || givenPassword.getValueType() == JsonValue.ValueType.NULL)) {
                password = storedSecrets.getString("password", null); // left out on a change: kept
            }
            if (password != null && username == null) {
                throw new InvalidSetting("settings.username", Problem.REQUIRED);
            }
            plain.add("smtp_host", host.toLowerCase(Locale.ROOT)).add("smtp_port", port)
                    .add("smtp_security", security.apiName());
            if (username != null) {
                plain.add("username", username);
            }
            if (password != null) {
                secrets.add("password", password);
            }
            server = new SmtpServerSettings(host.toLowerCase(Locale.ROOT), port, security, username, password)
                    .shown();
        }
        String address = "mailto:" + String.join(",", to) + " via " + server;
        return new CheckedSettings(plain.build(), secrets.build(), address, DeliveryFormat.JSON);
    }

    /** The settings of a registered destination (plain and secret merged), as {@link #check} stored them. */
    static Parsed parse(JsonObject settings) {
        List<String> to = settings.getJsonArray("to").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        Map<String, Template> templates = new LinkedHashMap<>();
        JsonObject given = settings.getJsonObject("templates");
        if (given != null) {
            given.forEach((event, value) -> templates.put(event, template("settings.templates." + event,
                    (JsonObject) value)));
        }
        SmtpServerSettings server = null;
        if (settings.containsKey("smtp_host")) {
            server = new SmtpServerSettings(settings.getString("smtp_host"), settings.getInt("smtp_port"),
                    SmtpServerSettings.Security.valueOf(settings.getString("smtp_security").toUpperCase(Locale.ROOT)),
                    settings.getString("username", null), settings.getString("password", null));
        }
        return new Parsed(to, settings.getString("language", null),
                Format.valueOf(settings.getString("format", "both").toUpperCase(Locale.ROOT)), templates,
                settings.getString("from", null), server);
    }

    private static List<String> recipients(JsonObject settings) {
        List<String> given = SettingFields.list(settings, "to", MAX_RECIPIENTS, "addresses");
        Set<String> seen = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String address = address("settings.to[" + i + "]", given.get(i), false);
            if (!seen.add(address.toLowerCase(Locale.ROOT))) {
                throw new InvalidSetting("settings.to", Problem.DUPLICATE, address);
            }
            addresses.add(address);
        }
        return addresses;
    }

    /**
     * An address as RFC 822 writes it, checked strictly; with {@code named}, a display name may come with it
     * ({@code Acme <notify@acme.example>}). Returns it as given, stripped.
     */
    static String address(String field, String text, boolean named) {
        if (text.isEmpty()) {
            throw new InvalidSetting(field, Problem.REQUIRED);
        }
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new InvalidSetting(field, Problem.LINE_BREAK);
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            String spec = parsed.getAddress();
            if (spec == null || spec.indexOf('@') <= 0 || spec.endsWith("@") || spec.contains(" ")
                    || !named && parsed.getPersonal() != null || parsed.isGroup()) {
                throw new AddressException("not one address of the form " + ADDRESS_FORM);
            }
            return named ? text : spec;
        } catch (AddressException e) {
            throw new InvalidSetting(field, Problem.NOT_ADDRESS, named ? "Name <" + ADDRESS_FORM + "> or "
                    + ADDRESS_FORM : ADDRESS_FORM, e.getMessage());
        }
    }

    private static String oneOf(JsonObject settings, String field, List<String> allowed, String fallback) {
        String value = SettingFields.text(settings, field, false);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new InvalidSetting("settings." + field, Problem.ONE_OF, String.join(", ", allowed), value);
        }
        return lower;
    }

    private static int port(JsonValue value, SmtpServerSettings.Security security) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return security.defaultPort();
        }
        int port;
        if (value instanceof JsonNumber number && number.isIntegral()) {
            port = number.intValue();
        } else if (value instanceof JsonString text && text.getString().strip().matches("[0-9]{1,5}")) {
            port = Integer.parseInt(text.getString().strip());
        } else {
            throw new InvalidSetting("settings.smtp_port", Problem.ONE_OF, "1 to 65535", value.toString());
        }
        if (port < 1 || port > 65535) {
            throw new InvalidSetting("settings.smtp_port", Problem.ONE_OF, "1 to 65535", String.valueOf(port));
        }
        return port;
    }

    private static JsonObject templates(JsonObject settings) {
        JsonObjectBuilder kept = Json.createObjectBuilder();
        for (Map.Entry<String, JsonObject> entry : SettingFields.byEvent(settings, "templates", MAX_TEMPLATES)
                .entrySet()) {
            String field = "settings.templates." + entry.getKey();
            JsonObject template = entry.getValue();
            for (String part : template.keySet()) {
                if (!List.of("subject", "text", "html").contains(part)) {
                    throw new InvalidSetting(field + "." + part, Problem.UNKNOWN_FIELD, "subject, text, html");
                }
            }
            String subject = SettingFields.text(template, "subject", true);
            if (subject.length() > MAX_SUBJECT) {
                throw new InvalidSetting(field + ".subject", Problem.TOO_LONG, MAX_SUBJECT + " characters");
            }
            JsonObjectBuilder parts = Json.createObjectBuilder().add("subject", subject);
            boolean body = false;
            for (String part : List.of("text", "html")) {
                JsonValue text = template.get(part);
                if (text == null || text.getValueType() == JsonValue.ValueType.NULL) {
                    continue;
                }
                if (!(text instanceof JsonString string)) {
                    throw new InvalidSetting(field + "." + part, Problem.NOT_TEXT);
                }
                if (string.getString().length() > MAX_BODY) {
                    throw new InvalidSetting(field + "." + part, Problem.TOO_LONG, MAX_BODY + " characters");
                }
                if (!string.getString().isBlank()) {
                    parts.add(part, string.getString());
                    body = true;
                }
            }
            if (!body) {
                throw new InvalidSetting(field + ".text", Problem.REQUIRED);
            }
            JsonObject checked = parts.build();
            template(field, checked);
            kept.add(entry.getKey(), checked);
        }
        return kept.build();
    }

    private static Template template(String field, JsonObject template) {
        return new Template(KeyTemplate.parse(field + ".subject", template.getString("subject")),
                template.containsKey("text") ? KeyTemplate.parse(field + ".text", template.getString("text")) : null,
                template.containsKey("html") ? KeyTemplate.parse(field + ".html", template.getString("html")) : null);
    }
}
