package it.dev.merchantnotify.channel;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What the broker tests do where their broker is missing: a developer's {@code ./mvnw verify} reports them skipped with
 * one line saying why and how to get one; with {@code -Dit.brokers.required=true} (CI) a missing broker is a failure.
 */
final class Brokers {

    static final String REQUIRED = "it.brokers.required";

    private Brokers() {
    }

    static void missing(String broker, String why) {
        String line = broker + " tests SKIPPED: " + why;
        if (Boolean.getBoolean(REQUIRED)) {
            Assertions.fail(line + " (" + REQUIRED + "=true: a missing broker is a failure)");
        }
        System.out.println(line);
        Assumptions.abort(line);
    }
}
