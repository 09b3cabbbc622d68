package dev.merchantnotify.alerting;

/** Where alerts are sent. One implementation is active; {@link Alerts} stores every alert whatever it answers. */
public interface AlertChannel {

    /** What became of one alert. */
    record Outcome(boolean sent, String chats, String error) {
    }

    /** Sends the text; never throws: a failure is an outcome that says why. */
    Outcome send(AlertLevel level, String text);
}
