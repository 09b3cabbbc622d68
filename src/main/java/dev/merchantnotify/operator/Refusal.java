package dev.merchantnotify.operator;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * An operator's request that cannot be done: the reason (a message key in {@code refusals*.properties}, English and
 * Chinese) and the values its message names, already fit to show ({@link dev.merchantnotify.platform.ClientText#quote}
 * for what a client typed). Not HTTP: the admin API answers it in its 4xx envelope with the English text, the console
 * shows it in the operator's language. Thrown before anything is written.
 */
public class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String BUNDLE = "dev.merchantnotify.operator.refusals";
    private static final ResourceBundle.Control BASE_IS_ENGLISH =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    /** Why a request is refused. {@code missing}: what it names does not exist (the API's 404), else it is wrong (400). */
    public enum Reason {
        UNKNOWN_NOTIFICATION("refusal.notification.unknown", true),
        UNKNOWN_ORDER("refusal.order.unknown", true),
        UNKNOWN_ORDER_EVENT("refusal.order-event.unknown", true),
        UNKNOWN_MERCHANT("refusal.merchant.unknown", true),
        UNKNOWN_MERCHANT_KEY("refusal.merchant-key.unknown", true),
        NO_SIGNING_SECRET("refusal.merchant.no-secret", true),
        ALREADY_PAUSED("refusal.merchant.already-paused", false),
        NOT_PAUSED("refusal.merchant.not-paused", false),
        RECOVER_STATUS("refusal.recover.status", false),
        EMPTY_RANGE("refusal.range.empty", false),
        UNKNOWN_ACCOUNT("refusal.account.unknown", true),
        UNKNOWN_DESTINATION("refusal.destination.unknown", true),
        UNKNOWN_ROUTE("refusal.route.unknown", true),
        ACCOUNT_EXISTS("refusal.account.exists", false),
        DESTINATION_EXISTS("refusal.destination.exists", false),
        ROUTE_EXISTS("refusal.route.exists", false),
        DESTINATION_IN_USE("refusal.destination.in-use", false),
        DESTINATION_TYPE_FIXED("refusal.destination.type-fixed", false),
        ROUTE_SINGLE("refusal.route.single", false),
        ROUTE_EMPTY("refusal.route.empty", false),
        ROUTE_DUPLICATE_MEMBER("refusal.route.duplicate-member", false),
        ROUTE_ROLE("refusal.route.role", false),
        ROUTE_NO_REQUIRED("refusal.route.no-required", false),
        ROUTE_STICKY("refusal.route.sticky", false),
        FIELD_REQUIRED("refusal.field.required", false),
        FIELD_NOT_TEXT("refusal.field.not-text", false),
        FIELD_NOT_OBJECT("refusal.field.not-object", false),
        FIELD_TOO_LONG("refusal.field.too-long", false),
        FIELD_ONE_OF("refusal.field.one-of", false),
        FIELD_RANGE("refusal.field.range", false),
        FIELD_CHARACTERS("refusal.field.characters", false),
        FIELD_EVENT_PATTERN("refusal.field.event-pattern", false),
        FIELD_NOT_URL("refusal.field.not-url", false),
        FIELD_BLOCKED("refusal.field.blocked", false),
        FIELD_HEADER_NAME("refusal.field.header-name", false),
        FIELD_HEADER_RESERVED("refusal.field.header-reserved", false),
        FIELD_DUPLICATE("refusal.field.duplicate", false),
        FIELD_LINE_BREAK("refusal.field.line-break", false),
        FIELD_UNKNOWN_FIELD("refusal.field.unknown", false),
        FIELD_NOT_ADDRESS("refusal.field.not-address", false),
        FIELD_TEMPLATE("refusal.field.template", false),
        FIELD_NAME_RULE("refusal.field.name-rule", false),
        ANALYSIS_MINUTES("refusal.analysis.minutes", false),
        ANALYSIS_BUCKETS("refusal.analysis.buckets", false),
        FORECAST_NO_HISTORY("refusal.forecast.no-history", true),
        FORECAST_NO_MERCHANT_HISTORY("refusal.forecast.no-merchant-history", true);

        private final String key;
        private final boolean missing;

        Reason(String key, boolean missing) {
            this.key = key;
            this.missing = missing;
        }

        public String key() {
            return key;
        }

        public boolean missing() {
            return missing;
        }
    }

    private final Reason reason;
    private final String[] arguments;

    public Refusal(Reason reason, String... arguments) {
        super(reason.key(), null, false, false);
        this.reason = reason;
        this.arguments = arguments.clone();
    }

    public Reason reason() {
        return reason;
    }

    /** The message in {@code locale}'s language; English where there is no translation. */
    public String text(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale, BASE_IS_ENGLISH);
        return new MessageFormat(bundle.getString(reason.key()), bundle.getLocale()).format(arguments);
    }

    /** The English message (the admin API's {@code msg}, logs). */
    @Override
    public String getMessage() {
        return text(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Refusal " + reason + Arrays.toString(arguments) + ": " + getMessage();
    }
}
