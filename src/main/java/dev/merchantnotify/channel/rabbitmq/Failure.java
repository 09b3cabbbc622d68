package dev.merchantnotify.channel.rabbitmq;

import dev.merchantnotify.channel.FailureKind;

/** Why a publish could not be made or confirmed: a failure kind and a sentence for the log. */
final class Failure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient FailureKind kind;

    Failure(FailureKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    FailureKind kind() {
        return kind;
    }
}
