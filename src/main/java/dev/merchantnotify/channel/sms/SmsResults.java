package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * A provider's results per number, as one attempt's outcome: every number accepted, delivered (the references joined
 * are the provider reference); a number refused for a reason that passes ({@code throttled}, {@code network}…) makes
 * the attempt fail with it and be retried (numbers that took it may get it again); otherwise the accepted ones make it
 * delivered, the refused ones named in its answer, and when nobody took it, it fails with the first refusal's kind.
 */
final class SmsResults {

    private SmsResults() {
    }

    static ChannelOutcome outcome(List<NumberResult> results, Instant startedAt, long durationMs) {
        List<NumberResult> accepted = results.stream().filter(NumberResult::isAccepted).toList();
        List<NumberResult> refused = results.stream().filter(r -> !r.isAccepted()).toList();
        String answer = answer(accepted, refused);
        if (refused.isEmpty()) {
            return ChannelOutcome.delivered(startedAt, durationMs).answered(null, answer)
                    .providerRef(references(accepted));
        }
        NumberResult passing = refused.stream().filter(r -> r.failure().retried()
                && r.failure() != FailureKind.REJECTED).findFirst().orElse(null);
        if (passing != null) {
            return ChannelOutcome.failed(startedAt, durationMs, passing.failure(), passing.message()
                    + (refused.size() > 1 || !accepted.isEmpty() ? " (" + answer + ")" : "")
                    + (accepted.isEmpty() ? "" : "; numbers that took it may get it again")).answered(null, answer);
        }
        if (accepted.isEmpty()) {
            NumberResult first = refused.get(0);
            return ChannelOutcome.failed(startedAt, durationMs, first.failure(), first.message()
                    + (refused.size() > 1 ? " (" + answer + ")" : "")).answered(null, answer);
        }
        return ChannelOutcome.delivered(startedAt, durationMs).answered(null, answer)
                .providerRef(references(accepted));
    }

    /** The numbers' fate for the log: {@code accepted +86… (ref, code); refused +86… (code)}. */
    static String answer(List<NumberResult> accepted, List<NumberResult> refused) {
        StringBuilder text = new StringBuilder();
        if (!accepted.isEmpty()) {
            text.append("accepted ").append(String.join(", ", accepted.stream()
                    .map(r -> r.number() + " (" + (r.ref() == null ? "" : r.ref() + ", ") + r.code() + ")").toList()));
        }
        if (!refused.isEmpty()) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("refused ").append(String.join(", ", refused.stream()
                    .map(r -> r.number() + " (" + r.code() + ")").toList()));
        }
        return text.toString();
    }

    private static String references(List<NumberResult> accepted) {
        return String.join(",", accepted.stream().map(NumberResult::ref).filter(java.util.Objects::nonNull)
                .distinct().toList());
    }

    /** The same failure for every number: the request got no answer. */
    static List<NumberResult> noAnswer(List<String> to, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        FailureKind kind = cause instanceof ProviderHttp.NoAnswer none ? none.kind : FailureKind.NETWORK;
        String message = cause instanceof ProviderHttp.NoAnswer ? cause.getMessage()
                : "the request failed: " + ChannelOutcome.quote(cause);
        return to.stream().map(number -> NumberResult.refused(number, kind, kind.apiName(), message)).toList();
    }

    /** The same failure for every number: an answer that is not the provider's documented shape. */
    static List<NumberResult> unreadable(List<String> to, ProviderHttp.Answer answer, String provider) {
        String message = provider + " answered HTTP " + answer.status() + " with something that is not its API's "
                + "JSON: " + ChannelOutcome.quote(answer.body().strip());
        FailureKind kind = answer.status() == 401 || answer.status() == 403 ? FailureKind.AUTH
                : answer.status() == 429 ? FailureKind.THROTTLED : FailureKind.NETWORK;
        return to.stream().map(number -> NumberResult.refused(number, kind, "HTTP " + answer.status(), message))
                .toList();
    }
}
