package dev.merchantnotify.alerting;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The fallback of {@link TelegramBot#send}: the message was not sent, and this says why in words an operator can act
 * on. The bot token never appears in it.
 */
@Dependent
public class NotSent implements FallbackHandler<TelegramBot.Delivery> {

    /** The longest reason kept. */
    private static final int MAX_REASON = 300;

    @Inject
    AlertSettings settings;

    @Override
    public TelegramBot.Delivery handle(ExecutionContext context) {
        String chat = (String) context.getParameters()[0];
        return new TelegramBot.Delivery(chat, false, reason(context.getFailure()));
    }

    String reason(Throwable failure) {
        String reason;
        if (failure instanceof CircuitBreakerOpenException) {
            reason = "not tried: Telegram failed repeatedly, sending is paused for a while (circuit breaker open)";
        } else if (failure instanceof TimeoutException) {
            reason = "Telegram did not answer in time";
        } else if (failure instanceof TelegramException) {
            reason = failure.getMessage();
        } else if (failure instanceof ProcessingException) {
            reason = describe(failure.getCause() == null ? failure : failure.getCause());
        } else {
            reason = describe(failure);
        }
        String token = settings.botToken();
        if (!token.isEmpty()) {
            reason = reason.replace(token, "<bot-token>");
        }
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }

    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return "Telegram did not answer in time (" + cause.getMessage() + ")";
            }
            if (cause instanceof ConnectException) {
                return "could not connect to Telegram (" + cause.getMessage() + ")";
            }
            if (cause instanceof UnknownHostException) {
                return "could not resolve Telegram's host (" + cause.getMessage() + ")";
            }
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
