package dev.merchantnotify.alerting;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Sends one text to one Telegram chat, guarded by MicroProfile Fault Tolerance: each try is bounded by the client's
 * connect and read timeouts and by {@code @Timeout}; a Telegram that is unreachable, slow or answering 429/5xx is tried
 * three times in all; after four failures in a row a circuit breaker stops trying for a minute; and whatever happens the
 * fallback ({@link NotSent}) answers why the message was not sent, so the alert is stored as not sent. A message
 * Telegram rejects (a wrong token, an unknown chat) is not retried.
 */
@ApplicationScoped
public class TelegramBot {

    /** What became of one message to one chat. */
    public record Delivery(String chat, boolean sent, String error) {
    }

    @Inject
    AlertSettings settings;

    private TelegramBotApi api;

    @PostConstruct
    void build() {
        api = RestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(TelegramBotApi.class);
    }

    @PreDestroy
    void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing at shutdown: nothing left to do
            }
        }
    }

    /**
     * Sends {@code text} to the chat.
     *
     * @param chat   the chat's name in the history ({@code admin} or {@code monitor})
     * @param chatId its Telegram id
     */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 1000, jitter = 200, retryOn = {TelegramException.Unavailable.class,
            ProcessingException.class, TimeoutException.class}, abortOn = TelegramException.Rejected.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 60_000,
            skipOn = TelegramException.Rejected.class)
    @Fallback(NotSent.class)
    public Delivery send(String chat, String chatId, String text) {
        api.sendMessage(settings.botToken(), Json.createObjectBuilder().add("chat_id", chatId).add("text", text).build());
        return new Delivery(chat, true, null);
    }
}
