package dev.merchantnotify.channel;

import java.util.Arrays;

/**
 * A destination's setting that its channel refuses, naming the field ({@code settings.url}) and the problem; the
 * operator package turns it into a refusal in the operator's language. Thrown before anything is written.
 */
public class InvalidSetting extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the field; the arguments each problem's message names follow the field. */
    public enum Problem {
        /** Missing or blank. */
        REQUIRED,
        /** Not a string. */
        NOT_TEXT,
        /** Not a JSON object. */
        NOT_OBJECT,
        /** Longer than allowed: (maximum). */
        TOO_LONG,
        /** Not one of the allowed values: (allowed, given). */
        ONE_OF,
        /** Not a URL this channel can use: (why). */
        NOT_URL,
        /** A host deliveries may not go to: (why). */
        BLOCKED,
        /** Not an HTTP header name: (given). */
        HEADER_NAME,
        /** A header the delivery contract sets: (given). */
        HEADER_RESERVED,
        /** Given twice: (given). */
        DUPLICATE,
        /** A line break or NUL in a value. */
        LINE_BREAK,
        /** A field this type does not have: (the fields it has). */
        UNKNOWN_FIELD,
        /** Not a broker address this channel can use: (the form it takes, why). */
        NOT_ADDRESS,
        /** A key template with something it cannot read: (what, the placeholders it knows). */
        TEMPLATE,
        /** Not a name the far side allows: (the rule, given). */
        NAME_RULE
    }

    private final String field;
    private final Problem problem;
    private final String[] arguments;

    public InvalidSetting(String field, Problem problem, String... arguments) {
        super(field + ": " + problem + " " + Arrays.toString(arguments), null, false, false);
        this.field = field;
        this.problem = problem;
        this.arguments = arguments.clone();
    }

    public String field() {
        return field;
    }

    public Problem problem() {
        return problem;
    }

    public String[] arguments() {
        return arguments.clone();
    }
}
