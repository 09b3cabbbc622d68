package dev.merchantnotify.deliverylog;

/** The delivery log could not be read or written; the cause is the database's error. */
public class DeliveryLogException extends RuntimeException {

    public DeliveryLogException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
